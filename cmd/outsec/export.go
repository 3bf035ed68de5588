package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"outsec/internal/safefile"
	"outsec/model"
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

	type outFile struct {
		path, tmp, format string
		b                 []byte
		sum               string
	}
	var files []outFile
	for _, f := range formats {
		b, err := f.Render(doc, data)
		if err != nil {
			failed(err)
			return a.fail(exitFailure, "doc.err.render", f.Name, err.Error())
		}
		sum := sha256.Sum256(b)
		files = append(files, outFile{path: filepath.Join(o.output, doc.Number+"."+f.Name), format: f.Name, b: b, sum: hex.EncodeToString(sum[:])})
	}
	if err := os.MkdirAll(o.output, 0o755); err != nil {
		failed(err)
		return a.fail(exitFailure, "doc.err.write", o.output, a.ioReason(err))
	}
	cleanup := func() {
		for _, f := range files {
			if f.tmp != "" {
				os.Remove(f.tmp)
			}
		}
	}
	for i := range files {
		tmp, err := safefile.WriteTemp(files[i].path, files[i].b)
		if err != nil {
			cleanup()
			failed(err)
			return a.fail(exitFailure, "doc.err.write", files[i].path, a.ioReason(err))
		}
		files[i].tmp = tmp
	}
	for i := range files {
		if err := os.Rename(files[i].tmp, files[i].path); err != nil {
			cleanup()
			failed(err)
			return a.fail(exitFailure, "doc.err.write", files[i].path, a.ioReason(err))
		}
		files[i].tmp = ""
	}
	safefile.SyncDir(o.output)

	rec := &store.ExportRecord{EngagementID: e.ID, Number: doc.Number, Kind: string(kind), Title: doc.Title,
		Version: data.Version, Lang: lang, Seq: data.Seq}
	for _, f := range files {
		p := f.path
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		rec.Files = append(rec.Files, store.ExportFile{Path: p, Format: f.format, Size: int64(len(f.b)), SHA256: f.sum})
		fmt.Fprintln(a.stdout, cat.T("doc.export.file", p, len(f.b), f.sum))
	}
	if err := st.RecordDocumentExport(ctx, op, rec); err != nil {
		return a.storeError(err)
	}
	fmt.Fprintln(a.stdout, cat.T("doc.export.done", doc.Number, doc.Title, len(files)))
	return nil
}
