package docs

import (
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/exporter"
	"outsec/model"
	"outsec/signing"
	"outsec/store"
	"outsec/templates"
	"outsec/tui/ui"
)

// The export dialog: the formats and the folder (remembered in the setting
// documents.export.dir), and — when the operator has a signing key in force
// — whether to sign, with the key's passphrase; then one command per step:
// unlock the key (a wrong passphrase returns to the form, nothing written),
// fill the document from the store and prepare the export (package
// exporter, the one pipeline the command line uses too), render each format
// (a message per finished file moves the progress bar), and write: every
// file whole or none, the signature's files beside them, and the export
// recorded with each file's size and SHA-256 and its signature in the audit
// trail.

// docExport is an export under way.
type docExport struct {
	serial      int
	kind        templates.Kind
	dir         string
	formats     []templates.Format
	signer      *signing.Signer // nil: unsigned
	job         *exporter.Job
	sizes       []int // of the formats rendered
	unlocking   bool
	done, total int
}

type (
	docDirMsg struct {
		engID  int64
		serial int
		dir    string
		key    *store.SigningKey
	}
	// docUnlockedMsg is the signing key opened with the passphrase, or why
	// not; nothing has been written either way.
	docUnlockedMsg struct {
		engID  int64
		serial int
		signer *signing.Signer
		err    error
	}
	docPreparedMsg struct {
		engID  int64
		serial int
		job    *exporter.Job
	}
	docRenderedMsg struct {
		engID  int64
		serial int
		i      int
		data   []byte
	}
	docWrittenMsg struct {
		engID  int64
		serial int
		rec    store.ExportRecord
		recErr error // the files are written but the record failed
	}
	// docFailedMsg ends an export that wrote nothing.
	docFailedMsg struct {
		engID  int64
		serial int
		lines  []string
		final  bool
	}
)

func (m docDirMsg) docEngagement() int64      { return m.engID }
func (m docUnlockedMsg) docEngagement() int64 { return m.engID }
func (m docPreparedMsg) docEngagement() int64 { return m.engID }
func (m docRenderedMsg) docEngagement() int64 { return m.engID }
func (m docWrittenMsg) docEngagement() int64  { return m.engID }
func (m docFailedMsg) docEngagement() int64   { return m.engID }

func (m docDirMsg) Recipient() ui.PageKey      { return ui.KindDocs.Key(m.engID) }
func (m docUnlockedMsg) Recipient() ui.PageKey { return ui.KindDocs.Key(m.engID) }
func (m docPreparedMsg) Recipient() ui.PageKey { return ui.KindDocs.Key(m.engID) }
func (m docRenderedMsg) Recipient() ui.PageKey { return ui.KindDocs.Key(m.engID) }
func (m docWrittenMsg) Recipient() ui.PageKey  { return ui.KindDocs.Key(m.engID) }
func (m docFailedMsg) Recipient() ui.PageKey   { return ui.KindDocs.Key(m.engID) }

// An export is counted as a write from its folder's look-up to its last
// result: written, or failed with nothing written.
func (docWrittenMsg) EndsWrite() bool  { return true }
func (m docFailedMsg) EndsWrite() bool { return m.final }

// startExportDialog asks the store for the folder used last and the
// operator's signing key, then opens the form.
func (d *docScreen) startExportDialog() tea.Cmd {
	d.serial++
	st, ctx, engID, serial, opID, code := d.sh.Store, d.sh.Ctx, d.eng.ID, d.serial, d.sh.Operator.ID, d.eng.Code
	return func() tea.Msg {
		dir, key := ui.ExportStartFor(ctx, st, opID, engID, code) // asked here, not in Update
		return docDirMsg{engID: engID, serial: serial, dir: dir, key: key}
	}
}

func (d *docScreen) openForm(dir string, k *store.SigningKey) tea.Cmd {
	T := d.sh.T
	var chosen []string
	for _, df := range templates.Formats {
		if df.Document { // the documents; the registers' workbook when asked
			chosen = append(chosen, df.Name)
		}
	}
	d.form = ui.NewExportDialog(d.sh, ui.ExportDialogText{
		Title:       T("tui.doc.export.title", T(d.kind.TitleKey())),
		FormatsHint: T("tui.doc.export.formats_hint"),
		SignTitle:   "tui.sign.export.sign",
		SignDesc:    T("tui.sign.export.sign_desc"),
		PassTitle:   T("tui.sign.keys.pass"),
		PassHint:    T("tui.sign.export.pass_hint"),
	}, templates.Formats, chosen, dir, k)
	d.form.SetSize(d.w, d.h)
	d.mode = docModeForm
	return d.form.Build()
}

// formMsg hands the form a message and reacts to its end.
func (d *docScreen) formMsg(msg tea.Msg) tea.Cmd {
	if d.form == nil {
		return nil
	}
	cmd, state := d.form.Update(msg)
	switch state {
	case huh.StateCompleted:
		return tea.Batch(cmd, d.beginExport())
	case huh.StateAborted:
		d.form = nil
		d.mode = docModePreview
		d.setStatus(d.sh.T("tui.doc.export.cancelled"), false)
		return d.showPreview(false)
	}
	return cmd
}

func (d *docScreen) formView() string { return d.form.View() }

func (d *docScreen) setStatus(s string, isErr bool) { d.sh.SetStatusText(s, isErr) }

// beginExport starts the steps of an export with the form's values: the
// key is unlocked first when signing.
func (d *docScreen) beginExport() tea.Cmd {
	f := d.form
	formats := f.Chosen()
	d.serial++
	e := &docExport{serial: d.serial, kind: d.kind, dir: ui.UserPath(f.Dir), formats: formats, total: len(formats), sizes: make([]int, len(formats))}
	d.exp = e
	d.mode = docModeBusy
	f.Errs = nil
	if pass, sign := f.TakePass(); sign {
		e.unlocking = true
		return unlockDocKey(d.sh, d.eng.ID, e.serial, *f.Key, pass)
	}
	d.sh.Writing() // the record, the remembered folder and the files; done() when it ends
	return prepareDoc(d.sh, d.eng.ID, e, d.sh.Tool())
}

// unlockDocKey opens the signing key with the passphrase, then forgets the
// passphrase.
func unlockDocKey(sh *ui.Context, engID int64, serial int, k store.SigningKey, pass []byte) tea.Cmd {
	st, op := sh.Store, sh.Operator
	return func() tea.Msg {
		defer ui.WipeBytes(pass)
		kp, err := signing.NewKeyring(st.Path()).Unlock(k, pass)
		if err != nil {
			return docUnlockedMsg{engID: engID, serial: serial, err: err}
		}
		return docUnlockedMsg{engID: engID, serial: serial, signer: &signing.Signer{Profile: ui.SigningProfile(op), KeyID: k.ID, Keys: kp}}
	}
}

// prepareDoc fills the document from the store as it is now and prepares
// the export (signed when x has a signer).
func prepareDoc(sh *ui.Context, engID int64, x *docExport, tool string) tea.Cmd {
	st, ctx, lang, op, tdir, T := sh.Store, sh.Ctx, string(sh.Catalog.Lang()), sh.Operator, sh.TemplatesDir, sh.Catalog.T
	serial, kind, formats, dir, signer := x.serial, x.kind, x.formats, x.dir, x.signer
	return func() tea.Msg {
		data, err := templates.Load(ctx, st, engID, lang)
		if err != nil {
			return docFailedMsg{engID: engID, serial: serial, lines: sh.Describe(err), final: true}
		}
		code := data.Engagement.Code
		data.Sign.Prepared.Name = op.Name
		// Every export of a document is its next version: its own number
		// and files, never those of an earlier one.
		if err := exporter.NextSeq(ctx, st, data, kind); err != nil {
			return docFailedMsg{engID: engID, serial: serial, lines: sh.Describe(err), final: true}
		}
		doc, err := templates.Fill(kind, data, lang, tdir)
		if err != nil {
			st.AuditFailure(ctx, op, ui.EventDocumentExport, "engagement", code, err)
			return docFailedMsg{engID: engID, serial: serial, lines: ui.DescribeDocError(T, err), final: true}
		}
		job, err := exporter.New(doc, data, kind, formats, dir, signer, tool, st.Now())
		if err != nil {
			st.AuditFailure(ctx, op, ui.EventDocumentExport, "engagement", code, err)
			return docFailedMsg{engID: engID, serial: serial, lines: []string{T("sign.err.locked", err.Error())}, final: true}
		}
		return docPreparedMsg{engID: engID, serial: serial, job: job}
	}
}

// renderDocFile renders one format.
func renderDocFile(engID int64, serial, i int, job *exporter.Job, T func(string, ...any) string) tea.Cmd {
	return func() tea.Msg {
		b, err := job.Render(i)
		if err != nil {
			return docFailedMsg{engID: engID, serial: serial, lines: ui.DescribeExportError(T, err), final: true}
		}
		return docRenderedMsg{engID: engID, serial: serial, i: i, data: b}
	}
}

// writeDocFiles signs (when signed) and writes every file whole — all of
// them or none — then records the export and remembers the folder.
func writeDocFiles(sh *ui.Context, engID int64, x *docExport) tea.Cmd {
	st, ctx, op, T := sh.Store, sh.Ctx, sh.Operator, sh.Catalog.T
	job, serial, dir := x.job, x.serial, x.dir
	return func() tea.Msg {
		rec, err := job.Write(ctx, st, op)
		if rec == nil {
			return docFailedMsg{engID: engID, serial: serial, lines: ui.DescribeExportError(T, err), final: true}
		}
		exporter.RememberDir(ctx, st, engID, dir) // the engagement's folder, the command line's too
		return docWrittenMsg{engID: engID, serial: serial, rec: *rec, recErr: err}
	}
}

// exportResult moves an export on by one step.
func (d *docScreen) exportResult(msg docResult) tea.Cmd {
	T := d.sh.T
	switch msg := msg.(type) {
	case docDirMsg:
		if msg.serial != d.serial {
			return nil
		}
		return d.openForm(msg.dir, msg.key)
	case docUnlockedMsg:
		x := d.exp
		if x == nil || x.serial != msg.serial {
			ui.WipeSigner(msg.signer)
			return nil
		}
		x.unlocking = false
		if msg.err != nil && d.form == nil {
			d.exp = nil
			d.mode = docModeList
			d.setStatus(ui.DescribeKeyError(d.sh, msg.err)[0], true)
			return nil
		}
		if msg.err != nil {
			// Back to the form, with why; nothing was written.
			d.exp = nil
			d.mode = docModeForm
			d.form.Errs = ui.DescribeKeyError(d.sh, msg.err)
			d.setStatus(d.form.Errs[0], true)
			return d.form.ToPassphrase(d.form.Build())
		}
		x.signer = msg.signer
		d.sh.Writing() // the record, the remembered folder and the files; done() when it ends
		return prepareDoc(d.sh, d.eng.ID, x, d.sh.Tool())
	case docPreparedMsg:
		x := d.exp
		if x == nil || x.serial != msg.serial {
			return nil
		}
		x.job = msg.job
		if len(x.formats) == 0 {
			return writeDocFiles(d.sh, d.eng.ID, x)
		}
		return renderDocFile(d.eng.ID, x.serial, 0, x.job, T)
	case docRenderedMsg:
		x := d.exp
		if x == nil || x.serial != msg.serial {
			return nil
		}
		x.job.SetRendered(msg.i, msg.data)
		x.sizes[msg.i] = len(msg.data)
		x.done = msg.i + 1
		d.setStatus(T("tui.doc.export.rendered", x.formats[msg.i].Label, x.done, x.total), false)
		if x.done < x.total {
			return renderDocFile(d.eng.ID, x.serial, x.done, x.job, T)
		}
		return writeDocFiles(d.sh, d.eng.ID, x)
	case docFailedMsg:
		if d.exp == nil || d.exp.serial != msg.serial {
			return nil
		}
		ui.WipeSigner(d.exp.signer)
		d.exp = nil
		d.result = append([]string{T("tui.doc.export.failed")}, msg.lines...)
		d.result = append(d.result, T("tui.doc.export.nothing_written"))
		d.resultErr = true
		d.mode = docModeResult
		d.layoutResult()
		d.resVP.GotoTop()
		d.setStatus(msg.lines[0], true)
	case docWrittenMsg:
		if d.exp == nil || d.exp.serial != msg.serial {
			return nil
		}
		ui.WipeSigner(d.exp.signer)
		d.exp = nil
		d.resultRec = msg.rec
		d.resultErr = false
		d.result = nil
		d.mode = docModeResult
		d.layoutResult()
		d.resVP.GotoTop()
		if msg.recErr != nil {
			lines := d.sh.Describe(msg.recErr)
			d.setStatus(T("tui.doc.err.record", lines[0]), true)
		} else {
			d.setStatus(T("tui.doc.export.done", msg.rec.Number, len(msg.rec.Files)), false)
		}
		d.exportsLoaded = false
		// The lifecycle panel lists the documents exported, signed or not.
		return loadDocExportsCmd(d.sh, d.eng)
	}
	return nil
}

// layoutResult puts the result panel in its viewport: each file with its
// size and full SHA-256, or why nothing was written.
func (d *docScreen) layoutResult() {
	if d.mode != docModeResult {
		return
	}
	T, s := d.sh.T, d.sh.Styles
	var lines []string
	if d.resultErr {
		lines = ui.FailureLines(s, d.result, d.w)
	} else {
		rec := d.resultRec
		lines = append(lines, s.Success.Render(ui.Clip(" "+T("tui.doc.export.written", rec.Number, len(rec.Files)), d.w)))
		lines = append(lines, ui.WrapStyled(s.Bold, ui.SignatureLine(T, rec.Signature), d.w, " ", "   ")...)
		lines = append(lines, "")
		lines = append(lines, ui.FileLines(T, s, rec.Files, d.w)...)
		lines = append(lines, "", ui.Clip(" "+T("tui.doc.export.recorded"), d.w))
	}
	d.resVP.SetContentLines(lines)
}

// the Exports tab --------------------------------------------------------

func loadDocExportsCmd(sh *ui.Context, e model.Engagement) tea.Cmd {
	st, ctx := sh.Store, sh.Ctx
	return func() tea.Msg {
		recs, err := loadDocExports(ctx, st, e.ID)
		return docExportsMsg{engID: e.ID, recs: recs, err: err}
	}
}

// layoutExports puts the engagement's exports in their viewport, newest first.
func (d *docScreen) layoutExports() {
	T, s := d.sh.T, d.sh.Styles
	var lines []string
	switch {
	case d.exportsErr != nil:
		for _, l := range d.exportsErr {
			lines = append(lines, s.Error.Render(ui.Clip(" ! "+l, d.w)))
		}
	case !d.exportsLoaded:
		lines = append(lines, s.Dim.Render(" "+T("tui.doc.loading")))
	case len(d.exports) == 0:
		lines = append(lines, ui.Wrap(T("tui.doc.exports.none"), d.w, " ", " ")...)
	default:
		// The versions of each document (its exports, one number each) and
		// the latest signed one, which a later unsigned export leaves in force.
		versions, lastSigned := map[string]int{}, map[string]int64{}
		for _, r := range d.exports { // newest first
			versions[r.Kind]++
			if _, ok := lastSigned[r.Kind]; !ok && r.Signature != nil {
				lastSigned[r.Kind] = r.ID
			}
		}
		seen := map[string]int{}
		for i, r := range d.exports {
			if i > 0 {
				lines = append(lines, "")
			}
			seen[r.Kind]++
			version := T("tui.doc.exports.version", versions[r.Kind]-seen[r.Kind]+1, versions[r.Kind])
			if lastSigned[r.Kind] == r.ID {
				version += "  " + s.Success.Render(T("tui.doc.exports.latest_signed"))
			}
			title := r.Title
			if title == "" {
				if k, ok := templates.ParseKind(r.Kind); ok {
					title = T(k.TitleKey())
				}
			}
			head := " " + r.At.Local().Format("2006-01-02 15:04") + "  " + r.Number + "  " + title
			lines = append(lines, s.Bold.Render(ui.Clip(head, d.w)))
			lines = append(lines, ui.Clip("   "+version, d.w))
			lines = append(lines, ui.Clip("   "+T("tui.doc.exports.operator", ui.OneLine(r.Operator), len(r.Files)), d.w))
			lines = append(lines, ui.Wrap(ui.SignatureLine(T, r.Signature), d.w, "   ", "     ")...)
			lines = append(lines, ui.FileLines(T, s, r.Files, d.w)...)
		}
	}
	d.exVP.SetContentLines(lines)
}

func (d *docScreen) exportsView() string {
	return d.exVP.View()
}
