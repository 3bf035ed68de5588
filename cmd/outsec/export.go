package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"outsec/exporter"
	"outsec/model"
	"outsec/signing"
	"outsec/store"
	"outsec/templates"
	"outsec/templates/render"
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
	person                                       string
	filing                                       int
	findings                                     string // --findings: the notice's findings (findings.go)
	incident                                     int64  // --incident: the incident report's incident
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
	f.IntVar(&o.seq, "seq", 0, "")
	f.StringVar(&o.version, "version", "1.0", "")
	f.StringVar(&o.date, "date", "", "")
	f.StringVar(&o.marking, "marking", "", "")
	f.BoolVar(&o.sign, "sign", false, "")
	f.StringVar(&o.person, "person", "", "")
	f.IntVar(&o.filing, "filing", 0, "")
	f.StringVar(&o.findings, "findings", "", "")
	f.Int64Var(&o.incident, "incident", 0, "")
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
	// -o is optional (issue 16): the engagement's export folder, the one the
	// workbench's dialog proposes too (Documents/outsec/CODE before the
	// first export); a missing folder is created.
	if o.output == "" {
		o.output = exporter.Dir(ctx, st, e.ID, e.Code)
	}
	lang := string(cat.Lang())
	data, err := templates.Load(ctx, st, e.ID, lang)
	if err != nil {
		return a.storeError(err)
	}
	data.Version = o.version
	if o.seq > 0 {
		data.Seq = o.seq
	} else if err := exporter.NextSeq(ctx, st, data, kind); err != nil {
		return a.storeError(err)
	}
	if date != "" {
		data.Date = date
		data.Sign.Prepared.Date = date
	}
	if o.marking != "" {
		data.Marking = o.marking
	}
	data.Sign.Prepared.Name = op.Name
	// The filing documents are of one version (templates.PerVersion): the
	// latest, or the one --filing names.
	if o.filing != 0 {
		if !kind.PerVersion() {
			return a.fail(exitUsage, "doc.err.filing_flag", string(kind))
		}
		fd, ok := data.ForFiling(o.filing)
		if !ok {
			return a.fail(exitFailure, "doc.err.no_filing", o.filing)
		}
		data = fd
	}

	failed := func(cause error) {
		st.AuditFailure(ctx, op, EventDocumentExport, "engagement", e.Code, cause)
	}
	templateError := func(err error) error {
		failed(err)
		var te *templates.TemplateError
		if errors.As(err, &te) {
			return a.fail(exitFailure, "doc.err.templates_broken", te.Error())
		}
		if errors.Is(err, templates.ErrNoPeople) {
			return a.fail(exitFailure, "doc.err.no_people")
		}
		return a.fail(exitFailure, "doc.err.template", err.Error())
	}

	// The documents: one, or for a per-person kind one per service person
	// (or the one --person names) and a combined PDF to print them all.
	type part struct {
		doc     *render.Document
		data    *templates.DocData
		formats []templates.Format
	}
	var parts []part
	if kind.PerPerson() {
		if o.person != "" {
			var pick []templates.PersonView
			for _, p := range data.People {
				if strconv.Itoa(templates.PersonSeq(p)) == o.person || p.Person.Name == o.person {
					pick = append(pick, p)
				}
			}
			if len(pick) != 1 {
				return a.fail(exitFailure, "doc.err.no_person", o.person)
			}
			data.People = pick
		}
		docs, err := templates.FillNDAs(data, lang, tdir, nil)
		if err != nil {
			return templateError(err)
		}
		for i, doc := range docs {
			pd := data.ForPerson(i)
			pd.Seq = templates.PersonSeq(data.People[i])
			parts = append(parts, part{doc, pd, formats})
		}
		if pdf, ok := templates.FormatByName("pdf"); ok && len(docs) > 1 {
			all, err := templates.CombineNDAs(docs, templates.CombinedNumber(e.Code))
			if err != nil {
				return templateError(err)
			}
			parts = append(parts, part{all, data, []templates.Format{pdf}})
		}
	} else {
		if o.person != "" {
			return a.fail(exitUsage, "doc.err.person_flag", string(kind))
		}
		if err := a.selectRegister(kind, data, o); err != nil {
			return err
		}
		doc, err := templates.Fill(kind, data, lang, tdir)
		if err != nil {
			return templateError(err)
		}
		parts = append(parts, part{doc, data, formats})
	}

	var signer *signing.Signer
	if o.sign {
		if signer, err = a.unlockSigner(ctx, st, op); err != nil {
			return err
		}
		defer signer.Keys.Wipe()
	}
	now, tool := st.Now().UTC(), "outsec "+version
	var jobs []*exporter.Job
	for _, p := range parts {
		j, err := exporter.New(p.doc, p.data, kind, p.formats, o.output, signer, tool, now)
		if err != nil {
			failed(err)
			return a.fail(exitFailure, "sign.err.locked", err.Error())
		}
		jobs = append(jobs, j)
	}
	// Rendered on every processor, then written and recorded as one action:
	// every file and every record, or none.
	if err := exporter.RenderBatch(jobs, nil); err != nil {
		failed(err)
		var re *exporter.RenderError
		if errors.As(err, &re) {
			return a.fail(exitFailure, "doc.err.render", re.Format, re.Err.Error())
		}
		return a.fail(exitFailure, "doc.err.render", "", err.Error())
	}
	recs, err := exporter.WriteBatch(ctx, st, op, jobs)
	if err != nil && recs == nil {
		var we *exporter.WriteError
		if errors.As(err, &we) {
			if errors.Is(we.Err, exporter.ErrNotDir) {
				return a.fail(exitFailure, "doc.err.write", we.Path, cat.T("tui.doc.err.not_dir", we.Path))
			}
			if errors.Is(we.Err, exporter.ErrExists) {
				return a.fail(exitFailure, "export.err.exists", we.Path, exporter.FreeFolder(o.output, jobs[0].Doc.Number))
			}
			return a.fail(exitFailure, "doc.err.write", we.Path, a.ioReason(we.Err))
		}
		return a.fail(exitFailure, "sign.err.locked", err.Error())
	}
	files := 0
	for _, rec := range recs {
		for _, f := range rec.Files {
			fmt.Fprintln(a.stdout, cat.T("doc.export.file", f.Path, f.Size, f.SHA256))
		}
		files += len(rec.Files)
	}
	if err != nil { // the files are written; the records are not
		return a.storeError(err)
	}
	exporter.RememberDir(ctx, st, e.ID, o.output)
	if g := recs[0].Signature; g != nil {
		fmt.Fprintln(a.stdout, cat.T("sign.signed", g.Name, g.Code))
	}
	if kind.PerPerson() {
		people := 0
		for _, p := range parts {
			if p.data.Person != nil {
				people++
			}
		}
		fmt.Fprintln(a.stdout, cat.T("doc.export.batch_done", people, files))
	} else {
		fmt.Fprintln(a.stdout, cat.T("doc.export.done", recs[0].Number, recs[0].Title, files))
	}
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
