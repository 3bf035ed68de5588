package pdf_test

import (
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"outsec/templates/render"
)

// TestVerificationBlock: a signed document's PDF ends with the verification
// block — the signer, the verification code — and its QR code, read back
// from a rendering of the page, holds the text it was given.
func TestVerificationBlock(t *testing.T) {
	needPoppler(t)
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm not installed (poppler-utils)")
	}
	qr := "outsec-verify:2026-001-RA-01:sha256:0f3c9a1b6d2e4f5a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c"
	d := &render.Document{Lang: "zh-CN", Title: "风险评估报告", Number: "2026-001-RA-01", Version: "1.0", Date: "2026-03-01",
		Source: []byte("# 风险评估报告\n\n评估结论：可以外包。\n"),
		Verification: &render.Verification{
			Heading: "电子签名验证",
			Lines: []render.Line{{Label: "签署人", Value: "张三 (科长)"}, {Label: "单位", Value: "信息中心"},
				{Label: "Ed25519 公钥指纹", Value: "SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"}},
			CodeLabel: "验证码", Code: "3F2A-9C01-B7E4-55D0", QR: qr,
			Note: "核对方法：运行 outsec verify 2026-001-RA-01.pdf，显示的验证码应与此处一致。",
		}}
	p := realPDF(t, "verification", d)
	text := flatText(t, p)
	for _, want := range []string{"电子签名验证", "张三(科长)", "信息中心", "3F2A-9C01-B7E4-55D0", "outsecverify2026-001-RA-01.pdf"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
	dir := t.TempDir()
	if out, err := exec.Command("pdftoppm", "-r", "150", "-png", "-l", "1", p, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	if len(matches) != 1 {
		t.Fatalf("pages: %v", matches)
	}
	f, err := os.Open(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("no QR code found on the page: %v", err)
	}
	if res.GetText() != qr {
		t.Fatalf("QR code holds %q, want %q", res.GetText(), qr)
	}
}
