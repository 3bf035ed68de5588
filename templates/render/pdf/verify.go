package pdf

import (
	"fmt"

	"github.com/boombuler/barcode/qr"

	"outsec/templates/render"
)

// Verification block geometry, in millimetres.
const (
	qrSize     = 32.0 // the QR code's side, quiet zone included
	qrQuiet    = 4    // modules of quiet zone around the code
	verifyPad  = 4.0
	verifyLine = 5.2
)

// verification prints the signature's verification block after the text:
// a framed box with the heading, the labelled lines and the verification
// code on the left, the QR code on the right. It is kept on one page.
func (r *renderer) verification(v *render.Verification) error {
	code, err := qr.Encode(v.QR, qr.M, qr.Auto)
	if err != nil {
		return fmt.Errorf("pdf: QR code: %w", err)
	}
	n := code.Bounds().Dx()
	f := r.f
	textW := contentW - qrSize - 3*verifyPad
	rows := 0
	for _, l := range v.Lines {
		rows += len(r.splitRunes(l.Label+"  "+l.Value, textW, 8.5))
	}
	noteRows := len(r.splitRunes(v.Note, contentW-2*verifyPad, 8))
	h := verifyPad + 7 + float64(rows)*4.4 + 10 + verifyPad
	if h < qrSize+2*verifyPad {
		h = qrSize + 2*verifyPad
	}
	h += float64(noteRows) * 4
	r.space(6)
	r.need(h + 2)
	x0, y0 := marginL, r.y
	f.SetTextRenderingMode(0)
	f.SetDrawColor(60, 60, 60)
	f.SetLineWidth(0.3)
	f.Rect(x0, y0, contentW, h, "D")

	y := y0 + verifyPad + 4
	f.SetTextColor(0, 0, 0)
	f.SetFont(fontFamily, "", 11)
	r.text(x0+verifyPad, y, v.Heading)
	y += 3
	f.SetFont(fontFamily, "", 8.5)
	for _, l := range v.Lines {
		for _, part := range r.splitRunes(l.Label+"  "+l.Value, textW, 8.5) {
			y += 4.4
			r.text(x0+verifyPad, y, part)
		}
	}
	y += 7
	f.SetFont(fontFamily, "", 9)
	lw := f.GetStringWidth(v.CodeLabel)
	r.text(x0+verifyPad, y, v.CodeLabel)
	f.SetFont(fontFamily, "", 14)
	r.text(x0+verifyPad+lw+2, y+0.5, v.Code)

	// The QR code, drawn as filled modules (vector: sharp at any zoom and
	// in print), with its quiet zone inside the box.
	m := qrSize / float64(n+2*qrQuiet)
	qx, qy := x0+contentW-verifyPad-qrSize, y0+verifyPad
	f.SetFillColor(0, 0, 0)
	for j := 0; j < n; j++ {
		for i := 0; i < n; {
			if !dark(code.At(i, j)) {
				i++
				continue
			}
			k := i
			for k < n && dark(code.At(k, j)) {
				k++
			}
			f.Rect(qx+float64(qrQuiet+i)*m, qy+float64(qrQuiet+j)*m, float64(k-i)*m, m, "F")
			i = k
		}
	}

	f.SetFont(fontFamily, "", 8)
	f.SetTextColor(70, 70, 70)
	ny := y0 + h - float64(noteRows)*4 - verifyPad + 3
	for _, part := range r.splitRunes(v.Note, contentW-2*verifyPad, 8) {
		r.text(x0+verifyPad, ny, part)
		ny += 4
	}
	f.SetTextColor(0, 0, 0)
	f.SetFont(fontFamily, "", bodySize)
	r.y = y0 + h
	return nil
}

func dark(c interface{ RGBA() (r, g, b, a uint32) }) bool {
	red, _, _, _ := c.RGBA()
	return red < 0x8000
}
