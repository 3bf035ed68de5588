package verify

import (
	"errors"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/internal/localtime"
	"outsec/signing"
	"outsec/store"
	"outsec/tui/ui"
)

// The verification of signed exports (issue 5): V on the dashboard asks for
// a path — a file of an export or its folder — and checks it in a command
// (signing.Verify, with this database's own and trusted keys): the verdict
// of each export in the folder, who signed and when, the verification code
// printed on the PDF, what is known of the key, every problem found and the
// files no signature covers, in a viewport.

type verifyScreen struct {
	sh   *ui.Context
	w, h int

	form *huh.Form
	path string // as typed; kept for the next time
	busy bool
	// running is the path being verified.
	running string

	checked string // the path verified
	report  *signing.Report
	err     error
	done    bool
	vp      viewport.Model
	serial  int
}

type verifyMsg struct {
	serial int
	path   string
	report *signing.Report
	err    error
}

func newVerifyScreen(sh *ui.Context, w, h int) *verifyScreen {
	v := &verifyScreen{sh: sh, vp: viewport.New()}
	v.SetSize(w, h)
	return v
}

// SetSize lays the screen out for w×h cells of body.
func (v *verifyScreen) SetSize(w, h int) {
	v.w, v.h = w, h
	v.vp.SetWidth(max(w, 1))
	v.vp.SetHeight(max(h-2, 1))
	if v.form != nil {
		v.form.WithWidth(max(min(w-2, 100), 20)).WithHeight(max(h-3, 5))
	}
	v.layout()
}

func (v *verifyScreen) openForm() tea.Cmd {
	T := v.sh.T
	pathT := T("tui.sign.verify.path")
	v.form = huh.NewForm(huh.NewGroup(
		huh.NewInput().Key("path").Title(pathT).Description(T("tui.sign.verify.path_hint")).
			Value(&v.path).CharLimit(4096).
			Validate(func(s string) error {
				if strings.TrimSpace(s) == "" {
					return ui.Errorf(T("err.field_line", pathT, T("err.required")))
				}
				return nil
			}),
	).Title(T("tui.sign.verify.title"))).
		WithTheme(ui.FormTheme(v.sh)).
		WithKeyMap(ui.FormKeyMap(v.sh.Catalog)).
		WithShowHelp(false).
		WithShowErrors(true)
	v.SetSize(v.w, v.h)
	return v.form.Init()
}

// run verifies path in a command.
func (v *verifyScreen) run(path string) tea.Cmd {
	v.serial++
	v.busy, v.running = true, path
	st, ctx, serial := v.sh.Store, v.sh.Ctx, v.serial
	return func() tea.Msg {
		rep, err := signing.Verify(path, func(fpr string) ([]store.SigningKey, error) { return st.KeysByFingerprint(ctx, fpr) })
		return verifyMsg{serial: serial, path: path, report: rep, err: err}
	}
}

// formMsg hands the form a message and reacts to its end.
func (v *verifyScreen) formMsg(msg tea.Msg) (tea.Cmd, bool) {
	if v.form == nil || v.form.State != huh.StateNormal {
		return nil, false
	}
	var cmd tea.Cmd
	v.form, cmd = ui.UpdateForm(v.form, msg)
	switch v.form.State {
	case huh.StateCompleted:
		v.form = nil
		return tea.Batch(cmd, v.run(ui.UserPath(v.path))), false
	case huh.StateAborted:
		v.form = nil
		// Nothing verified yet: back to where V was pressed.
		return cmd, !v.done
	}
	return cmd, false
}

// handleKey takes a key press; leave is true when the screen is left.
func (v *verifyScreen) handleKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if v.form != nil {
		return v.formMsg(msg)
	}
	if v.busy {
		return nil, false
	}
	k, sk := v.sh.Keys, v.sh.Keys.Sign
	switch {
	case key.Matches(msg, k.Back):
		return nil, true
	case key.Matches(msg, sk.Path):
		return v.openForm(), false
	case key.Matches(msg, sk.Again):
		if v.checked != "" {
			return v.run(v.checked), false
		}
	default:
		k.Scroll(&v.vp, msg)
	}
	return nil, false
}

func (v *verifyScreen) onResult(msg verifyMsg) {
	if msg.serial != v.serial {
		return
	}
	v.busy, v.done = false, true
	v.checked, v.report, v.err = msg.path, msg.report, msg.err
	v.layout()
	v.vp.GotoTop()
	T := v.sh.T
	switch {
	case msg.err != nil:
		v.sh.SetStatusText(v.errLine(), true)
	default:
		switch msg.report.Status() {
		case signing.Valid:
			v.sh.SetStatusText(T("verify.summary.valid"), false)
		case signing.UnknownSigner:
			v.sh.SetStatusText(T("verify.summary.unknown"), true)
		default:
			v.sh.SetStatusText(T("verify.summary.invalid"), true)
		}
	}
}

func (v *verifyScreen) errLine() string {
	T := v.sh.T
	if errors.Is(v.err, signing.ErrNoSignature) {
		return T("verify.err.none", v.checked)
	}
	return T("verify.err.read", v.checked, ui.IOReason(T, v.err))
}

// layout puts the report in the viewport.
func (v *verifyScreen) layout() {
	if !v.done {
		return
	}
	T, s, w := v.sh.T, v.sh.Styles, v.w
	var lines []string
	add := func(st interface{ Render(...string) string }, text, first, rest string) {
		lines = append(lines, ui.WrapStyled(st, text, w, first, rest)...)
	}
	plain := s.Dim.UnsetForeground()
	add(plain, T("tui.sign.verify.checked", v.checked), " ", "   ")
	lines = append(lines, "")
	if v.err != nil {
		add(s.Error, v.errLine(), " ! ", "   ")
	}
	if rep := v.report; rep != nil {
		for i := range rep.Results {
			r := &rep.Results[i]
			// Everything of the metadata is the file's: shown escaped.
			title := ""
			if r.Meta != nil {
				title = ui.Escaped(r.Meta.Title)
			}
			switch r.Status() {
			case signing.Valid:
				add(s.Success.Bold(true), T("verify.valid", r.Number, title), " ", "   ")
			case signing.UnknownSigner:
				add(s.Progress.Bold(true), T("verify.unknown", r.Number, title), " ", "   ")
			default:
				add(s.Error, T("verify.invalid", r.Number, title), " ", "   ")
			}
			if m := r.Meta; m != nil {
				add(plain, T("verify.signer", ui.Escaped(m.Signer.Who())), "   ", "     ")
				at := ui.Escaped(m.SignedAt)
				if t, err := time.Parse(time.RFC3339, m.SignedAt); err == nil {
					at = localtime.WithZone(t)
				}
				add(plain, T("verify.signed_at", at), "   ", "     ")
			}
			if r.Code != "" {
				add(s.Bold, T("verify.code", r.Code), "   ", "     ")
			}
			switch {
			case r.Trust == signing.Trusted && r.Key != nil && r.Key.Kind == store.KeyOwn:
				add(plain, T("verify.trust.own"), "   ", "     ")
			case r.Trust == signing.Trusted && r.Key != nil:
				add(plain, T("verify.trust.trusted", ui.Escaped(r.Key.Source)), "   ", "     ")
			case r.Trust == signing.Revoked && r.Key != nil:
				add(s.Error, T("verify.trust.revoked", r.Key.RevokedAt.Local().Format("2006-01-02")), "   ", "     ")
			default:
				add(s.Progress, T("verify.trust.unknown", r.Ed25519FPR, r.SM2FPR), "   ", "     ")
			}
			if len(r.Problems) == 0 {
				add(plain, T("verify.files", len(r.Files)), "   ", "     ")
			} else {
				add(s.Error, T("verify.problems", len(r.Problems)), "   ", "     ")
				for _, p := range r.Problems {
					args := p.Args()
					for i, a := range args {
						if s, ok := a.(string); ok {
							args[i] = ui.Escaped(s)
						}
					}
					add(s.Error, T(p.Key, args...), "   - ", "     ")
				}
			}
			lines = append(lines, "")
		}
		if len(rep.Unsigned) > 0 {
			add(s.Progress, T("verify.unsigned", ui.Escaped(strings.Join(rep.Unsigned, ", "))), " ", "   ")
			lines = append(lines, "")
		}
		if v.err == nil {
			switch rep.Status() {
			case signing.Valid:
				add(s.Success.Bold(true), T("verify.summary.valid"), " ", "   ")
			case signing.UnknownSigner:
				add(s.Progress.Bold(true), T("verify.summary.unknown"), " ", "   ")
			default:
				add(s.Error, T("verify.summary.invalid"), " ", "   ")
			}
		}
	}
	v.vp.SetContentLines(lines)
}

// help is the help line of the screen as it stands.
func (v *verifyScreen) help() ui.KeyHelp {
	k, sk := v.sh.Keys, v.sh.Keys.Sign
	if v.form != nil {
		return k.FormHelp()
	}
	if v.busy {
		return ui.KeyHelp{Short: []key.Binding{k.Quit}}
	}
	short := []key.Binding{k.Up, k.Down, k.PageDown, sk.Path, sk.Again, k.Back, k.Quit}
	return ui.KeyHelp{Short: short, Full: [][]key.Binding{short}}
}

// View draws the screen.
func (v *verifyScreen) View() string {
	T, s := v.sh.T, v.sh.Styles
	head := s.Title.Render(ui.Fit(" "+T("tui.sign.verify.title"), v.w))
	switch {
	case v.form != nil:
		return head + "\n" + v.form.View()
	case v.busy:
		return head + "\n\n" + s.Dim.Render(ui.Clip(" "+T("tui.sign.verify.busy", v.running), v.w))
	}
	pos := ""
	if n := v.vp.TotalLineCount(); n > v.vp.VisibleLineCount() {
		pos = T("tui.doc.preview.position", min(v.vp.YOffset()+v.vp.VisibleLineCount(), n), n)
	}
	return head + "\n" + v.vp.View() + "\n" + s.Dim.Render(ui.Spread("", pos+" ", v.w))
}

// the page --------------------------------------------------------------------

// verifyPage is the one verify page: a folder from any office, of no
// engagement here.
var verifyPage = ui.PageKey{Kind: ui.KindVerify}

// Registration is the verify page in the root's registry.
var Registration = ui.Registration{Kind: ui.KindVerify, New: New}

func (verifyMsg) Recipient() ui.PageKey { return verifyPage }

func New(sh *ui.Context, _ int64) ui.Page { return newVerifyScreen(sh, 0, 0) }

// Init opens the path form; the last path typed is kept.
func (v *verifyScreen) Init() tea.Cmd {
	v.busy, v.done, v.report, v.err = false, false, nil, nil
	v.sh.SetStatus("")
	return v.openForm()
}

func (v *verifyScreen) Title() string { return v.sh.T("tui.page.verify") }

// Capturing: the path form types; while a check runs, ? waits.
func (v *verifyScreen) Capturing() bool { return v.form != nil || v.busy }

func (v *verifyScreen) KeyMap() help.KeyMap { return v.help() }

func (v *verifyScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if v.form == nil && (msg.String() == "ctrl+c" || key.Matches(msg, v.sh.Keys.Quit)) {
			return ui.Quit()
		}
		cmd, leave := v.handleKey(msg)
		if leave {
			return tea.Batch(cmd, ui.Back())
		}
		return cmd
	case verifyMsg:
		v.onResult(msg)
		return nil
	case tea.WindowSizeMsg, tea.BackgroundColorMsg:
		return nil
	}
	if v.form == nil {
		return nil
	}
	cmd, leave := v.formMsg(msg)
	if leave {
		return tea.Batch(cmd, ui.Back())
	}
	return cmd
}
