package ui

import (
	"context"
	"errors"
	"path/filepath"
	"strings"

	"outsec/exporter"
	"outsec/model"
	"outsec/model/sign"
	"outsec/signing"
	"outsec/store"
	"outsec/templates"
)

// The pieces of an export that the documents page and the NDA batch share:
// the remembered folder, the signer's profile and the wiping of its key, the
// signature line of a result, and every error of an export in the user's
// language. Written once; both pages use them.

// SigningProfile is the operator as a signer.
func SigningProfile(op store.Operator) signing.Profile {
	return signing.Profile{OperatorID: op.ID, Name: op.Name, Role: op.Role, Unit: op.Unit}
}

// DescribeKeyError is a failure of a key, a key file or a passphrase in the
// user's language.
func DescribeKeyError(sh *Context, err error) []string {
	T := sh.T
	var se *store.Error
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sign.ErrWrongPassphrase):
		return []string{T("keys.err.wrong")}
	case errors.Is(err, sign.ErrEmptyPassphrase):
		return []string{T("keys.err.empty")}
	case errors.Is(err, signing.ErrShortPassphrase):
		return []string{T("keys.err.short", signing.MinPassphrase)}
	case errors.Is(err, signing.ErrBlankPassphrase):
		return []string{T("keys.err.blank")}
	case errors.Is(err, signing.ErrPassphraseMatch):
		return []string{T("keys.err.mismatch")}
	case errors.Is(err, signing.ErrNoKeyFiles):
		return []string{T("keys.err.no_files", err.Error())}
	case errors.Is(err, signing.ErrIncompletePublic):
		return []string{T("keys.err.incomplete")}
	case errors.Is(err, sign.ErrBadKey):
		return []string{T("keys.err.bad_key", err.Error())}
	case errors.Is(err, store.ErrKeyInForce):
		return []string{T("keys.err.in_force")}
	case errors.Is(err, store.ErrKeyExists):
		return []string{T("keys.err.exists")}
	case errors.Is(err, store.ErrKeyRevoked):
		return []string{T("keys.err.revoked")}
	case errors.As(err, &se):
		return sh.Describe(err)
	}
	return []string{T("tui.sign.err.file", IOReason(T, err))}
}

// LifecycleDocLines are a step's documents in the lifecycle panel: each
// one's latest export, signed (by whom, when) or not.
func LifecycleDocLines(T func(string, ...any) string, s Styles, docs []model.DocumentFact, w int) []string {
	var out []string
	for _, d := range docs {
		if d.Signed {
			out = append(out, WrapStyled(s.Done, T("lifecycle.doc.signed", d.Number, OneLine(d.Signer), string(d.SignedOn)), w, "     · ", "       ")...)
		} else {
			out = append(out, WrapStyled(s.Dim, T("lifecycle.doc.unsigned", d.Number), w, "     · ", "       ")...)
			if d.LastSigned != "" {
				out = append(out, WrapStyled(s.Done, T("lifecycle.doc.last_signed", d.LastSigned, string(d.LastSignedOn)), w, "       ", "       ")...)
			}
		}
	}
	return out
}

// DescribeDocError is an error of filling or writing a document in the user's
// language: a broken template names its file, line and column.
func DescribeDocError(T func(string, ...any) string, err error) []string {
	var te *templates.TemplateError
	switch {
	case err == nil:
		return nil
	case asTemplateError(err, &te):
		return []string{T("tui.doc.err.template", te.Error())}
	}
	return []string{T("tui.doc.err.fill", strings.TrimSpace(err.Error()))}
}

// ProgressBar draws a bar of w cells filled to pct (0–1).
func ProgressBar(pct float64, w int) string {
	n := min(max(int(pct*float64(w)+0.5), 0), w)
	return strings.Repeat("█", n) + strings.Repeat("░", w-n)
}

const DocExportDirSetting = "documents" + ".export.dir"

// WipeSigner forgets the unlocked private key once the export is over.
func WipeSigner(s *signing.Signer) {
	if s != nil && s.Keys != nil {
		s.Keys.Wipe()
		s.Keys = nil
	}
}

// DescribeExportError is why an export wrote nothing, in the user's language.
func DescribeExportError(T func(string, ...any) string, err error) []string {
	var we *exporter.WriteError
	var re *exporter.RenderError
	switch {
	case errors.As(err, &we) && errors.Is(we.Err, exporter.ErrNotDir):
		return []string{T("tui.doc.err.not_dir", we.Path)}
	case errors.As(err, &we) && errors.Is(we.Err, exporter.ErrExists):
		number, _, _ := strings.Cut(filepath.Base(we.Path), ".")
		return []string{T("export.err.exists", we.Path, exporter.FreeFolder(filepath.Dir(we.Path), number))}
	case errors.As(err, &we):
		return []string{T("tui.doc.err.write", we.Path, IOReason(T, we.Err))}
	case errors.As(err, &re):
		return []string{T("tui.doc.err.render", re.Format, re.Err.Error())}
	case err == nil:
		return []string{T("tui.doc.export.failed")}
	}
	return []string{T("sign.err.locked", err.Error())}
}

// SignatureLine says who signed an export and its verification code, or
// that it is unsigned.
func SignatureLine(T func(string, ...any) string, g *store.ExportSignature) string {
	if g == nil {
		return T("tui.sign.unsigned")
	}
	return T("sign.signed", OneLine(g.Name), g.Code)
}

func asTemplateError(err error, te **templates.TemplateError) bool { return errors.As(err, te) }

// EventDocumentExport is the audit event of a document export, also used
// for the failure record of one that wrote nothing.
const EventDocumentExport = store.EventDocumentExport

// ExportStart is what an export dialog opens with: the folder used last (the
// working folder when none), and the operator's signing key in force (nil:
// the export is unsigned). It reads the store: call it in a command.
func ExportStart(ctx context.Context, st *store.Store, operatorID int64) (dir string, key *store.SigningKey) {
	dir, _ = st.Setting(ctx, DocExportDirSetting) // a preference: none is fine
	if dir == "" {
		dir = exporter.DocumentsDir() // never the folder outsec was started in
	}
	if k, err := st.SignerKey(ctx, operatorID); err == nil {
		key = &k
	}
	return dir, key
}

// ExportStartFor is ExportStart for one engagement's documents: its own
// folder (exporter.Dir), the same the command line uses.
func ExportStartFor(ctx context.Context, st *store.Store, operatorID, engagementID int64, code string) (dir string, key *store.SigningKey) {
	_, key = ExportStart(ctx, st, operatorID)
	return exporter.Dir(ctx, st, engagementID, code), key
}

// FailureLines is why an export wrote nothing, wrapped to w: the first and
// the last line (what failed, what was kept) in bold, the reasons between
// them as errors.
func FailureLines(s Styles, why []string, w int) []string {
	var out []string
	for i, l := range why {
		st := s.Error
		if i == 0 || i == len(why)-1 {
			st = s.Bold
		}
		for _, line := range Wrap(l, w, " ", "   ") {
			out = append(out, st.Render(line))
		}
	}
	return out
}

// FileLines lists the files of an export: the path, then the size and the
// SHA-256 (whole, on a line of its own so that 80 columns show all of it).
func FileLines(T func(string, ...any) string, s Styles, files []store.ExportFile, w int) []string {
	var out []string
	for _, f := range files {
		out = append(out, Wrap(f.Path, w, " • ", "   ")...)
		out = append(out, Clip("   "+T("tui.doc.export.size", FileSize(T, int(f.Size)), f.Size), w))
		out = append(out, Wrap("SHA-256 "+f.SHA256, w, "   ", "   ")...)
	}
	return out
}
