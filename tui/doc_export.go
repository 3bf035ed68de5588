package tui

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/internal/safefile"
	"outsec/model"
	"outsec/store"
	"outsec/templates"
	"outsec/templates/render"
)

// The export dialog: the formats and the folder (remembered in the setting
// documents.export.dir), then one command per step — fill the document from
// the store, render each format (a message per finished file moves the
// progress bar), write every file (each to a temporary file first; renamed
// only when all are written, so a failure leaves nothing) and record the
// export with each file's size and SHA-256 in the audit trail.

const docExportDirSetting = "documents" + ".export.dir"

// docExportForm is the dialog's values; huh writes into them.
type docExportForm struct {
	form    *huh.Form
	formats []string
	dir     string
	errs    []string
}

// docOutFile is one file of an export under way.
type docOutFile struct {
	format templates.Format
	data   []byte
}

// docExport is an export under way.
type docExport struct {
	serial      int
	kind        templates.Kind
	dir         string
	doc         *render.Document
	data        *templates.DocData
	files       []docOutFile
	done, total int
}

type (
	docDirMsg struct {
		engID  int64
		serial int
		dir    string
	}
	docPreparedMsg struct {
		engID  int64
		serial int
		doc    *render.Document
		data   *templates.DocData
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
func (m docPreparedMsg) docEngagement() int64 { return m.engID }
func (m docRenderedMsg) docEngagement() int64 { return m.engID }
func (m docWrittenMsg) docEngagement() int64  { return m.engID }
func (m docFailedMsg) docEngagement() int64   { return m.engID }

func asTemplateError(err error, te **templates.TemplateError) bool { return errors.As(err, te) }

// startExportDialog asks the store for the folder used last, then opens the form.
func (d *docScreen) startExportDialog() tea.Cmd {
	d.serial++
	st, ctx, engID, serial := d.sh.st, d.sh.ctx, d.eng.ID, d.serial
	return func() tea.Msg {
		dir, _ := st.Setting(ctx, docExportDirSetting) // a preference: none is fine
		if dir == "" {
			dir, _ = os.Getwd() // asked here, not in Update
		}
		return docDirMsg{engID: engID, serial: serial, dir: dir}
	}
}

func (d *docScreen) openForm(dir string) tea.Cmd {
	f := &docExportForm{dir: dir}
	for _, df := range templates.Formats {
		if df.Document { // the documents; the registers' workbook when asked
			f.formats = append(f.formats, df.Name)
		}
	}
	d.form = f
	d.mode = docModeForm
	return d.buildForm()
}

func (d *docScreen) buildForm() tea.Cmd {
	T, f := d.sh.T, d.form
	var opts []huh.Option[string]
	chosen := map[string]bool{}
	for _, n := range f.formats {
		chosen[n] = true
	}
	for _, df := range templates.Formats {
		opts = append(opts, huh.NewOption(df.Label+" (."+df.Name+")", df.Name).Selected(chosen[df.Name]))
	}
	formatsT, dirT := T("tui.doc.export.formats"), T("tui.doc.export.dir")
	km := formKeyMap(d.sh.cat)
	km.MultiSelect.Toggle.SetHelp(T("tui.doc.key.toggle"), T("tui.help.toggle"))
	km.MultiSelect.Filter.SetEnabled(false)
	km.MultiSelect.SelectAll.SetEnabled(false)
	km.MultiSelect.SelectNone.SetEnabled(false)
	f.form = huh.NewForm(huh.NewGroup(
		huh.NewMultiSelect[string]().Key("formats").Title(formatsT).Description(T("tui.doc.export.formats_hint")).
			Options(opts...).Value(&f.formats).Filterable(false).Height(len(opts)+2).
			Validate(func(v []string) error {
				if len(v) == 0 {
					return errorf(T("tui.doc.export.no_format"))
				}
				return nil
			}),
		huh.NewInput().Key("dir").Title(dirT).Description(T("tui.doc.export.dir_hint")).
			Value(&f.dir).CharLimit(4096).
			Validate(func(s string) error {
				if strings.TrimSpace(s) == "" {
					return errorf(T("err.field_line", dirT, T("err.required")))
				}
				return nil
			}),
	).Title(T("tui.doc.export.title", T(d.kind.TitleKey())))).
		WithTheme(formTheme(d.sh)).
		WithKeyMap(km).
		WithShowHelp(false).
		WithShowErrors(true)
	d.SetSize(d.w, d.h)
	return f.form.Init()
}

// formMsg hands the form a message and reacts to its end.
func (d *docScreen) formMsg(msg tea.Msg) tea.Cmd {
	f := d.form
	if f == nil || f.form == nil || f.form.State != huh.StateNormal {
		return nil
	}
	m, cmd := f.form.Update(msg)
	if ff, ok := m.(*huh.Form); ok {
		f.form = ff
	}
	switch f.form.State {
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

func (d *docScreen) formView() string {
	s := d.sh.styles
	var lines []string
	for _, e := range d.form.errs {
		lines = append(lines, s.Error.Render(clip(" ! "+e, d.w)))
	}
	if len(lines) > 0 {
		return joinLines(lines) + "\n" + d.form.form.View()
	}
	return d.form.form.View()
}

func (d *docScreen) setStatus(s string, isErr bool) { d.status, d.statusErr = s, isErr }

// beginExport starts the steps of an export with the form's values.
func (d *docScreen) beginExport() tea.Cmd {
	f := d.form
	var formats []templates.Format
	for _, df := range templates.Formats {
		for _, n := range f.formats {
			if n == df.Name {
				formats = append(formats, df)
			}
		}
	}
	d.serial++
	e := &docExport{serial: d.serial, kind: d.kind, dir: ioPath(f.dir), total: len(formats)}
	for _, df := range formats {
		e.files = append(e.files, docOutFile{format: df})
	}
	d.exp = e
	d.mode = docModeBusy
	d.sh.writes++ // the record, the remembered folder and the files; done() when it ends
	return prepareDoc(d.sh, d.eng.ID, e.serial, e.kind)
}

// prepareDoc fills the document from the store as it is now.
func prepareDoc(sh *shared, engID int64, serial int, kind templates.Kind) tea.Cmd {
	st, ctx, lang, op, tdir, T, code := sh.st, sh.ctx, string(sh.cat.Lang()), sh.op, sh.templatesDir, sh.cat.T, ""
	return func() tea.Msg {
		data, err := templates.Load(ctx, st, engID, lang)
		if err != nil {
			return docFailedMsg{engID: engID, serial: serial, lines: sh.describe(err), final: true}
		}
		code = data.Engagement.Code
		data.Sign.Prepared.Name = op.Name
		doc, err := templates.Fill(kind, data, lang, tdir)
		if err != nil {
			st.AuditFailure(ctx, op, eventDocumentExport, "engagement", code, err)
			return docFailedMsg{engID: engID, serial: serial, lines: describeDocError(T, err), final: true}
		}
		return docPreparedMsg{engID: engID, serial: serial, doc: doc, data: data}
	}
}

// renderDocFile renders one format.
func renderDocFile(engID int64, serial, i int, doc *render.Document, data *templates.DocData, f templates.Format, T func(string, ...any) string) tea.Cmd {
	return func() tea.Msg {
		b, err := f.Render(doc, data)
		if err != nil {
			return docFailedMsg{engID: engID, serial: serial, lines: []string{T("tui.doc.err.render", f.Label, err.Error())}, final: true}
		}
		return docRenderedMsg{engID: engID, serial: serial, i: i, data: b}
	}
}

// writeDocFiles writes every file whole (temporary files first, renamed when
// all are written; a failure removes them), then records the export and
// remembers the folder.
func writeDocFiles(sh *shared, e model.Engagement, x *docExport) tea.Cmd {
	st, ctx, op, T, lang := sh.st, sh.ctx, sh.op, sh.cat.T, string(sh.cat.Lang())
	dir, doc, serial, kind, seq := x.dir, x.doc, x.serial, x.kind, x.data.Seq
	files := append([]docOutFile(nil), x.files...)
	return func() tea.Msg {
		fail := func(path string, err error) tea.Msg {
			st.AuditFailure(ctx, op, eventDocumentExport, "engagement", e.Code, err)
			return docFailedMsg{engID: e.ID, serial: serial, lines: []string{T("tui.doc.err.write", path, ioReason(T, err))}, final: true}
		}
		if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
			return docFailedMsg{engID: e.ID, serial: serial, lines: []string{T("tui.doc.err.not_dir", dir)}, final: true}
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fail(dir, err)
		}
		paths := make([]string, len(files))
		tmps := make([]string, len(files))
		cleanup := func() {
			for _, t := range tmps {
				if t != "" {
					os.Remove(t)
				}
			}
		}
		for i, f := range files {
			paths[i] = filepath.Join(dir, safeFileName(doc.Number)+"."+f.format.Name)
			tmp, err := safefile.WriteTemp(paths[i], f.data)
			if err != nil {
				cleanup()
				return fail(paths[i], err)
			}
			tmps[i] = tmp
		}
		for i := range files {
			if err := os.Rename(tmps[i], paths[i]); err != nil {
				cleanup()
				return fail(paths[i], err)
			}
			tmps[i] = ""
		}
		safefile.SyncDir(dir)
		rec := store.ExportRecord{EngagementID: e.ID, Number: doc.Number, Kind: string(kind), Title: doc.Title,
			Version: doc.Version, Lang: lang, Seq: seq}
		for i, f := range files {
			sum := sha256.Sum256(f.data)
			rec.Files = append(rec.Files, store.ExportFile{Path: paths[i], Format: f.format.Name, Size: int64(len(f.data)), SHA256: hex.EncodeToString(sum[:])})
		}
		st.SetSetting(ctx, docExportDirSetting, dir) // a preference: its failure changes nothing
		err := recordDocExport(ctx, st, op, &rec)
		return docWrittenMsg{engID: e.ID, serial: serial, rec: rec, recErr: err}
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
		return d.openForm(msg.dir)
	case docPreparedMsg:
		x := d.exp
		if x == nil || x.serial != msg.serial {
			return nil
		}
		x.doc, x.data = msg.doc, msg.data
		if len(x.files) == 0 {
			return writeDocFiles(d.sh, d.eng, x)
		}
		return renderDocFile(d.eng.ID, x.serial, 0, x.doc, x.data, x.files[0].format, T)
	case docRenderedMsg:
		x := d.exp
		if x == nil || x.serial != msg.serial {
			return nil
		}
		x.files[msg.i].data = msg.data
		x.done = msg.i + 1
		d.setStatus(T("tui.doc.export.rendered", x.files[msg.i].format.Label, x.done, x.total), false)
		if x.done < x.total {
			return renderDocFile(d.eng.ID, x.serial, x.done, x.doc, x.data, x.files[x.done].format, T)
		}
		return writeDocFiles(d.sh, d.eng, x)
	case docFailedMsg:
		if d.exp == nil || d.exp.serial != msg.serial {
			return nil
		}
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
		d.exp = nil
		d.resultRec = msg.rec
		d.resultErr = false
		d.result = nil
		d.mode = docModeResult
		d.layoutResult()
		d.resVP.GotoTop()
		if msg.recErr != nil {
			lines := d.sh.describe(msg.recErr)
			d.setStatus(T("tui.doc.err.record", lines[0]), true)
		} else {
			d.setStatus(T("tui.doc.export.done", msg.rec.Number, len(msg.rec.Files)), false)
		}
		d.exportsLoaded = false
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
	T, s := d.sh.T, d.sh.styles
	var lines []string
	if d.resultErr {
		for i, l := range d.result {
			for _, w := range wrap(l, d.w, " ", "   ") {
				if i == 0 || i == len(d.result)-1 {
					lines = append(lines, s.Bold.Render(w))
				} else {
					lines = append(lines, s.Error.Render(w))
				}
			}
		}
	} else {
		rec := d.resultRec
		lines = append(lines, s.Success.Render(clip(" "+T("tui.doc.export.written", rec.Number, len(rec.Files)), d.w)), "")
		lines = append(lines, fileLines(T, rec.Files, d.w, s)...)
		lines = append(lines, "", clip(" "+T("tui.doc.export.recorded"), d.w))
	}
	d.resVP.SetContentLines(lines)
}

// fileLines lists files: the path, then the size and the SHA-256 (whole, on
// a line of its own so that 80 columns show all of it).
func fileLines(T func(string, ...any) string, files []store.ExportFile, w int, s Styles) []string {
	var lines []string
	for _, f := range files {
		lines = append(lines, wrap(f.Path, w, " • ", "   ")...)
		lines = append(lines, clip("   "+T("tui.doc.export.size", riskSize(T, int(f.Size)), f.Size), w))
		lines = append(lines, wrap("SHA-256 "+f.SHA256, w, "   ", "   ")...)
	}
	return lines
}

// the Exports tab --------------------------------------------------------

func loadDocExportsCmd(sh *shared, e model.Engagement) tea.Cmd {
	st, ctx := sh.st, sh.ctx
	return func() tea.Msg {
		recs, err := loadDocExports(ctx, st, e.ID)
		return docExportsMsg{engID: e.ID, recs: recs, err: err}
	}
}

// layoutExports puts the engagement's exports in their viewport, newest first.
func (d *docScreen) layoutExports() {
	T, s := d.sh.T, d.sh.styles
	var lines []string
	switch {
	case d.exportsErr != nil:
		for _, l := range d.exportsErr {
			lines = append(lines, s.Error.Render(clip(" ! "+l, d.w)))
		}
	case !d.exportsLoaded:
		lines = append(lines, s.Dim.Render(" "+T("tui.doc.loading")))
	case len(d.exports) == 0:
		lines = append(lines, wrap(T("tui.doc.exports.none"), d.w, " ", " ")...)
	default:
		for i, r := range d.exports {
			if i > 0 {
				lines = append(lines, "")
			}
			title := r.Title
			if title == "" {
				if k, ok := templates.ParseKind(r.Kind); ok {
					title = T(k.TitleKey())
				}
			}
			head := " " + r.At.Local().Format("2006-01-02 15:04") + "  " + r.Number + "  " + title
			lines = append(lines, s.Bold.Render(clip(head, d.w)))
			lines = append(lines, clip("   "+T("tui.doc.exports.operator", oneLine(r.Operator), len(r.Files)), d.w))
			lines = append(lines, fileLines(T, r.Files, d.w, s)...)
		}
	}
	d.exVP.SetContentLines(lines)
}

func (d *docScreen) exportsView() string {
	return d.exVP.View()
}
