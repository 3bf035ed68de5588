package keys

import (
	"errors"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/help"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/model/sign"
	"outsec/signing"
	"outsec/store"
	"outsec/tui/ui"
)

// The signing keys (issue 5): K on the dashboard lists this workstation's
// own keys and the trusted keys of other offices, and creates (n), exports
// the public halves of (x), imports (i), trusts (t) and revokes (r) keys,
// and switches the policy "approvals are signed" (a). The key files are
// written by package signing in commands; the passphrases are typed in
// masked fields, turned into bytes when the form ends, cleared from the
// form's values at once and zeroed once the command has used them.

type keysMode int

const (
	keysModeList keysMode = iota
	keysModeForm
	keysModeBusy
)

// keysAction is what the open form, or the command under way, does.
type keysAction int

const (
	keysActNone    keysAction = iota
	keysActNew                // passphrase twice
	keysActExport             // the folder for the public keys
	keysActImport             // the folder and the passphrase
	keysActTrust              // the file or folder of the public keys
	keysActTrustOK            // yes/no on what was read
	keysActRevoke             // yes/no
	keysActPolicy
	keysActPasswd // old passphrase, new twice
)

// keysScreen is the signing keys.
type keysScreen struct {
	sh   *ui.Context
	w, h int

	keys    []store.SigningKey
	loaded  bool
	loadErr []string
	policy  bool
	cursor  int

	mode keysMode
	act  keysAction
	form *huh.Form
	errs []string // why the form is shown again
	// The form's values. The passphrases are emptied as soon as the form
	// ends; their bytes live only in the command that uses them.
	pass, again, old string
	path             string
	yes              bool
	trust            *store.SigningKey // read from the path, to be trusted once confirmed
	target           store.SigningKey  // the key to export or revoke

	note    []string // what the last action did, under the list
	noteErr bool
	serial  int
}

func newKeysScreen(sh *ui.Context, w, h int) *keysScreen {
	k := &keysScreen{sh: sh}
	k.SetSize(w, h)
	return k
}

// SetSize lays the screen out for w×h cells of body.
func (k *keysScreen) SetSize(w, h int) {
	k.w, k.h = w, h
	if k.form != nil {
		k.form.WithWidth(max(min(w-2, 100), 20)).WithHeight(max(h-4-len(k.errs)-len(k.formHead()), 5))
	}
}

// The messages of the keys screen's commands.
type keysResult interface{ keysResult() }

type (
	keysLoadedMsg struct {
		keys   []store.SigningKey
		policy bool
		err    error
	}
	// keysDoneMsg ends an action; write says it was counted in sh.writes.
	keysDoneMsg struct {
		serial int
		act    keysAction
		lines  []string
		err    error
		write  bool
		policy bool
	}
	// keysReadMsg is the public keys read from a path, to be confirmed.
	keysReadMsg struct {
		serial int
		rec    *store.SigningKey
		err    error
	}
)

func (keysLoadedMsg) keysResult() {}
func (keysDoneMsg) keysResult()   {}
func (keysReadMsg) keysResult()   {}

// keysPage is the one keys page: keys belong to the signer, not to an
// engagement.
var keysPage = ui.PageKey{Kind: ui.KindKeys}

func (keysLoadedMsg) Recipient() ui.PageKey { return keysPage }
func (keysDoneMsg) Recipient() ui.PageKey   { return keysPage }
func (keysReadMsg) Recipient() ui.PageKey   { return keysPage }
func (m keysDoneMsg) EndsWrite() bool       { return m.write }

// loadKeys reads every key and the policy.
func loadKeys(sh *ui.Context) tea.Cmd {
	st, ctx := sh.Store, sh.Ctx
	return func() tea.Msg {
		ks, err := st.Keys(ctx)
		if err != nil {
			return keysLoadedMsg{err: err}
		}
		on, err := st.SignedApprovalRequired(ctx)
		return keysLoadedMsg{keys: ks, policy: on, err: err}
	}
}

// keyLines are a key's fingerprints, for the result of an action.
func keyLines(T func(string, ...any) string, k *store.SigningKey) []string {
	return []string{T("keys.fpr.ed25519", k.Ed25519FPR), T("keys.fpr.sm2", k.SM2FPR)}
}

func createKeyCmd(sh *ui.Context, serial int, pass []byte) tea.Cmd {
	st, ctx, op, T := sh.Store, sh.Ctx, sh.Operator, sh.Catalog.T
	return func() tea.Msg {
		defer ui.WipeBytes(pass)
		ring := signing.NewKeyring(st.Path())
		k, err := ring.Create(func(k *store.SigningKey) error { return st.AddKey(ctx, op, store.EventKeyCreate, k) },
			ui.SigningProfile(op), pass, st.Now())
		if err != nil {
			st.AuditFailure(ctx, op, store.EventKeyCreate, "key", "", err)
			return keysDoneMsg{serial: serial, act: keysActNew, err: err, write: true}
		}
		lines := append([]string{T("keys.created", op.Name, k.ShortID())}, keyLines(T, k)...)
		lines = append(lines, T("keys.files_at", filepath.Join(ring.Base, k.Dir)))
		return keysDoneMsg{serial: serial, act: keysActNew, lines: lines, write: true}
	}
}

// passwdCmd re-encrypts the key's files under a new passphrase.
func passwdCmd(sh *ui.Context, serial int, key store.SigningKey, old, next []byte) tea.Cmd {
	st, ctx, op, T := sh.Store, sh.Ctx, sh.Operator, sh.Catalog.T
	return func() tea.Msg {
		defer ui.WipeBytes(old)
		defer ui.WipeBytes(next)
		ring := signing.NewKeyring(st.Path())
		dir, err := ring.ChangePassphrase(key, old, next, st.Now(), func(dir string) error { return st.SetKeyDir(ctx, op, key.ID, dir) })
		if err != nil {
			st.AuditFailure(ctx, op, store.EventKeyPass, "key", key.ShortID(), err)
			return keysDoneMsg{serial: serial, act: keysActPasswd, err: err, write: true}
		}
		return keysDoneMsg{serial: serial, act: keysActPasswd, write: true,
			lines: []string{T("keys.passwd.done", key.ShortID()), T("keys.files_at", filepath.Join(ring.Base, dir))}}
	}
}

func importKeyCmd(sh *ui.Context, serial int, dir string, pass []byte) tea.Cmd {
	st, ctx, op, T := sh.Store, sh.Ctx, sh.Operator, sh.Catalog.T
	return func() tea.Msg {
		defer ui.WipeBytes(pass)
		ring := signing.NewKeyring(st.Path())
		k, err := ring.Import(func(k *store.SigningKey) error { return st.AddKey(ctx, op, store.EventKeyImport, k) },
			ui.SigningProfile(op), dir, pass, st.Now())
		if err != nil {
			st.AuditFailure(ctx, op, store.EventKeyImport, "key", "", err)
			return keysDoneMsg{serial: serial, act: keysActImport, err: err, write: true}
		}
		lines := append([]string{T("keys.imported", op.Name, k.ShortID())}, keyLines(T, k)...)
		return keysDoneMsg{serial: serial, act: keysActImport, lines: lines, write: true}
	}
}

func exportPublicCmd(sh *ui.Context, serial int, k store.SigningKey, dir string) tea.Cmd {
	st, T := sh.Store, sh.Catalog.T
	return func() tea.Msg {
		paths, err := signing.NewKeyring(st.Path()).ExportPublic(k, dir)
		if err != nil {
			return keysDoneMsg{serial: serial, act: keysActExport, err: err, write: true}
		}
		var lines []string
		for _, p := range paths {
			lines = append(lines, T("keys.exported", p))
		}
		return keysDoneMsg{serial: serial, act: keysActExport, lines: lines, write: true}
	}
}

func readPublicCmd(sh *ui.Context, serial int, path string) tea.Cmd {
	return func() tea.Msg {
		pub, err := signing.ReadPublic(path)
		if err != nil {
			return keysReadMsg{serial: serial, err: err}
		}
		rec, err := pub.TrustRecord()
		return keysReadMsg{serial: serial, rec: rec, err: err}
	}
}

func trustKeyCmd(sh *ui.Context, serial int, rec store.SigningKey) tea.Cmd {
	st, ctx, op, T := sh.Store, sh.Ctx, sh.Operator, sh.Catalog.T
	return func() tea.Msg {
		if err := st.AddKey(ctx, op, store.EventKeyTrust, &rec); err != nil {
			return keysDoneMsg{serial: serial, act: keysActTrustOK, err: err, write: true}
		}
		lines := append([]string{T("keys.trusted", rec.Name, rec.Unit, rec.ShortID())}, keyLines(T, &rec)...)
		return keysDoneMsg{serial: serial, act: keysActTrustOK, lines: lines, write: true}
	}
}

func revokeKeyCmd(sh *ui.Context, serial int, k store.SigningKey) tea.Cmd {
	st, ctx, op, T := sh.Store, sh.Ctx, sh.Operator, sh.Catalog.T
	return func() tea.Msg {
		if err := st.RevokeKey(ctx, op, k.ID); err != nil {
			return keysDoneMsg{serial: serial, act: keysActRevoke, err: err, write: true}
		}
		return keysDoneMsg{serial: serial, act: keysActRevoke, lines: []string{T("keys.revoked_done", k.ShortID(), k.Name)}, write: true}
	}
}

func setPolicyCmd(sh *ui.Context, serial int, on bool) tea.Cmd {
	st, ctx, op, T := sh.Store, sh.Ctx, sh.Operator, sh.Catalog.T
	return func() tea.Msg {
		if err := st.SetSignedApprovalRequired(ctx, op, on); err != nil {
			return keysDoneMsg{serial: serial, act: keysActPolicy, err: err, write: true}
		}
		return keysDoneMsg{serial: serial, act: keysActPolicy, lines: []string{T(policyKey(on))}, write: true, policy: true}
	}
}

func policyKey(on bool) string {
	if on {
		return "keys.policy.on"
	}
	return "keys.policy.off"
}

// ownKeyInForce is the current operator's key in force, from the list.
func (k *keysScreen) ownKeyInForce() *store.SigningKey {
	for i := range k.keys {
		x := &k.keys[i]
		if x.Kind == store.KeyOwn && x.OperatorID == k.sh.Operator.ID && !x.Revoked() {
			return x
		}
	}
	return nil
}

func (k *keysScreen) selected() *store.SigningKey {
	if k.cursor < 0 || k.cursor >= len(k.keys) {
		return nil
	}
	return &k.keys[k.cursor]
}

func (k *keysScreen) setNote(lines []string, isErr bool) {
	k.note, k.noteErr = lines, isErr
	if len(lines) > 0 {
		k.sh.SetStatusText(lines[0], isErr)
	}
}

// clearSecrets empties the passphrases the form wrote into.
func (k *keysScreen) clearSecrets() { k.pass, k.again, k.old = "", "", "" }

// handleKey takes a key press; leave is true when the screen is left.
func (k *keysScreen) handleKey(msg tea.KeyPressMsg) (cmd tea.Cmd, leave bool) {
	km, sk := k.sh.Keys, k.sh.Keys.Sign
	switch k.mode {
	case keysModeForm:
		return k.formMsg(msg), false
	case keysModeBusy:
		return nil, false
	}
	T := k.sh.T
	switch {
	case key.Matches(msg, km.Back):
		return nil, true
	case key.Matches(msg, km.Up):
		k.cursor = max(k.cursor-1, 0)
	case key.Matches(msg, km.Down):
		k.cursor = max(min(k.cursor+1, len(k.keys)-1), 0)
	case key.Matches(msg, km.Home):
		k.cursor = 0
	case key.Matches(msg, km.End):
		k.cursor = max(len(k.keys)-1, 0)
	case !k.loaded:
		return nil, false
	case key.Matches(msg, sk.New), key.Matches(msg, sk.Import):
		if k.ownKeyInForce() != nil {
			k.setNote([]string{T("keys.err.in_force")}, true)
			return nil, false
		}
		act := keysActNew
		if key.Matches(msg, sk.Import) {
			act = keysActImport
		}
		k.path = ""
		return k.openForm(act), false
	case key.Matches(msg, sk.Export):
		if s := k.selected(); s != nil {
			k.target = *s
			return k.openForm(keysActExport), false
		}
	case key.Matches(msg, sk.Trust):
		return k.openForm(keysActTrust), false
	case key.Matches(msg, sk.Revoke):
		s := k.selected()
		if s == nil {
			return nil, false
		}
		if s.Revoked() {
			k.setNote([]string{T("keys.err.revoked")}, true)
			return nil, false
		}
		k.target = *s
		return k.openForm(keysActRevoke), false
	case key.Matches(msg, sk.Passwd):
		own := k.ownKeyInForce()
		if own == nil {
			k.setNote([]string{T("keys.err.no_key", ui.OneLine(k.sh.Operator.Name))}, true)
			return nil, false
		}
		k.target = *own
		return k.openForm(keysActPasswd), false
	case key.Matches(msg, sk.Policy):
		k.serial++
		k.mode = keysModeBusy
		k.act = keysActPolicy
		k.sh.Writing()
		return setPolicyCmd(k.sh, k.serial, !k.policy), false
	}
	return nil, false
}

// openForm opens the form of an action with empty passphrases.
func (k *keysScreen) openForm(act keysAction) tea.Cmd {
	k.act, k.errs = act, nil
	k.clearSecrets()
	k.yes = false
	return k.buildForm()
}

// formHead is what is shown above the form: the key it is about.
func (k *keysScreen) formHead() []string {
	T := k.sh.T
	switch k.act {
	case keysActNew, keysActImport:
		return []string{T("tui.sign.keys.for", ui.OneLine(k.sh.Operator.Label()))}
	case keysActExport, keysActRevoke, keysActPasswd:
		t := k.target
		return []string{T("tui.sign.keys.line", T("keys.kind."+t.Kind), ui.OneLine(t.Name), ui.OneLine(t.Unit)), T("keys.fpr.ed25519", t.Ed25519FPR)}
	case keysActTrustOK:
		if r := k.trust; r != nil {
			return append([]string{T("tui.sign.keys.read", ui.OneLine(r.Name), ui.OneLine(r.Unit))}, keyLines(T, r)...)
		}
	}
	return nil
}

func (k *keysScreen) buildForm() tea.Cmd {
	T := k.sh.T
	required := func(label string) func(string) error {
		return func(s string) error {
			if strings.TrimSpace(s) == "" {
				return ui.Errorf(T("err.field_line", label, T("err.required")))
			}
			return nil
		}
	}
	passT, againT, dirT := T("tui.sign.keys.pass"), T("tui.sign.keys.again"), T("tui.sign.keys.dir")
	pass := func(title string, v *string) *huh.Input {
		return huh.NewInput().Title(title).EchoMode(huh.EchoModePassword).Value(v).CharLimit(1024)
	}
	var fields []huh.Field
	var title string
	switch k.act {
	case keysActNew:
		title = T("tui.sign.keys.new_title")
		fields = []huh.Field{
			pass(passT, &k.pass).Key("pass").Description(T("tui.sign.keys.pass_hint", signing.MinPassphrase)),
			pass(againT, &k.again).Key("again"),
		}
	case keysActPasswd:
		title = T("tui.sign.keys.passwd_title")
		fields = []huh.Field{
			pass(T("tui.sign.keys.old_pass"), &k.old).Key("old").Validate(func(s string) error {
				if s == "" {
					return ui.Errorf(T("keys.err.empty"))
				}
				return nil
			}),
			pass(T("tui.sign.keys.new_pass"), &k.pass).Key("pass").Description(T("tui.sign.keys.pass_hint", signing.MinPassphrase)),
			pass(againT, &k.again).Key("again"),
		}
	case keysActImport:
		title = T("tui.sign.keys.import_title")
		fields = []huh.Field{
			huh.NewInput().Key("dir").Title(dirT).Description(T("tui.sign.keys.import_hint")).Value(&k.path).CharLimit(4096).Validate(required(dirT)),
			pass(passT, &k.pass).Key("pass").Validate(func(s string) error {
				if s == "" {
					return ui.Errorf(T("keys.err.empty"))
				}
				return nil
			}),
		}
	case keysActExport:
		title = T("tui.sign.keys.export_title")
		fields = []huh.Field{
			huh.NewInput().Key("dir").Title(dirT).Description(T("tui.sign.keys.export_hint")).Value(&k.path).CharLimit(4096).Validate(required(dirT)),
		}
	case keysActTrust:
		pathT := T("tui.sign.keys.path")
		title = T("tui.sign.keys.trust_title")
		fields = []huh.Field{
			huh.NewInput().Key("path").Title(pathT).Description(T("tui.sign.keys.trust_hint")).Value(&k.path).CharLimit(4096).Validate(required(pathT)),
		}
	case keysActTrustOK:
		title = T("tui.sign.keys.trust_title")
		fields = []huh.Field{
			huh.NewConfirm().Key("yes").Title(T("tui.sign.keys.trust_ask")).Description(T("tui.sign.keys.trust_desc")).
				Affirmative(T("tui.yes")).Negative(T("tui.no")).Value(&k.yes),
		}
	case keysActRevoke:
		title = T("tui.sign.keys.revoke_title")
		fields = []huh.Field{
			huh.NewConfirm().Key("yes").Title(T("tui.sign.keys.revoke_ask", k.target.ShortID(), ui.OneLine(k.target.Name))).
				Description(T("tui.sign.keys.revoke_desc")).Affirmative(T("tui.yes")).Negative(T("tui.no")).Value(&k.yes),
		}
	}
	k.form = huh.NewForm(huh.NewGroup(fields...).Title(title)).
		WithTheme(ui.FormTheme(k.sh)).
		WithKeyMap(ui.FormKeyMap(k.sh.Catalog)).
		WithShowHelp(false).
		WithShowErrors(true)
	k.mode = keysModeForm
	k.SetSize(k.w, k.h)
	return k.form.Init()
}

// formMsg hands the form a message and reacts to its end.
func (k *keysScreen) formMsg(msg tea.Msg) tea.Cmd {
	if k.form == nil || k.form.State != huh.StateNormal {
		return nil
	}
	var cmd tea.Cmd
	k.form, cmd = ui.UpdateForm(k.form, msg)
	switch k.form.State {
	case huh.StateCompleted:
		k.form = nil
		return tea.Batch(cmd, k.submit())
	case huh.StateAborted:
		k.form = nil
		k.clearSecrets()
		k.mode = keysModeList
		k.setNote([]string{k.sh.T("tui.status.nothing_changed")}, false)
	}
	return cmd
}

// submit starts the action of a completed form.
func (k *keysScreen) submit() tea.Cmd {
	T := k.sh.T
	k.serial++
	switch k.act {
	case keysActNew:
		p, a := []byte(k.pass), []byte(k.again)
		k.clearSecrets()
		err := signing.CheckNewPassphrase(p, a)
		ui.WipeBytes(a)
		if err != nil {
			ui.WipeBytes(p)
			return k.reopen(ui.DescribeKeyError(k.sh, err))
		}
		k.mode = keysModeBusy
		k.sh.Writing()
		k.setNote([]string{T("tui.sign.keys.creating")}, false)
		return createKeyCmd(k.sh, k.serial, p)
	case keysActPasswd:
		o, p, a := []byte(k.old), []byte(k.pass), []byte(k.again)
		k.clearSecrets()
		err := signing.CheckNewPassphrase(p, a)
		ui.WipeBytes(a)
		if err != nil {
			ui.WipeBytes(p)
			ui.WipeBytes(o)
			return k.reopen(ui.DescribeKeyError(k.sh, err))
		}
		k.mode = keysModeBusy
		k.sh.Writing()
		k.setNote([]string{T("tui.sign.keys.opening")}, false)
		return passwdCmd(k.sh, k.serial, k.target, o, p)
	case keysActImport:
		p := []byte(k.pass)
		k.clearSecrets()
		k.mode = keysModeBusy
		k.sh.Writing()
		k.setNote([]string{T("tui.sign.keys.opening")}, false)
		return importKeyCmd(k.sh, k.serial, ui.UserPath(k.path), p)
	case keysActExport:
		k.mode = keysModeBusy
		k.sh.Writing()
		return exportPublicCmd(k.sh, k.serial, k.target, ui.UserPath(k.path))
	case keysActTrust:
		k.mode = keysModeBusy
		return readPublicCmd(k.sh, k.serial, ui.UserPath(k.path))
	case keysActTrustOK, keysActRevoke:
		if !k.yes {
			k.mode = keysModeList
			k.trust = nil
			k.setNote([]string{T("tui.status.nothing_changed")}, false)
			return nil
		}
		k.mode = keysModeBusy
		k.sh.Writing()
		if k.act == keysActRevoke {
			return revokeKeyCmd(k.sh, k.serial, k.target)
		}
		rec := *k.trust
		k.trust = nil
		return trustKeyCmd(k.sh, k.serial, rec)
	}
	k.mode = keysModeList
	return nil
}

// reopen shows the form of the same action again with why it failed; the
// folder typed is kept, the passphrases are not.
func (k *keysScreen) reopen(errs []string) tea.Cmd {
	k.clearSecrets()
	k.yes = false
	cmd := k.buildForm()
	k.errs = errs
	k.SetSize(k.w, k.h)
	if len(errs) > 0 {
		k.sh.SetStatusText(errs[0], true)
	}
	return cmd
}

// onResult takes a result of the screen's commands.
func (k *keysScreen) onResult(msg keysResult) tea.Cmd {
	switch msg := msg.(type) {
	case keysLoadedMsg:
		k.loaded = true
		k.loadErr = k.sh.Describe(msg.err)
		if msg.err == nil {
			k.keys, k.policy = msg.keys, msg.policy
		}
		k.cursor = max(min(k.cursor, len(k.keys)-1), 0)
	case keysReadMsg:
		if msg.serial != k.serial || k.mode != keysModeBusy {
			return nil
		}
		if msg.err != nil {
			lines := ui.DescribeKeyError(k.sh, msg.err)
			if !errors.Is(msg.err, signing.ErrIncompletePublic) && !errors.Is(msg.err, sign.ErrBadKey) {
				lines = []string{k.sh.T("keys.err.public", ui.IOReason(k.sh.T, msg.err))}
			}
			return k.reopen(lines)
		}
		k.trust = msg.rec
		return k.openForm(keysActTrustOK)
	case keysDoneMsg:
		if msg.serial != k.serial {
			return nil
		}
		k.mode = keysModeList
		if msg.err != nil {
			lines := ui.DescribeKeyError(k.sh, msg.err)
			var se *store.Error
			if msg.act == keysActExport && !errors.As(msg.err, &se) && !errors.Is(msg.err, sign.ErrBadKey) {
				lines = []string{k.sh.T("keys.err.write", ui.UserPath(k.path), ui.IOReason(k.sh.T, msg.err))}
			}
			switch msg.act {
			case keysActNew, keysActImport, keysActExport, keysActPasswd:
				return k.reopen(lines)
			}
			k.setNote(lines, true)
			return nil
		}
		k.setNote(msg.lines, false)
		return loadKeys(k.sh)
	}
	return nil
}

// help is the help line of the screen as it stands.
func (k *keysScreen) help() ui.KeyHelp {
	km, sk := k.sh.Keys, k.sh.Keys.Sign
	switch k.mode {
	case keysModeForm:
		if k.act == keysActRevoke || k.act == keysActTrustOK {
			return km.QuestionHelp()
		}
		return km.FormHelp()
	case keysModeBusy:
		return ui.KeyHelp{Short: []key.Binding{km.Quit}}
	}
	short := []key.Binding{sk.New, sk.Export, sk.Import, sk.Trust, sk.Revoke, sk.Policy, sk.Passwd, km.Back}
	return ui.KeyHelp{Short: short, Full: [][]key.Binding{{km.Up, km.Down}, short, {km.Help, km.Quit}}}
}

// View draws the screen.
func (k *keysScreen) View() string {
	T, s := k.sh.T, k.sh.Styles
	lines := []string{s.Title.Render(ui.Fit(" "+T("tui.sign.keys.title"), k.w))}
	if k.mode == keysModeForm && k.form != nil {
		for _, l := range k.formHead() {
			lines = append(lines, s.Bold.Render(ui.Clip(" "+l, k.w)))
		}
		for _, e := range k.errs {
			lines = append(lines, ui.WrapStyled(s.Error, e, k.w, " ! ", "   ")...)
		}
		return ui.JoinLines(lines) + "\n" + k.form.View()
	}
	if k.loadErr != nil {
		for _, l := range k.loadErr {
			lines = append(lines, ui.WrapStyled(s.Error, l, k.w, " ! ", "   ")...)
		}
		return ui.JoinLines(lines)
	}
	if !k.loaded {
		return ui.JoinLines(append(lines, s.Dim.Render(" "+T("tui.doc.loading"))))
	}
	lines = append(lines, ui.WrapStyled(s.Dim, T(policyKey(k.policy)), k.w, " ", " ")...)
	lines = append(lines, "")
	var tail []string
	if k.mode == keysModeBusy {
		tail = append(tail, s.Dim.Render(ui.Clip(" "+T("tui.sign.keys.busy"), k.w)))
	} else if len(k.note) > 0 {
		st := s.Success
		if k.noteErr {
			st = s.Error
		}
		for i, l := range k.note {
			if i == 0 {
				tail = append(tail, ui.WrapStyled(st, l, k.w, " ", "   ")...)
			} else {
				tail = append(tail, ui.Wrap(l, k.w, "   ", "   ")...)
			}
		}
	}
	if len(k.keys) == 0 {
		lines = append(lines, ui.Wrap(T("tui.sign.keys.none"), k.w, " ", " ")...)
		return ui.JoinLines(append(lines, append([]string{""}, tail...)...))
	}
	// kind, signer, unit, created, state, signatures; the fingerprint below
	kindW, dateW, sigW := 6, 10, 6
	for _, x := range k.keys {
		kindW = max(kindW, ui.CellWidth(T("keys.kind."+x.Kind)))
	}
	stateW := max(ui.CellWidth(T("keys.list.state")), ui.CellWidth(T("keys.state.active")), ui.CellWidth(T("keys.state.revoked", "2006-01-02")))
	rest := max(k.w-2-kindW-dateW-stateW-sigW-5, 10)
	nameW := rest / 2
	unitW := rest - nameW
	row := func(a, b, c, d, e, f string) string {
		return "  " + ui.Fit(a, kindW) + " " + ui.Fit(b, nameW) + " " + ui.Fit(c, unitW) + " " + ui.Fit(d, dateW) + " " + ui.Fit(e, stateW) + " " + ui.Fit(f, sigW)
	}
	lines = append(lines, s.Header.Render(ui.Clip(row(T("keys.list.kind"), T("keys.list.name"), T("keys.list.unit"), T("keys.list.created"),
		T("keys.list.state"), T("tui.sign.keys.col.signatures")), k.w)))
	room := max((k.h-len(lines)-len(tail)-1)/2, 1)
	first := max(min(k.cursor-room/2, len(k.keys)-room), 0)
	for i := first; i < len(k.keys) && i < first+room; i++ {
		x := k.keys[i]
		state := T("keys.state.active")
		if x.Revoked() {
			state = T("keys.state.revoked", x.RevokedAt.Local().Format("2006-01-02"))
		}
		sigs := ""
		if x.Kind == store.KeyOwn {
			sigs = ui.Itoa(x.SignatureCount)
		}
		l1 := row(T("keys.kind."+x.Kind), ui.OneLine(x.Name), ui.OneLine(x.Unit), x.CreatedAt.Local().Format("2006-01-02"), state, sigs)
		l2 := "    Ed25519 " + x.Ed25519FPR
		if i == k.cursor {
			l1 = s.Selected.Render(ui.Fit(">"+l1[1:], k.w))
			l2 = s.Selected.Render(ui.Fit(l2, k.w))
		} else if x.Revoked() {
			l1, l2 = s.Dim.Render(ui.Clip(l1, k.w)), s.Dim.Render(ui.Clip(l2, k.w))
		} else {
			l1, l2 = ui.Clip(l1, k.w), s.Dim.Render(ui.Clip(l2, k.w))
		}
		lines = append(lines, l1, l2)
	}
	if len(tail) > 0 {
		lines = append(lines, "")
		lines = append(lines, tail...)
	}
	return ui.JoinLines(lines)
}

// Registration is the signing keys in the root's registry.
var Registration = ui.Registration{Kind: ui.KindKeys, New: New}

// the page --------------------------------------------------------------------

func New(sh *ui.Context, _ int64) ui.Page { return newKeysScreen(sh, 0, 0) }

// Init shows the list afresh: no form, no secret left from the last visit.
func (k *keysScreen) Init() tea.Cmd {
	k.mode, k.form, k.note, k.errs = keysModeList, nil, nil, nil
	k.clearSecrets()
	k.sh.SetStatus("")
	return loadKeys(k.sh)
}

func (k *keysScreen) Title() string { return k.sh.T("tui.page.keys") }

// Capturing: a form types; outside the list, ? is not the workbench's.
func (k *keysScreen) Capturing() bool { return k.mode != keysModeList }

func (k *keysScreen) KeyMap() help.KeyMap { return k.help() }

func (k *keysScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		km := k.sh.Keys
		if k.mode != keysModeForm && (msg.String() == "ctrl+c" || key.Matches(msg, km.Quit)) {
			return ui.Quit()
		}
		cmd, leave := k.handleKey(msg)
		if leave {
			return tea.Batch(cmd, ui.Back())
		}
		return cmd
	case keysResult:
		return k.onResult(msg)
	case tea.WindowSizeMsg, tea.BackgroundColorMsg:
		return nil
	}
	if k.mode != keysModeForm {
		return nil
	}
	return k.formMsg(msg)
}
