package risk

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"outsec/exporter"
	"outsec/internal/safefile"
	"outsec/model/registerio"
	"outsec/model/risk"
	"outsec/store"
	"outsec/tui/ui"
)

// Import and export of the registers on the risk assessment screen, so that
// an official never needs the command line for them (docs/registers.md).
//
// I on the assets, threats or vulnerabilities tab asks for a CSV or XLSX
// file; a command reads it (refused by its size before it is read) and checks
// it whole with model/registerio; the screen then shows a preview: the
// records of each register, the first rows, and every problem with its row
// and column. Nothing is written unless the file has no problem and the user
// confirms; the import is then one transaction with one audit record
// (store.ImportRegisters), and a problem the store still finds is shown at
// its row like the others.
//
// X on those tabs and on the risks tab writes the register (or, as XLSX, all
// of them) to a new file in a folder: a temporary file in that folder renamed
// into place, so that no partial file is ever left, and recorded in the audit
// trail with its digest (store.RecordExport); without the record the file is
// removed again. The folders used last are remembered as store settings.
//
// Every file and store call is a tea.Cmd whose message is the only way its
// outcome reaches the screen.

// The store settings that remember the folders, written as joined parts so
// that the catalog tests do not take them for message keys.
const (
	riskImportDirSetting = "risk" + ".import.dir"
	riskExportDirSetting = "risk" + ".export.dir"
)

const (
	// riskPreviewRows is how many records of each register the preview shows.
	riskPreviewRows = 5
	// riskMaxProblems is how many problems the preview lists before it counts
	// the rest: a file wrong on every row would otherwise bury the screen.
	riskMaxProblems = 200
	// riskPreviewColMax is the widest a column of the preview's tables is.
	riskPreviewColMax = 30
)

// ioKind is the register file kind of a register of the screen; controls
// have none.
func (k regKind) ioKind() (registerio.Kind, bool) {
	switch k {
	case regAssets:
		return registerio.KindAssets, true
	case regThreats:
		return registerio.KindThreats, true
	case regVulns:
		return registerio.KindVulns, true
	case regRisks:
		return registerio.KindRisks, true
	}
	return "", false
}

// riskExportFormat is what the export form offers: a format and a scope.
type riskExportFormat int

const (
	riskExportXLSXOne riskExportFormat = iota // this register as a workbook
	riskExportXLSXAll                         // every register, one sheet each
	riskExportCSVOne                          // this register as CSV
)

// riskIO is the state of an import or an export: the form that asks for the
// file or the folder, then an import's preview.
type riskIO struct {
	form *riskIOForm
	prev *riskImportPreview
}

// riskIOForm is the form of an import (the file) or an export (the format and
// the folder).
type riskIOForm struct {
	title   string
	busyKey string // what is under way once it is sent
	groups  func() []*huh.Group
	submit  func() tea.Cmd
	form    *huh.Form
	errs    []string
	busy    bool
	serial  int
	// refusedField is the field a refusal returns to (the folder of an
	// export), counted from 0.
	refusedField int
}

// riskImportPreview is a file read and checked, waiting for the user.
type riskImportPreview struct {
	path     string
	res      registerio.Result
	probs    registerio.Problems
	existing []risk.Asset // the engagement's assets when the file was checked
	// assessment is the engagement's registers when the file was checked:
	// the records of the file it has already (dups) are skipped or, once
	// the user presses u, updated (onDup).
	assessment risk.Assessment
	dups       []registerio.Duplicate
	onDup      registerio.OnDuplicate
	batch      registerio.Batch // the last one sent to the store
	storeErr   bool             // the problems are the store's, found at the import
	busy       bool             // the import is under way
	serial     int
	vp         viewport.Model
}

// ready tells whether the preview can be imported.
func (p *riskImportPreview) ready() bool { return len(p.probs) == 0 && p.res.Total() > 0 && !p.busy }

// The results of the commands. Each names the engagement it is for; write
// tells the root whether a store write was counted for it.
type (
	riskIOResult interface {
		ioTarget() (engID int64, write bool)
	}

	// riskIODirMsg is a remembered folder, read to open a form.
	riskIODirMsg struct {
		engID  int64
		export bool
		kind   regKind
		dir    string
	}
	// riskImportReadMsg is an import file read and checked.
	riskImportReadMsg struct {
		engID   int64
		serial  int
		path    string
		res     registerio.Result
		probs   registerio.Problems
		errText string // the file could not be read
	}
	// riskImportedMsg is the import's result, with the reload after it.
	riskImportedMsg struct {
		engID   int64
		serial  int
		counts  [3]int
		updated int // records of the engagement updated, skipped: left as they were
		skipped int
		first   [3]int64 // the first record imported of each register
		data    *riskData
		err     error
		loadErr error
	}
	// riskExportedMsg is an export's result.
	riskExportedMsg struct {
		engID   int64
		serial  int
		path    string
		size    int
		sum     string
		errText string
		err     error
	}
)

func (m riskIODirMsg) ioTarget() (int64, bool)      { return m.engID, false }
func (m riskImportReadMsg) ioTarget() (int64, bool) { return m.engID, true }
func (m riskImportedMsg) ioTarget() (int64, bool)   { return m.engID, true }
func (m riskExportedMsg) ioTarget() (int64, bool)   { return m.engID, true }

func (m riskIODirMsg) Recipient() ui.PageKey      { return ui.KindRisk.Key(m.engID) }
func (m riskImportReadMsg) Recipient() ui.PageKey { return ui.KindRisk.Key(m.engID) }
func (m riskImportedMsg) Recipient() ui.PageKey   { return ui.KindRisk.Key(m.engID) }
func (m riskExportedMsg) Recipient() ui.PageKey   { return ui.KindRisk.Key(m.engID) }

func (m riskIODirMsg) EndsWrite() bool      { _, w := m.ioTarget(); return w }
func (m riskImportReadMsg) EndsWrite() bool { _, w := m.ioTarget(); return w }
func (m riskImportedMsg) EndsWrite() bool   { _, w := m.ioTarget(); return w }
func (m riskExportedMsg) EndsWrite() bool   { _, w := m.ioTarget(); return w }

// ioResult routes a command's result to what asked for it.
func (r *riskScreen) ioResult(msg riskIOResult) tea.Cmd {
	switch msg := msg.(type) {
	case riskIODirMsg:
		if r.mode != riskModeNav || r.data == nil || !r.sh.IsShown(ui.KindRisk.Key(r.eng.ID)) {
			return nil // the user has moved on (another page, the help): no form opens behind it
		}
		if msg.export {
			return r.openExportForm(msg.kind, msg.dir)
		}
		return r.openImportForm(msg.dir)
	case riskImportReadMsg:
		return r.importRead(msg)
	case riskImportedMsg:
		return r.imported(msg)
	case riskExportedMsg:
		return r.exported(msg)
	}
	return nil
}

// startImport is the I key on a register tab.
func (r *riskScreen) startImport(kind regKind) tea.Cmd {
	if k, ok := kind.ioKind(); !ok || !k.Importable() {
		r.setErrorText(r.sh.T("tui.riskio.import.not_here"))
		return nil
	}
	return loadIODir(r.sh, r.eng.ID, false, kind)
}

// startExport is the X key on a register tab.
func (r *riskScreen) startExport(kind regKind) tea.Cmd {
	if _, ok := kind.ioKind(); !ok {
		r.setErrorText(r.sh.T("tui.riskio.export.not_here"))
		return nil
	}
	return loadIODir(r.sh, r.eng.ID, true, kind)
}

// loadIODir reads the folder used last for an import or an export: the
// working folder when none is remembered or it is gone.
func loadIODir(sh *ui.Context, engID int64, export bool, kind regKind) tea.Cmd {
	st, ctx := sh.Store, sh.Ctx
	name := riskImportDirSetting
	if export {
		name = riskExportDirSetting
	}
	return func() tea.Msg {
		dir, err := st.Setting(ctx, name)
		if err == nil && dir != "" {
			if fi, serr := os.Stat(dir); serr != nil || !fi.IsDir() {
				dir = ""
			}
		}
		if err != nil || dir == "" {
			// Never the folder outsec was started in (issue 16): the
			// engagement's export folder, the documents' and the command
			// line's too.
			if e, eerr := st.Engagement(ctx, engID); eerr == nil {
				dir = exporter.Dir(ctx, st, engID, e.Code)
			} else {
				dir = exporter.DocumentsDir()
			}
		}
		return riskIODirMsg{engID: engID, export: export, kind: kind, dir: dir}
	}
}

// withSeparator ends a folder with the path separator, so that the user types
// the file name after it.
func withSeparator(dir string) string {
	if dir == "" || strings.HasSuffix(dir, string(filepath.Separator)) || strings.HasSuffix(dir, "/") {
		return dir
	}
	return dir + string(filepath.Separator)
}

// openIOForm shows an import or export form.
func (r *riskScreen) openIOForm(f *riskIOForm) tea.Cmd {
	r.io = riskIO{form: f}
	r.mode = riskModeIO
	return r.buildIOForm()
}

func (r *riskScreen) buildIOForm() tea.Cmd {
	f := r.io.form
	f.form = huh.NewForm(f.groups()...).
		WithTheme(ui.FormTheme(r.sh)).
		WithKeyMap(ui.FormKeyMap(r.sh.Catalog)).
		WithShowHelp(false).
		WithShowErrors(true)
	r.ioSetSize()
	return f.form.Init()
}

// closeIO goes back to the register.
func (r *riskScreen) closeIO() {
	r.io = riskIO{}
	r.mode = riskModeNav
}

// ioSetSize fits the form or the preview to the screen.
func (r *riskScreen) ioSetSize() {
	if f := r.io.form; f != nil && f.form != nil {
		f.form.WithWidth(max(min(r.w-2, 100), 20)).WithHeight(max(r.h-3-len(f.errs), 5))
	}
	if p := r.io.prev; p != nil {
		r.layoutPreview()
	}
}

// ioTyping tells whether a form has the keys (ctrl+c then leaves the form,
// not the workbench). While the file is read or written, ctrl+c quits, once
// the write is done.
func (r *riskScreen) ioTyping() bool {
	return r.mode == riskModeIO && r.io.form != nil && !r.io.form.busy
}

// ioUpdate hands the form a message that is not a key press.
func (r *riskScreen) ioUpdate(msg tea.Msg) tea.Cmd {
	if r.io.form != nil {
		return r.ioFormMsg(msg)
	}
	return nil
}

// ioKey takes a key press in an import or export.
func (r *riskScreen) ioKey(msg tea.KeyPressMsg) tea.Cmd {
	if r.io.form != nil {
		return r.ioFormMsg(msg)
	}
	p := r.io.prev
	if p == nil {
		r.closeIO()
		return nil
	}
	k, rk := r.sh.Keys, r.sh.Keys.Risks
	switch {
	case p.busy:
		// The import is under way: it ends with its result.
	case key.Matches(msg, rk.IOCancel):
		r.closeIO()
		r.setStatus(r.sh.T("tui.riskio.import.cancelled"))
	case key.Matches(msg, rk.IODuplicates) && len(p.dups) > 0:
		if p.onDup == registerio.DuplicateSkip {
			p.onDup = registerio.DuplicateUpdate
		} else {
			p.onDup = registerio.DuplicateSkip
		}
		r.layoutPreview()
	case key.Matches(msg, rk.IOConfirm):
		if p.ready() {
			return r.confirmImport()
		}
		if len(p.probs) > 0 {
			r.setErrorText(r.sh.T("tui.riskio.preview.cannot", len(p.probs)))
		}
	case msg.String() == "enter":
		// The preview asks a yes/no question: like every other, enter
		// alone does not say yes (issue 16, one default everywhere).
		r.setStatus(r.sh.T("tui.riskio.preview.press_y"))
	default:
		k.Scroll(&p.vp, msg)
	}
	return nil
}

// ioFormMsg hands a message to the form and reacts to its end.
func (r *riskScreen) ioFormMsg(msg tea.Msg) tea.Cmd {
	f := r.io.form
	if f.busy || f.form.State != huh.StateNormal {
		return nil
	}
	var cmd tea.Cmd
	f.form, cmd = ui.UpdateForm(f.form, msg)
	switch f.form.State {
	case huh.StateCompleted:
		f.busy = true
		f.errs = nil
		c := f.submit()
		f.serial = r.serial
		return tea.Batch(cmd, c)
	case huh.StateAborted:
		r.closeIO()
		r.setStatus(r.sh.T("tui.status.nothing_changed"))
	}
	return cmd
}

// formRefused opens the form again, with what was typed and the problem.
func (r *riskScreen) formRefused(lines ...string) tea.Cmd {
	f := r.io.form
	f.busy = false
	f.errs = lines
	cmds := []tea.Cmd{r.buildIOForm()}
	for range f.refusedField {
		cmds = append(cmds, f.form.NextField())
	}
	return tea.Batch(cmds...)
}

// openImportForm asks for the file to import, in the folder used last.
func (r *riskScreen) openImportForm(dir string) tea.Cmd {
	T := r.sh.T
	path := withSeparator(dir)
	existing := append([]risk.Asset(nil), r.data.a.Assets...)
	f := &riskIOForm{title: T("tui.riskio.import.title", ui.OneLine(r.eng.Code)), busyKey: "tui.riskio.import.reading"}
	pathT := T("tui.riskio.import.path")
	f.groups = func() []*huh.Group {
		return []*huh.Group{huh.NewGroup(
			huh.NewInput().Key("path").Title(pathT).Description(T("tui.riskio.import.path_hint")).
				Value(&path).CharLimit(4096).
				Validate(func(s string) error {
					s = strings.TrimSpace(s)
					switch {
					case s == "":
						return ui.Errorf(T("err.field_line", pathT, T("err.required")))
					case strings.HasSuffix(s, string(filepath.Separator)) || strings.HasSuffix(s, "/"):
						return ui.Errorf(T("tui.riskio.import.need_file"))
					}
					return nil
				}),
		)}
	}
	f.submit = func() tea.Cmd {
		r.serial++
		return readImport(r.sh, r.eng.ID, r.serial, path, existing)
	}
	return r.openIOForm(f)
}

// readImport reads and checks an import file. A file over the limit is
// refused by its size before any of it is read, and no more than
// registerio.MaxSize+1 bytes are read. The folder is remembered.
func readImport(sh *ui.Context, engID int64, serial int, raw string, existing []risk.Asset) tea.Cmd {
	st, ctx, T := sh.Store, sh.Ctx, sh.Catalog.T
	names := make([]string, len(existing))
	for i, a := range existing {
		names[i] = a.Name
	}
	sh.Writing() // the remembered folder
	return func() tea.Msg {
		path := ui.UserPath(raw)
		msg := riskImportReadMsg{engID: engID, serial: serial, path: path}
		fi, err := os.Stat(path)
		switch {
		case err != nil && errors.Is(err, fs.ErrNotExist):
			msg.errText = T("tui.riskio.err.missing", path)
			return msg
		case err != nil:
			msg.errText = T("tui.riskio.err.read", path, ui.IOReason(T, err))
			return msg
		case fi.IsDir():
			msg.errText = T("tui.riskio.err.is_dir", path)
			return msg
		}
		st.SetSetting(ctx, riskImportDirSetting, filepath.Dir(path)) // a preference: its failure changes nothing
		if ps := registerio.CheckSize(fi.Size()); ps != nil {
			msg.probs = ps
			return msg
		}
		f, err := os.Open(path)
		if err != nil {
			msg.errText = T("tui.riskio.err.read", path, ui.IOReason(T, err))
			return msg
		}
		data, err := io.ReadAll(io.LimitReader(f, registerio.MaxSize+1))
		f.Close()
		if err != nil {
			msg.errText = T("tui.riskio.err.read", path, ui.IOReason(T, err))
			return msg
		}
		msg.res, msg.probs = registerio.Parse("", path, data, names)
		return msg
	}
}

// importRead takes the file read: the form comes back with a file that
// could not be read; otherwise the preview shows what the file holds.
func (r *riskScreen) importRead(msg riskImportReadMsg) tea.Cmd {
	f := r.io.form
	if r.mode != riskModeIO || f == nil || !f.busy || f.serial != msg.serial {
		return nil
	}
	if msg.errText != "" {
		return r.formRefused(msg.errText)
	}
	existing := append([]risk.Asset(nil), r.data.a.Assets...)
	as := risk.Assessment{Assets: existing, Threats: append([]risk.Threat(nil), r.data.a.Threats...), Vulns: append([]risk.Vulnerability(nil), r.data.a.Vulns...)}
	r.io = riskIO{prev: &riskImportPreview{path: msg.path, res: msg.res, probs: msg.probs, existing: existing, vp: viewport.New(),
		assessment: as, dups: msg.res.Duplicates(&as), onDup: registerio.DuplicateSkip}}
	r.layoutPreview()
	switch {
	case len(msg.probs) > 0:
		r.setErrorText(r.sh.T("tui.riskio.preview.problems", len(msg.probs)))
	default:
		r.setStatus(r.sh.T("tui.riskio.preview.checked", msg.res.Total()))
	}
	return nil
}

// confirmImport imports the previewed file in one transaction.
func (r *riskScreen) confirmImport() tea.Cmd {
	p := r.io.prev
	p.busy = true
	c := r.store()
	p.serial = c.serial
	b := p.res.Batch(&p.assessment, p.onDup)
	p.batch = b
	assets, threats, vulns := b.Assets, b.Threats, b.Vulns
	r.setStatus(r.sh.T("tui.riskio.preview.importing"))
	r.sh.Writing()
	st, ctx, op, cat, engID, serial := c.st, c.ctx, c.op, c.cat, c.engID, c.serial
	return func() tea.Msg {
		msg := riskImportedMsg{engID: engID, serial: serial, counts: [3]int{len(assets), len(threats), len(vulns)}}
		_, msg.updated = b.Counts()
		msg.skipped = b.Skipped
		msg.err = st.ImportRegisterBatch(ctx, op, engID, store.RegisterBatch{Assets: assets, Threats: threats, Vulns: vulns,
			UpdateAssets: b.UpdateAssets, UpdateThreats: b.UpdateThreats, UpdateVulns: b.UpdateVulns})
		if msg.err != nil {
			return msg
		}
		if len(assets) > 0 {
			msg.first[0] = assets[0].ID
		}
		if len(threats) > 0 {
			msg.first[1] = threats[0].ID
		}
		if len(vulns) > 0 {
			msg.first[2] = vulns[0].ID
		}
		a, err := st.RiskAssessment(ctx, engID)
		if err != nil {
			msg.loadErr = err
			return msg
		}
		msg.data = buildRiskData(a, cat)
		return msg
	}
}

// imported takes the import's result: the registers show the new records;
// a record the store refused is shown at its row in the preview.
func (r *riskScreen) imported(msg riskImportedMsg) tea.Cmd {
	p := r.io.prev
	mine := r.mode == riskModeIO && p != nil && p.busy && p.serial == msg.serial
	if msg.err != nil {
		var batch store.BatchError
		if mine && errors.As(msg.err, &batch) {
			var ps registerio.Problems
			for _, re := range batch {
				for _, fe := range re.Errs {
					k := registerio.Kind(re.Register)
					ps = append(ps, p.res.FieldProblem(k, p.batch.Index[k][re.Index], fe))
				}
			}
			p.busy, p.probs, p.storeErr = false, ps, true
			r.layoutPreview()
			r.setErrorText(r.sh.T("tui.riskio.preview.store_problems", len(ps)))
			return nil
		}
		if mine {
			p.busy = false // the preview stays: the user may try again or leave
		}
		r.setError(msg.err)
		return nil
	}
	if mine {
		r.closeIO()
	}
	if msg.data != nil {
		// Show the new records: on this tab when it got some, else on the
		// first register that did.
		sel := [3]regKind{regAssets, regThreats, regVulns}
		cur := -1
		for i, k := range sel {
			if r.tab == riskTab(k) && msg.counts[i] > 0 {
				cur = i
			}
		}
		if cur < 0 {
			for i := range sel {
				if msg.counts[i] > 0 {
					cur = i
					break
				}
			}
			if cur >= 0 {
				r.tab = riskTab(sel[cur])
			}
		}
		if cur >= 0 {
			r.setData(msg.data, sel[cur], msg.first[cur])
		} else {
			r.setData(msg.data, 0, 0)
		}
	}
	if msg.loadErr != nil {
		r.setError(msg.loadErr)
		return nil
	}
	done := r.sh.T("tui.riskio.import.done", msg.counts[0], msg.counts[1], msg.counts[2])
	if msg.updated > 0 || msg.skipped > 0 {
		done += " " + r.sh.T("register.dup.done", msg.updated, msg.skipped)
	}
	r.setStatus(done)
	return nil
}

// layoutPreview fills the preview's viewport for the screen's width: the
// problems first, then the first rows of each register.
func (r *riskScreen) layoutPreview() {
	p := r.io.prev
	if p == nil {
		return
	}
	T, s, w := r.sh.T, r.sh.Styles, r.w
	var lines []string
	if n := len(p.probs); n > 0 {
		lines = append(lines, s.Bold.Render(ui.Clip(" "+T("tui.riskio.preview.problems_head", n), w)))
		for i, pr := range p.probs {
			if i == riskMaxProblems {
				lines = append(lines, s.Dim.Render(ui.Clip("   "+T("tui.riskio.preview.more_problems", n-i), w)))
				break
			}
			for _, l := range ui.Wrap(pr.Text(T), w, "  ! ", "    ") {
				lines = append(lines, s.Error.Render(l))
			}
		}
		lines = append(lines, "")
	}
	if n := len(p.dups); n > 0 {
		what := T("tui.riskio.dup.skip")
		if p.onDup == registerio.DuplicateUpdate {
			what = T("tui.riskio.dup.update")
		}
		lines = append(lines, s.Bold.Render(ui.Clip(" "+T("tui.riskio.dup.heading", n, what)+"  ("+T("tui.riskio.dup.toggle")+")", w)))
		for i, d := range p.dups {
			if i == riskMaxProblems {
				lines = append(lines, s.Dim.Render(ui.Clip("   "+T("tui.riskio.preview.more_problems", n-i), w)))
				break
			}
			lines = append(lines, ui.Wrap(T("register.dup.row", T(d.Kind.Label()), d.Row, ui.OneLine(d.Name), d.ExistingID), w, "  = ", "    ")...)
		}
		lines = append(lines, "")
	}
	for _, k := range p.res.Kinds {
		n := p.res.Count(k)
		head := T("tui.riskio.preview.register", T(k.Label()), n)
		if sh := p.res.Sheets[k]; sh != "" {
			head = T("tui.riskio.preview.register_sheet", T(k.Label()), n, sh)
		}
		lines = append(lines, s.Bold.Render(ui.Clip(" "+head, w)))
		heads, rows := p.res.Preview(k, T, riskPreviewRows)
		if len(rows) > 0 {
			cells := make([][]string, 0, len(rows)+1)
			cells = append(cells, append([]string{T("tui.riskio.preview.row")}, heads...))
			for i, row := range rows {
				line := []string{strconv.Itoa(p.res.Rows[k][i])}
				for _, c := range row {
					line = append(line, ui.OneLine(c))
				}
				cells = append(cells, line)
			}
			for i, l := range previewTable(cells, w-2) {
				l = "  " + l
				if i == 0 {
					l = s.Header.Render(l)
				}
				lines = append(lines, l)
			}
		}
		if more := n - len(rows); more > 0 {
			lines = append(lines, s.Dim.Render(ui.Clip("  "+T("tui.riskio.preview.more_rows", more), w)))
		}
		lines = append(lines, "")
	}
	if len(p.res.Skipped) > 0 {
		lines = append(lines, ui.Wrap(T("tui.riskio.preview.skipped", strings.Join(p.res.Skipped, T("tui.riskio.list_sep"))), w, " ", "   ")...)
	}
	// The title, the counts and the prompt take three lines.
	p.vp.SetWidth(max(w, 1))
	p.vp.SetHeight(max(r.h-4, 1))
	p.vp.SetContentLines(lines)
}

// previewTable lays out rows of cells in columns no wider than they need,
// nor than riskPreviewColMax, narrowed from the widest until the table fits
// w cells.
func previewTable(rows [][]string, w int) []string {
	if len(rows) == 0 {
		return nil
	}
	n := len(rows[0])
	widths := make([]int, n)
	for _, row := range rows {
		for i, c := range row {
			if i < n {
				widths[i] = min(max(widths[i], ui.CellWidth(c)), riskPreviewColMax)
			}
		}
	}
	total := func() int {
		t := n - 1
		for _, x := range widths {
			t += x
		}
		return t
	}
	for total() > w {
		wi := 0
		for i, x := range widths {
			if x > widths[wi] {
				wi = i
			}
		}
		if widths[wi] <= 4 {
			break
		}
		widths[wi]--
	}
	out := make([]string, len(rows))
	for j, row := range rows {
		var b strings.Builder
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			c := ""
			if i < len(row) {
				c = row[i]
			}
			if i == 0 && j > 0 {
				b.WriteString(riskAlign(c, widths[i], true)) // the row number
			} else {
				b.WriteString(ui.Fit(c, widths[i]))
			}
		}
		out[j] = ui.Clip(strings.TrimRight(b.String(), " "), w)
	}
	return out
}

// previewView is the preview: what the file holds, the viewport with the
// problems and the rows, and what the user can do.
func (r *riskScreen) previewView() string {
	p := r.io.prev
	T, s, w := r.sh.T, r.sh.Styles, r.w
	var b strings.Builder
	b.WriteString(s.Bold.Render(clipPath(" "+T("tui.riskio.preview.title", p.path), p.path, w)))
	b.WriteByte('\n')
	parts := []string{}
	if p.res.Format != "" {
		parts = append(parts, strings.ToUpper(string(p.res.Format)))
	}
	for _, k := range p.res.Kinds {
		parts = append(parts, T("tui.riskio.preview.count", T(k.Label()), p.res.Count(k)))
	}
	b.WriteString(ui.Clip(" "+strings.Join(parts, T("tui.riskio.sep")), w))
	b.WriteByte('\n')
	b.WriteString(p.vp.View())
	b.WriteByte('\n')
	var prompt string
	switch {
	case p.busy:
		b.WriteString(s.Dim.Render(ui.Clip(" "+T("tui.riskio.preview.importing"), w)))
		return b.String()
	case len(p.probs) > 0 && p.storeErr:
		prompt = s.Error.Render(ui.Clip(" "+T("tui.riskio.preview.store_blocked", len(p.probs)), w))
	case len(p.probs) > 0:
		prompt = s.Error.Render(ui.Clip(" "+T("tui.riskio.preview.blocked", len(p.probs)), w))
	case p.res.Total() == 0:
		prompt = s.Error.Render(ui.Clip(" "+T("tui.riskio.preview.nothing"), w))
	default:
		prompt = s.Bold.Render(ui.Clip(" "+T("tui.riskio.preview.confirm", p.res.Total(), ui.OneLine(r.eng.Code)), w))
	}
	b.WriteString(prompt)
	return b.String()
}

// clipPath cuts line, which ends with path, to w cells: a path too long loses
// its beginning, so that the file's name stays in view.
func clipPath(line, path string, w int) string {
	over := ui.CellWidth(line) - w
	if over <= 0 || !strings.HasSuffix(line, path) {
		return ui.Clip(line, w)
	}
	head := strings.TrimSuffix(line, path)
	if ui.CellWidth(head)+2 > w {
		return ui.Clip(line, w)
	}
	return ui.Clip(head+ui.Ellipsis+ansi.TruncateLeft(path, over+ui.CellWidth(ui.Ellipsis), ""), w)
}

// ioView is the form or the preview, below the screen's title.
func (r *riskScreen) ioView() string {
	if p := r.io.prev; p != nil {
		return r.previewView()
	}
	f := r.io.form
	if f == nil {
		return ""
	}
	s := r.sh.Styles
	var b strings.Builder
	b.WriteString(s.Bold.Render(ui.Clip(" "+f.title, r.w)))
	b.WriteByte('\n')
	for _, l := range f.errs {
		for _, wl := range ui.Wrap(l, r.w, " ! ", "   ") {
			b.WriteString(s.Error.Render(wl))
			b.WriteByte('\n')
		}
	}
	if f.busy || f.form.State != huh.StateNormal {
		b.WriteString(s.Dim.Render(" " + r.sh.T(f.busyKey)))
		return b.String()
	}
	b.WriteString(f.form.View())
	return b.String()
}

// ioHelp is the help line of an import or export.
func (r *riskScreen) ioHelp() ui.KeyHelp {
	k, rk := r.sh.Keys, r.sh.Keys.Risks
	if r.io.form != nil {
		return k.FormHelp()
	}
	p := r.io.prev
	if p == nil || p.busy {
		return ui.KeyHelp{Short: []key.Binding{k.Quit}}
	}
	short := []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown}
	if p.ready() {
		short = append(short, rk.IOConfirm)
	}
	if len(p.dups) > 0 {
		short = append(short, rk.IODuplicates)
	}
	short = append(short, rk.IOCancel)
	return ui.KeyHelp{Short: short, Full: [][]key.Binding{short}}
}

// openExportForm asks for the format and the folder of an export.
func (r *riskScreen) openExportForm(kind regKind, dir string) tea.Cmd {
	T := r.sh.T
	k, ok := kind.ioKind()
	if !ok {
		return nil
	}
	format := riskExportXLSXOne
	folder := dir
	f := &riskIOForm{title: T("tui.riskio.export.title", T(k.Label())), busyKey: "tui.riskio.export.writing", refusedField: 1}
	folderT := T("tui.riskio.export.folder")
	f.groups = func() []*huh.Group {
		return []*huh.Group{huh.NewGroup(
			huh.NewSelect[riskExportFormat]().Key("format").Title(T("tui.riskio.export.format")).
				Options(
					huh.NewOption(T("tui.riskio.export.xlsx_one", T(k.Label())), riskExportXLSXOne),
					huh.NewOption(T("tui.riskio.export.xlsx_all"), riskExportXLSXAll),
					huh.NewOption(T("tui.riskio.export.csv_one", T(k.Label())), riskExportCSVOne),
				).Value(&format),
			huh.NewInput().Key("folder").Title(folderT).Description(T("tui.riskio.export.folder_hint")).
				Value(&folder).CharLimit(4096).Validate(r.requiredText(folderT)),
		)}
	}
	f.submit = func() tea.Cmd {
		return r.store().exportRegisters(r.eng.Code, k, format, folder)
	}
	return r.openIOForm(f)
}

// exportRegisters writes a register, or all of them, to a new file in a
// folder, records the export in the audit trail and remembers the folder.
// The registers are read again from the store, so that the file holds what
// is recorded, with current scores.
func (c riskCalls) exportRegisters(code string, kind registerio.Kind, format riskExportFormat, rawDir string) tea.Cmd {
	c.r.sh.Writing()
	st, ctx, op, cat, engID, serial := c.st, c.ctx, c.op, c.cat, c.engID, c.serial
	T := cat.T
	return func() tea.Msg {
		msg := riskExportedMsg{engID: engID, serial: serial}
		dir := ui.UserPath(rawDir)
		fi, err := os.Stat(dir)
		switch {
		case err != nil && errors.Is(err, fs.ErrNotExist):
			msg.errText = T("tui.riskio.err.no_folder", dir)
			return msg
		case err != nil:
			msg.errText = T("tui.riskio.err.write", dir, ui.IOReason(T, err))
			return msg
		case !fi.IsDir():
			msg.errText = T("tui.riskio.err.not_folder", dir)
			return msg
		}
		a, err := st.RiskAssessment(ctx, engID)
		if err != nil {
			msg.err = err
			return msg
		}
		regs := registerio.FromAssessment(&a)
		var b []byte
		ext, what, scope := "xlsx", T(kind.SheetLabel()), string(kind)
		switch format {
		case riskExportCSVOne:
			ext = "csv"
			b, err = registerio.ExportCSV(kind, regs, T)
		case riskExportXLSXAll:
			what, scope = T("tui.riskio.file.all"), "all"
			b, err = registerio.ExportXLSX(nil, regs, T)
		default:
			b, err = registerio.ExportXLSX([]registerio.Kind{kind}, regs, T)
		}
		if err != nil {
			msg.errText = T("tui.riskio.err.export", err.Error())
			return msg
		}
		path := freePath(dir, exportName(code, what, st.Now()), ext)
		failed := func(cause error) tea.Msg {
			st.AuditFailure(ctx, op, store.EventRegisterExport, "engagement", code, cause)
			msg.errText = T("tui.riskio.err.write", path, ui.IOReason(T, cause))
			return msg
		}
		tmp, err := safefile.WriteTemp(path, b)
		if err != nil {
			return failed(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			os.Remove(tmp)
			return failed(err)
		}
		safefile.SyncDir(dir)
		sum := sha256.Sum256(b)
		msg.path, msg.size, msg.sum = path, len(b), hex.EncodeToString(sum[:])
		detail := fmt.Sprintf("%s; %s; %s; sha256=%s", scope, ext, path, msg.sum)
		if err := st.RecordExport(ctx, op, store.EventRegisterExport, "engagement", code, detail); err != nil {
			// Every export is in the audit trail: one that cannot be
			// recorded is taken back.
			os.Remove(path)
			safefile.SyncDir(dir)
			msg.err = err
			return msg
		}
		st.SetSetting(ctx, riskExportDirSetting, dir) // a preference: its failure changes nothing
		return msg
	}
}

// exported takes an export's result: the path, the size and the digest in
// the status line, or the form again with the problem.
func (r *riskScreen) exported(msg riskExportedMsg) tea.Cmd {
	f := r.io.form
	mine := r.mode == riskModeIO && f != nil && f.busy && f.serial == msg.serial
	switch {
	case msg.errText != "" || msg.err != nil:
		lines := []string{msg.errText}
		if msg.err != nil {
			lines = r.describe(msg.err)
		}
		if mine {
			return r.formRefused(lines...)
		}
		if len(lines) > 0 {
			r.setErrorText(lines[0])
		}
		return nil
	}
	if mine {
		r.closeIO()
	}
	r.setStatus(r.sh.T("tui.riskio.export.done", msg.path, ui.FileSize(r.sh.T, msg.size), msg.sum))
	return nil
}

// exportName is an export's file name without its extension: the
// engagement's code, what it holds, and the time, e.g.
// "2026-001-资产-20260302-093000".
func exportName(code, what string, at time.Time) string {
	return safeFileName(code) + "-" + safeFileName(what) + "-" + at.Local().Format("20060102-150405")
}

// safeFileName keeps a name usable as part of a file name on every system:
// no separators, no characters Windows refuses, no spaces or controls.
func safeFileName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || unicode.IsSpace(r) || strings.ContainsRune(`/\:*?"<>|`, r) || !unicode.IsPrint(r) {
			r = '_'
		}
		b.WriteRune(r)
	}
	out := strings.Trim(b.String(), "._")
	if rs := []rune(out); len(rs) > 60 {
		out = string(rs[:60])
	}
	if out == "" {
		out = "outsec"
	}
	return out
}

// freePath is dir/name.ext, or dir/name-2.ext and so on when that is taken:
// an export never overwrites a file.
func freePath(dir, name, ext string) string {
	p := filepath.Join(dir, name+"."+ext)
	for i := 2; ; i++ {
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return p
		}
		p = filepath.Join(dir, name+"-"+strconv.Itoa(i)+"."+ext)
	}
}
