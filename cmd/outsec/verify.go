package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"outsec/internal/localtime"
	"outsec/signing"
	"outsec/store"
)

// Exit codes of `outsec verify`, beyond 0 (valid), 1 (cannot check) and 2
// (usage): the files or a signature do not match, or they match but the
// signer is not trusted here.
const (
	exitInvalid       = 3
	exitUnknownSigner = 4
)

func newVerifyCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use: "verify PATH",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return a.fail(exitUsage, "verify.err.args")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.verify(cmd.Context(), args[0])
		},
	}
}

// verify checks the signed export at path and says, in the user's
// language, whether it is valid and by whom, or exactly what fails. The
// database is only read for the trusted keys; a receiving office without one
// still verifies (every signer is then unknown), and none is created.
func (a *app) verify(ctx context.Context, path string) error {
	cat := a.catalog()
	var lookup signing.Lookup
	if p, err := a.dbPath(); err == nil {
		if _, err := os.Stat(p); err == nil {
			st, err := a.openRead(ctx)
			if err != nil {
				return err
			}
			lookup = func(fpr string) ([]store.SigningKey, error) { return st.KeysByFingerprint(ctx, fpr) }
		}
	}
	rep, err := signing.Verify(path, lookup)
	if errors.Is(err, signing.ErrNoSignature) {
		return a.fail(exitFailure, "verify.err.none", path)
	}
	if err != nil {
		return a.fail(exitFailure, "verify.err.read", path, a.ioReason(err))
	}
	for i, r := range rep.Results {
		if i > 0 {
			fmt.Fprintln(a.stdout)
		}
		a.printResult(&r)
	}
	if len(rep.Unsigned) > 0 {
		fmt.Fprintln(a.stdout)
		fmt.Fprintln(a.stdout, cat.T("verify.unsigned", strings.Join(rep.Unsigned, ", ")))
	}
	fmt.Fprintln(a.stdout)
	switch rep.Status() {
	case signing.Invalid:
		fmt.Fprintln(a.stdout, cat.T("verify.summary.invalid"))
		return &exitError{code: exitInvalid}
	case signing.UnknownSigner:
		fmt.Fprintln(a.stdout, cat.T("verify.summary.unknown"))
		return &exitError{code: exitUnknownSigner}
	}
	fmt.Fprintln(a.stdout, cat.T("verify.summary.valid"))
	return nil
}

func (a *app) printResult(r *signing.Result) {
	cat := a.catalog()
	title := ""
	if r.Meta != nil {
		title = r.Meta.Title
	}
	switch r.Status() {
	case signing.Valid:
		fmt.Fprintln(a.stdout, cat.T("verify.valid", r.Number, title))
	case signing.UnknownSigner:
		fmt.Fprintln(a.stdout, cat.T("verify.unknown", r.Number, title))
	default:
		fmt.Fprintln(a.stdout, cat.T("verify.invalid", r.Number, title))
	}
	if m := r.Meta; m != nil {
		fmt.Fprintln(a.stdout, "  "+cat.T("verify.signer", m.Signer.Who()))
		if t, err := time.Parse(time.RFC3339, m.SignedAt); err == nil {
			fmt.Fprintln(a.stdout, "  "+cat.T("verify.signed_at", localtime.WithZone(t)))
		}
		fmt.Fprintln(a.stdout, "  "+cat.T("verify.code", r.Code))
	}
	switch r.Trust {
	case signing.Trusted:
		if r.Key.Kind == store.KeyOwn {
			fmt.Fprintln(a.stdout, "  "+cat.T("verify.trust.own"))
		} else {
			fmt.Fprintln(a.stdout, "  "+cat.T("verify.trust.trusted", r.Key.Source))
		}
	case signing.Revoked:
		fmt.Fprintln(a.stdout, "  "+cat.T("verify.trust.revoked", r.Key.RevokedAt.Local().Format("2006-01-02")))
	default:
		fmt.Fprintln(a.stdout, "  "+cat.T("verify.trust.unknown", orDash(r.Ed25519FPR), orDash(r.SM2FPR)))
	}
	if len(r.Problems) == 0 {
		fmt.Fprintln(a.stdout, "  "+cat.T("verify.files", len(r.Files)))
		return
	}
	fmt.Fprintln(a.stdout, "  "+cat.T("verify.problems", len(r.Problems)))
	for _, p := range r.Problems {
		fmt.Fprintln(a.stdout, "  - "+cat.T(p.Key, p.Args()...))
	}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
