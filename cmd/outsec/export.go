package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"outsec/exporter"
	"outsec/model"
	"outsec/signing"
	"outsec/store"
	"outsec/templates"
)

// EventDocumentExport records a document written to files.
const EventDocumentExport = store.EventDocumentExport

func formatNames() string {
	names := make([]string, len(templates.Formats))
	for i, f := range templates.Formats {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}

func kindNames() string {
	names := make([]string, len(templates.Kinds))
	for i, k := range templates.Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

type exportOptions struct {
	doc, formats, output, version, date, marking string
	seq                                          int
	sign                                         bool
}

func newExportCmd(a *app) *cobra.Command {
	var o exportOptions
	c := &cobra.Command{
		Use: "export ENGAGEMENT",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return a.fail(exitUsage, "doc.err.args_export")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.exportDocument(cmd.Context(), args[0], o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.doc, "doc", "", "")
	f.StringVar(&o.formats, "format", "md,html", "")
	f.StringVarP(&o.output, "output", "o", "", "")
	f.IntVar(&o.seq, "seq", 1, "")
	f.StringVar(&o.version, "version", "1.0", "")
	f.StringVar(&o.date, "date", "", "")
	f.StringVar(&o.marking, "marking", "", "")
	f.BoolVar(&o.sign, "sign", false, "")
	return c
}

// exportDocument fills one document of an engagement and writes it in each
// format to the output folder. Everything is rendered before anything is
// written; the files appear whole (temporary file, then rename), are listed
// with size and SHA-256, and the export is recorded in the audit trail. A
// broken template fails the export with its file, line and column, and
// nothing is written.
func (a *app) exportDocument(ctx context.Context, ref string, o exportOptions) error {
	cat := a.catalog()
	kind, ok := templates.ParseKind(o.doc)
	if !ok {
		return a.fail(exitUsage, "doc.err.bad_doc", o.doc, kindNames())
	}
	var formats []templates.Format
	for _, name := range strings.Split(o.formats, ",") {
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		found, ok := templates.FormatByName(name)
		if !ok {
			return a.fail(exitUsage, "doc.err.bad_format", name, formatNames())
		}
		dup := false
		for _, f := range formats {
			dup = dup || f.Name == name
		}
		if !dup {
			formats = append(formats, found)
		}
	}
	if len(formats) == 0 {
		return a.fail(exitUsage, "doc.err.bad_format", o.formats, formatNames())
	}
	if o.output == "" {
		return a.fail(exitUsage, "doc.err.no_output")
	}
	var date model.Date
	if o.date != "" {
		d, ok := model.ParseDate(o.date)
		if !ok {
			return a.fail(exitUsage, "doc.err.bad_date", o.date)
		}
		date = d
	}
	tdir, err := a.templatesDir()
	if err != nil {
		return err
	}

	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	e, err := a.findEngagement(ctx, st, ref)
	if err != nil {
		return err
	}
	op, err := a.operator(ctx, st)
	if err != nil {
		return err
	}
	lang := string(cat.Lang())
	data, err := templates.Load(ctx, st, e.ID, lang)
	if err != nil {
		return a.storeError(err)
	}
	data.Seq, data.Version = o.seq, o.version
	if date != "" {
		data.Date = date
		data.Sign.Prepared.Date = date
	}
	if o.marking != "" {
		data.Marking = o.marking
	}
	data.Sign.Prepared.Name = op.Name

	failed := func(cause error) {
		st.AuditFailure(ctx, op, EventDocumentExport, "engagement", e.Code, cause)
	}
	doc, err := templates.Fill(kind, data, lang, tdir)
	if err != nil {
		failed(err)
		var te *templates.TemplateError
		if errors.As(err, &te) {
			return a.fail(exitFailure, "doc.err.templates_broken", te.Error())
		}
		return a.fail(exitFailure, "doc.err.template", err.Error())
	}

	var signer *signing.Signer
	if o.sign {
		if signer, err = a.unlockSigner(ctx, st, op); err != nil {
			return err
		}
	}
	job, err := exporter.New(doc, data, kind, formats, o.output, signer, "outsec "+version, st.Now().UTC())
	if err != nil {
		failed(err)
		return a.fail(exitFailure, "sign.err.locked", err.Error())
	}
	if err := job.RenderAll(); err != nil {
		failed(err)
		var re *exporter.RenderError
		if errors.As(err, &re) {
			return a.fail(exitFailure, "doc.err.render", re.Format, re.Err.Error())
		}
		return a.fail(exitFailure, "doc.err.render", "", err.Error())
	}
	rec, err := job.Write(ctx, st, op)
	if err != nil {
		var we *exporter.WriteError
		if errors.As(err, &we) {
			if errors.Is(we.Err, exporter.ErrNotDir) {
				return a.fail(exitFailure, "doc.err.write", we.Path, cat.T("tui.doc.err.not_dir", we.Path))
			}
			return a.fail(exitFailure, "doc.err.write", we.Path, a.ioReason(we.Err))
		}
		if rec == nil {
			return a.fail(exitFailure, "sign.err.locked", err.Error())
		}
	}
	for _, f := range rec.Files {
		fmt.Fprintln(a.stdout, cat.T("doc.export.file", f.Path, f.Size, f.SHA256))
	}
	if err != nil { // the files are written; the record is not
		return a.storeError(err)
	}
	if g := rec.Signature; g != nil {
		fmt.Fprintln(a.stdout, cat.T("sign.signed", g.Name, g.Code))
	}
	fmt.Fprintln(a.stdout, cat.T("doc.export.done", doc.Number, doc.Title, len(rec.Files)))
	return nil
}

// unlockSigner opens the current signer's key with the passphrase asked for.
// A wrong passphrase stops the export before anything is written.
func (a *app) unlockSigner(ctx context.Context, st *store.Store, op store.Operator) (*signing.Signer, error) {
	if op.ID == 0 {
		return nil, a.fail(exitFailure, "keys.err.no_profile")
	}
	k, err := st.SignerKey(ctx, op.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, a.fail(exitFailure, "keys.err.no_key", op.Name)
	}
	if err != nil {
		return nil, a.storeError(err)
	}
	pass, err := a.askPassphrase(false)
	if err != nil {
		return nil, err
	}
	defer zero(pass)
	ring, err := a.keyring()
	if err != nil {
		return nil, err
	}
	kp, err := ring.Unlock(k, pass)
	if err != nil {
		st.AuditFailure(ctx, op, EventDocumentExport, "key", k.ShortID(), err)
		return nil, a.keyError(err)
	}
	return &signing.Signer{Profile: signing.Profile{OperatorID: op.ID, Name: op.Name, Role: op.Role, Unit: op.Unit}, KeyID: k.ID, Keys: kp}, nil
}
