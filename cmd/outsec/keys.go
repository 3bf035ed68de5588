package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"outsec/model/sign"
	"outsec/signing"
	"outsec/store"
)

// Signing keys (issue 5): one Ed25519 and one SM2 key per signer profile,
// both encrypted under one passphrase in the data folder's "keys"; the
// database holds the public halves and the keys of trusted offices.

func newKeysCmd(a *app) *cobra.Command {
	c := &cobra.Command{Use: "keys", Args: cobra.NoArgs}
	one := func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return a.fail(exitUsage, "keys.err.args_one")
		}
		return nil
	}
	newKey := &cobra.Command{Use: "new", Args: cobra.NoArgs, RunE: func(cmd *cobra.Command, _ []string) error {
		return a.keysNew(cmd.Context())
	}}
	list := &cobra.Command{Use: "list", Args: cobra.NoArgs, RunE: func(cmd *cobra.Command, _ []string) error {
		return a.keysList(cmd.Context())
	}}
	var out string
	export := &cobra.Command{Use: "export-public [KEY]", Args: cobra.MaximumNArgs(1), RunE: func(cmd *cobra.Command, args []string) error {
		ref := ""
		if len(args) == 1 {
			ref = args[0]
		}
		return a.keysExportPublic(cmd.Context(), ref, out)
	}}
	export.Flags().StringVarP(&out, "output", "o", ".", "")
	imp := &cobra.Command{Use: "import DIR", Args: one, RunE: func(cmd *cobra.Command, args []string) error {
		return a.keysImport(cmd.Context(), args[0])
	}}
	var name, unit string
	trust := &cobra.Command{Use: "trust PATH", Args: one, RunE: func(cmd *cobra.Command, args []string) error {
		return a.keysTrust(cmd.Context(), args[0], name, unit)
	}}
	trust.Flags().StringVar(&name, "name", "", "")
	trust.Flags().StringVar(&unit, "unit", "", "")
	revoke := &cobra.Command{Use: "revoke KEY", Args: one, RunE: func(cmd *cobra.Command, args []string) error {
		return a.keysRevoke(cmd.Context(), args[0])
	}}
	approval := &cobra.Command{Use: "approval [on|off]", Args: cobra.MaximumNArgs(1), RunE: func(cmd *cobra.Command, args []string) error {
		v := ""
		if len(args) == 1 {
			v = args[0]
		}
		return a.keysApproval(cmd.Context(), v)
	}}
	passwd := &cobra.Command{Use: "passwd", Args: cobra.NoArgs, RunE: func(cmd *cobra.Command, _ []string) error {
		return a.keysPasswd(cmd.Context())
	}}
	c.AddCommand(newKey, list, export, imp, trust, revoke, approval, passwd)
	return c
}

// readPassphrase asks for a passphrase: without echo on a terminal, else
// one line of standard input (a script's pipe). Tests replace it.
var readPassphrase = func(a *app, prompt string) ([]byte, error) {
	if f, ok := a.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(a.stderr, prompt)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(a.stderr)
		return b, err
	}
	if a.lines == nil {
		a.lines = bufio.NewReader(a.stdin)
	}
	line, err := a.lines.ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return nil, err
	}
	return []byte(strings.TrimRight(line, "\r\n")), nil
}

// askPassphrase reads a passphrase; none at all is a usage error.
func (a *app) askPassphrase(again bool) ([]byte, error) {
	cat := a.catalog()
	p, err := readPassphrase(a, cat.T("keys.passphrase"))
	if err != nil || len(p) == 0 {
		return nil, a.fail(exitUsage, "keys.err.empty")
	}
	if !again {
		return p, nil
	}
	q := p
	if a.stdinTerminal() {
		if q, err = readPassphrase(a, cat.T("keys.passphrase_again")); err != nil {
			return nil, a.fail(exitUsage, "keys.err.empty")
		}
	}
	switch err := signing.CheckNewPassphrase(p, q); {
	case errors.Is(err, signing.ErrShortPassphrase):
		return nil, a.fail(exitUsage, "keys.err.short", signing.MinPassphrase)
	case errors.Is(err, signing.ErrBlankPassphrase):
		return nil, a.fail(exitUsage, "keys.err.blank")
	case errors.Is(err, signing.ErrPassphraseMatch):
		return nil, a.fail(exitUsage, "keys.err.mismatch")
	}
	return p, nil
}

func (a *app) stdinTerminal() bool {
	f, ok := a.stdin.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func zero(b []byte) {
	for i := range b {
		b[i] = 0
	}
}

// keyError explains a failure of the key files or the passphrase.
func (a *app) keyError(err error) error {
	var se *store.Error
	switch {
	case errors.Is(err, sign.ErrWrongPassphrase):
		return a.fail(exitFailure, "keys.err.wrong")
	case errors.Is(err, sign.ErrEmptyPassphrase):
		return a.fail(exitUsage, "keys.err.empty")
	case errors.Is(err, signing.ErrNoKeyFiles):
		// The file and why, in the user's words (issue 16: "open …" in English).
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return a.fail(exitFailure, "keys.err.no_files", a.catalog().T("registerio.loc.line", pe.Path, a.ioReason(pe.Err)))
		}
		return a.fail(exitFailure, "keys.err.no_files", err.Error())
	case errors.Is(err, signing.ErrIncompletePublic):
		return a.fail(exitFailure, "keys.err.incomplete")
	case errors.Is(err, sign.ErrBadKey):
		return a.fail(exitFailure, "keys.err.bad_key", err.Error())
	case errors.Is(err, store.ErrKeyInForce):
		return a.fail(exitFailure, "keys.err.in_force")
	case errors.Is(err, store.ErrKeyExists):
		return a.fail(exitFailure, "keys.err.exists")
	case errors.Is(err, store.ErrKeyRevoked):
		return a.fail(exitFailure, "keys.err.revoked")
	case errors.As(err, &se):
		return a.storeError(err)
	}
	return a.fail(exitFailure, "keys.err.write", a.failedPath(err), a.ioReason(err))
}

// failedPath is the file or folder a failed write names (the keys folder
// when it names none), so that "disk full" says where (issue 17, hole 6).
func (a *app) failedPath(err error) string {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &le):
		return le.New
	case errors.As(err, &pe):
		return pe.Path
	}
	if p, err := a.dbPath(); err == nil {
		if abs, err := filepath.Abs(p); err == nil {
			return signing.KeysDir(abs)
		}
	}
	return ""
}

// signerProfile is the current operator profile, which keys belong to.
func (a *app) signerProfile(ctx context.Context, st *store.Store) (store.Operator, error) {
	op, err := st.CurrentOperator(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return op, a.fail(exitFailure, "keys.err.no_profile")
	}
	if err != nil {
		return op, a.storeError(err)
	}
	return op, nil
}

func (a *app) keyring() (signing.Keyring, error) {
	p, err := a.dbPath()
	if err != nil {
		return signing.Keyring{}, a.fail(exitFailure, "cli.no_data_dir", err.Error())
	}
	return signing.NewKeyring(p), nil
}

// ownKeyAction is what creating and importing a key share: the store, the
// signer profile (which must not have a key in force), the passphrase and
// the keyring.
func (a *app) ownKeyAction(ctx context.Context, newPassphrase bool) (*store.Store, store.Operator, []byte, signing.Keyring, error) {
	var ring signing.Keyring
	st, err := a.open(ctx)
	if err != nil {
		return nil, store.Operator{}, nil, ring, err
	}
	op, err := a.signerProfile(ctx, st)
	if err != nil {
		return nil, op, nil, ring, err
	}
	if _, err := st.SignerKey(ctx, op.ID); err == nil {
		return nil, op, nil, ring, a.fail(exitFailure, "keys.err.in_force")
	}
	pass, err := a.askPassphrase(newPassphrase)
	if err != nil {
		return nil, op, nil, ring, err
	}
	if ring, err = a.keyring(); err != nil {
		zero(pass)
		return nil, op, nil, ring, err
	}
	return st, op, pass, ring, nil
}

func (a *app) keysNew(ctx context.Context) error {
	st, op, pass, ring, err := a.ownKeyAction(ctx, true)
	if err != nil {
		return err
	}
	defer zero(pass)
	k, err := ring.Create(func(k *store.SigningKey) error { return st.AddKey(ctx, op, store.EventKeyCreate, k) },
		signing.Profile{OperatorID: op.ID, Name: op.Name, Role: op.Role, Unit: op.Unit}, pass, st.Now().UTC())
	if err != nil {
		st.AuditFailure(ctx, op, store.EventKeyCreate, "key", "", err)
		return a.keyError(err)
	}
	a.printKey("keys.created", op.Name, k)
	fmt.Fprintln(a.stdout, a.catalog().T("keys.files_at", filepath.Join(ring.Base, k.Dir)))
	return nil
}

func (a *app) printKey(key, name string, k *store.SigningKey) {
	cat := a.catalog()
	fmt.Fprintln(a.stdout, cat.T(key, name, k.ShortID()))
	fmt.Fprintln(a.stdout, "  "+cat.T("keys.fpr.ed25519", k.Ed25519FPR))
	fmt.Fprintln(a.stdout, "  "+cat.T("keys.fpr.sm2", k.SM2FPR))
}

func (a *app) keysList(ctx context.Context) error {
	cat := a.catalog()
	st, err := a.openRead(ctx)
	if err != nil {
		return err
	}
	keys, err := st.Keys(ctx)
	if err != nil {
		return a.storeError(err)
	}
	if len(keys) == 0 {
		fmt.Fprintln(a.stdout, cat.T("keys.list.none"))
		return nil
	}
	var t table
	t.add(cat.T("keys.list.id"), cat.T("keys.list.kind"), cat.T("keys.list.name"), cat.T("keys.list.unit"),
		cat.T("keys.list.fpr"), cat.T("keys.list.created"), cat.T("keys.list.state"))
	for _, k := range keys {
		state := cat.T("keys.state.active")
		if k.Revoked() {
			state = cat.T("keys.state.revoked", k.RevokedAt.Local().Format("2006-01-02"))
		}
		t.add(fmt.Sprint(k.ID), cat.T("keys.kind."+k.Kind), k.Name, k.Unit, k.Ed25519FPR,
			k.CreatedAt.Local().Format("2006-01-02"), state)
	}
	t.write(a.stdout)
	on, err := st.SignedApprovalRequired(ctx)
	if err == nil {
		fmt.Fprintln(a.stdout)
		fmt.Fprintln(a.stdout, cat.T(map[bool]string{true: "keys.policy.on", false: "keys.policy.off"}[on]))
	}
	return nil
}

// findKey is a key by reference, or the current signer's key in force.
func (a *app) findKey(ctx context.Context, st *store.Store, ref string) (store.SigningKey, error) {
	if ref == "" {
		op, err := a.signerProfile(ctx, st)
		if err != nil {
			return store.SigningKey{}, err
		}
		k, err := st.SignerKey(ctx, op.ID)
		if errors.Is(err, store.ErrNotFound) {
			return k, a.fail(exitFailure, "keys.err.no_key", op.Name)
		}
		if err != nil {
			return k, a.storeError(err)
		}
		return k, nil
	}
	k, err := st.FindKey(ctx, ref)
	var se *store.Error
	if errors.As(err, &se) && se.Code == store.CodeNotFound {
		return k, a.fail(exitFailure, "keys.err.not_found", ref)
	}
	if errors.As(err, &se) && se.Code == store.CodeConflict {
		return k, a.fail(exitFailure, "keys.err.ambiguous", ref)
	}
	if err != nil {
		return k, a.storeError(err)
	}
	return k, nil
}

func (a *app) keysExportPublic(ctx context.Context, ref, out string) error {
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	k, err := a.findKey(ctx, st, ref)
	if err != nil {
		return err
	}
	ring, err := a.keyring()
	if err != nil {
		return err
	}
	paths, err := ring.ExportPublic(k, out)
	if err != nil {
		return a.fail(exitFailure, "keys.err.write", out, a.ioReason(err))
	}
	for _, p := range paths {
		fmt.Fprintln(a.stdout, a.catalog().T("keys.exported", p))
	}
	return nil
}

func (a *app) keysImport(ctx context.Context, dir string) error {
	st, op, pass, ring, err := a.ownKeyAction(ctx, false)
	if err != nil {
		return err
	}
	defer zero(pass)
	k, err := ring.Import(func(k *store.SigningKey) error { return st.AddKey(ctx, op, store.EventKeyImport, k) },
		signing.Profile{OperatorID: op.ID, Name: op.Name, Role: op.Role, Unit: op.Unit}, dir, pass, st.Now().UTC())
	if err != nil {
		st.AuditFailure(ctx, op, store.EventKeyImport, "key", "", err)
		return a.keyError(err)
	}
	a.printKey("keys.imported", op.Name, k)
	return nil
}

func (a *app) keysTrust(ctx context.Context, path, name, unit string) error {
	pub, err := signing.ReadPublic(path)
	if err != nil {
		if errors.Is(err, signing.ErrIncompletePublic) || errors.Is(err, sign.ErrBadKey) {
			return a.keyError(err)
		}
		return a.fail(exitFailure, "keys.err.public", a.ioReason(err))
	}
	if name != "" {
		pub.Name = name
	}
	if unit != "" {
		pub.Unit = unit
	}
	rec, err := pub.TrustRecord()
	if err != nil {
		return a.keyError(err)
	}
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	op, err := a.operator(ctx, st)
	if err != nil {
		return err
	}
	if err := st.AddKey(ctx, op, store.EventKeyTrust, rec); err != nil {
		return a.keyError(err)
	}
	cat := a.catalog()
	fmt.Fprintln(a.stdout, cat.T("keys.trusted", rec.Name, rec.Unit, rec.ShortID()))
	fmt.Fprintln(a.stdout, "  "+cat.T("keys.fpr.ed25519", rec.Ed25519FPR))
	fmt.Fprintln(a.stdout, "  "+cat.T("keys.fpr.sm2", rec.SM2FPR))
	return nil
}

func (a *app) keysRevoke(ctx context.Context, ref string) error {
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	k, err := a.findKey(ctx, st, ref)
	if err != nil {
		return err
	}
	op, err := a.operator(ctx, st)
	if err != nil {
		return err
	}
	if err := st.RevokeKey(ctx, op, k.ID); err != nil {
		return a.keyError(err)
	}
	fmt.Fprintln(a.stdout, a.catalog().T("keys.revoked_done", k.ShortID(), k.Name))
	return nil
}

func (a *app) keysApproval(ctx context.Context, v string) error {
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	if v != "" {
		on := false
		switch strings.ToLower(v) {
		case "on":
			on = true
		case "off":
		default:
			return a.fail(exitUsage, "keys.err.policy", v)
		}
		op, err := a.operator(ctx, st)
		if err != nil {
			return err
		}
		if err := st.SetSignedApprovalRequired(ctx, op, on); err != nil {
			return a.storeError(err)
		}
	}
	on, err := st.SignedApprovalRequired(ctx)
	if err != nil {
		return a.storeError(err)
	}
	fmt.Fprintln(a.stdout, a.catalog().T(map[bool]string{true: "keys.policy.on", false: "keys.policy.off"}[on]))
	return nil
}

// keysPasswd changes the passphrase of the current signer's key: the old
// one, then the new one (twice on a terminal).
func (a *app) keysPasswd(ctx context.Context) error {
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	k, err := a.findKey(ctx, st, "")
	if err != nil {
		return err
	}
	op, err := a.signerProfile(ctx, st)
	if err != nil {
		return err
	}
	old, err := a.askPassphrase(false)
	if err != nil {
		return err
	}
	defer zero(old)
	if a.stdinTerminal() {
		fmt.Fprintln(a.stderr, a.catalog().T("keys.passwd.new"))
	}
	next, err := a.askPassphrase(true)
	if err != nil {
		return err
	}
	defer zero(next)
	ring, err := a.keyring()
	if err != nil {
		return err
	}
	dir, err := ring.ChangePassphrase(k, old, next, st.Now(), func(dir string) error { return st.SetKeyDir(ctx, op, k.ID, dir) })
	if err != nil {
		st.AuditFailure(ctx, op, store.EventKeyPass, "key", k.ShortID(), err)
		return a.keyError(err)
	}
	fmt.Fprintln(a.stdout, a.catalog().T("keys.passwd.done", k.ShortID()))
	fmt.Fprintln(a.stdout, a.catalog().T("keys.files_at", filepath.Join(ring.Base, dir)))
	return nil
}
