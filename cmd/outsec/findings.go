package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"outsec/model"
	"outsec/model/findings"
	"outsec/store"
	"outsec/templates"
)

// The findings register (8.1), the incident register (A.7) and the evidence
// store on the command line: lists that run without a screen, and evidence
// added from a script (an inspector's photos, an exported log).

func newFindingsCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: "findings"}
	var overdue, open bool
	list := &cobra.Command{
		Use: "list ENGAGEMENT",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return a.fail(exitUsage, "cli.findings.args")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.listFindings(cmd.Context(), args[0], open, overdue)
		},
	}
	list.Flags().BoolVar(&overdue, "overdue", false, "")
	list.Flags().BoolVar(&open, "open", false, "")
	cmd.AddCommand(list)
	return cmd
}

func (a *app) listFindings(ctx context.Context, ref string, open, overdue bool) error {
	cat := a.catalog()
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	e, err := a.findEngagement(ctx, st, ref)
	if err != nil {
		return err
	}
	fs, err := st.Findings(ctx, e.ID)
	if err != nil {
		return a.storeError(err)
	}
	today := model.Date(st.Now().Format(model.DateLayout))
	var t table
	t.add(cat.T("cli.findings.col.id"), cat.T("cli.findings.col.severity"), cat.T("cli.findings.col.state"),
		cat.T("cli.findings.col.due"), cat.T("cli.findings.col.source"), cat.T("cli.findings.col.evidence"), cat.T("cli.findings.col.description"))
	shown := 0
	for i := range fs {
		f := &fs[i]
		if (open && f.State.Final()) || (overdue && !f.Overdue(today)) {
			continue
		}
		shown++
		due := string(f.Action.Due())
		if f.Overdue(today) {
			due += " " + cat.T("cli.findings.overdue")
		}
		t.add("#"+strconv.FormatInt(f.ID, 10), cat.T(f.Severity.Key()), cat.T(f.State.Key()), due, cat.T(f.Source.Key()),
			strconv.Itoa(f.Evidence), f.Description)
	}
	if shown == 0 {
		fmt.Fprintln(a.stdout, cat.T("cli.findings.none", e.Code))
		return nil
	}
	if err := t.write(a.stdout); err != nil {
		return err
	}
	c := findings.Count(fs, today)
	fmt.Fprintln(a.stdout, cat.T("cli.findings.total", c.Total, c.Open, c.Overdue, c.Pending))
	if c.Overdue > 0 {
		fmt.Fprintln(a.stdout, cat.T("cli.findings.overdue_note", string(findings.ClauseNotice)))
	}
	return nil
}

func newIncidentsCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: "incidents"}
	cmd.AddCommand(&cobra.Command{
		Use: "list ENGAGEMENT",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return a.fail(exitUsage, "cli.findings.args")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.listIncidents(cmd.Context(), args[0])
		},
	})
	return cmd
}

func (a *app) listIncidents(ctx context.Context, ref string) error {
	cat := a.catalog()
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	e, err := a.findEngagement(ctx, st, ref)
	if err != nil {
		return err
	}
	ins, err := st.Incidents(ctx, e.ID)
	if err != nil {
		return a.storeError(err)
	}
	hours, err := st.NotifyHours(ctx, e.ID)
	if err != nil {
		return a.storeError(err)
	}
	h := strconv.FormatFloat(hours, 'g', -1, 64)
	fmt.Fprintln(a.stdout, cat.T("cli.incidents.deadline", h, findings.ContractClauses))
	if len(ins) == 0 {
		fmt.Fprintln(a.stdout, cat.T("cli.incidents.none", e.Code))
		return nil
	}
	now := st.Now()
	var t table
	t.add(cat.T("cli.incidents.col.id"), cat.T("cli.incidents.col.found"), cat.T("cli.incidents.col.reported"),
		cat.T("cli.incidents.col.hours"), cat.T("cli.incidents.col.closed"), cat.T("cli.incidents.col.title"))
	late := 0
	for i := range ins {
		in := &ins[i]
		rep, hrs := cat.T("cli.incidents.not_reported"), ""
		if !in.ReportedAt.IsZero() {
			rep, hrs = findings.FormatTime(in.ReportedAt), strconv.FormatFloat(in.HoursToReport(), 'f', 1, 64)
		}
		if in.Late(hours, now) {
			late++
			hrs += " " + cat.T("cli.incidents.late")
		}
		t.add("#"+strconv.FormatInt(in.ID, 10), findings.FormatTime(in.FoundAt), rep, hrs, string(in.ClosedOn), in.Title)
	}
	if err := t.write(a.stdout); err != nil {
		return err
	}
	if late > 0 {
		fmt.Fprintln(a.stdout, cat.T("cli.incidents.late_note", late, h, string(findings.ClauseReport), findings.ContractClauses))
	}
	return nil
}

func newEvidenceCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: "evidence"}
	var finding, incident int64
	var note, title string
	add := &cobra.Command{
		Use: "add ENGAGEMENT [FILE...]",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 1 || (len(args) == 1 && note == "") || (len(args) > 1 && note != "") {
				return a.fail(exitUsage, "cli.evidence.args")
			}
			if finding != 0 && incident != 0 {
				return a.fail(exitUsage, "cli.evidence.one_owner")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			owner := store.Owner{}
			switch {
			case finding != 0:
				owner = store.Owner{Kind: store.OwnerFinding, ID: finding}
			case incident != 0:
				owner = store.Owner{Kind: store.OwnerIncident, ID: incident}
			}
			return a.addEvidence(cmd.Context(), args[0], args[1:], note, title, owner)
		},
	}
	add.Flags().Int64Var(&finding, "finding", 0, "")
	add.Flags().Int64Var(&incident, "incident", 0, "")
	add.Flags().StringVar(&note, "note", "", "")
	add.Flags().StringVar(&title, "title", "", "")
	list := &cobra.Command{
		Use: "list ENGAGEMENT",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return a.fail(exitUsage, "cli.findings.args")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.listEvidence(cmd.Context(), args[0])
		},
	}
	cmd.AddCommand(add, list)
	return cmd
}

// addEvidence adds each file (or the note), each in its own transaction: a
// file that cannot be added is named and the others are still added; the
// command then fails.
func (a *app) addEvidence(ctx context.Context, ref string, paths []string, note, title string, owner store.Owner) error {
	cat := a.catalog()
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
	show := func(ev store.Evidence) {
		fmt.Fprintln(a.stdout, cat.T("cli.evidence.added", ev.Name, ev.Size, ev.SHA256, ev.SM3))
	}
	if note != "" {
		ev, err := st.AddEvidenceNote(ctx, op, e.ID, title, note, owner)
		if err != nil {
			return a.storeError(err)
		}
		show(ev)
		return nil
	}
	failed := 0
	for _, p := range paths {
		ev, err := st.AddEvidenceFile(ctx, op, e.ID, p, owner)
		if err != nil {
			failed++
			fmt.Fprintln(a.stderr, cat.T("cli.evidence.failed", p, a.describe(err)))
			continue
		}
		show(ev)
	}
	if failed > 0 {
		return a.fail(exitFailure, "cli.evidence.some_failed", failed, len(paths))
	}
	fmt.Fprintln(a.stdout, cat.T("cli.evidence.folder", st.EvidenceDir()))
	return nil
}

func (a *app) listEvidence(ctx context.Context, ref string) error {
	cat := a.catalog()
	st, err := a.open(ctx)
	if err != nil {
		return err
	}
	e, err := a.findEngagement(ctx, st, ref)
	if err != nil {
		return err
	}
	evs, err := st.EngagementEvidence(ctx, e.ID)
	if err != nil {
		return a.storeError(err)
	}
	if len(evs) == 0 {
		fmt.Fprintln(a.stdout, cat.T("cli.evidence.none", e.Code))
		return nil
	}
	var t table
	t.add(cat.T("cli.evidence.col.id"), cat.T("cli.evidence.col.kind"), cat.T("cli.evidence.col.size"), "SHA-256", "SM3",
		cat.T("cli.evidence.col.added"), cat.T("cli.evidence.col.name"))
	for _, ev := range evs {
		t.add(strconv.FormatInt(ev.ID, 10), cat.T("cli.evidence.kind."+ev.Kind), strconv.FormatInt(ev.Size, 10), ev.SHA256, ev.SM3,
			localTime(ev.AddedAt)+" "+ev.AddedBy, ev.Name)
	}
	return t.write(a.stdout)
}

// evidence is doctor's check of the evidence files: each one read again
// against its recorded size and digests.
func (r *doctorReport) evidence(ctx context.Context, st *store.Store) {
	cat := r.a.catalog()
	n, probs, err := st.CheckEvidence(ctx)
	switch {
	case err != nil:
		r.line(false, cat.T("doctor.evidence"), r.a.describe(err))
	case len(probs) == 0:
		r.line(true, cat.T("doctor.evidence"), cat.T("doctor.evidence_ok", n, st.EvidenceDir()))
	default:
		for _, p := range probs {
			if p.Missing {
				r.line(false, cat.T("doctor.evidence"), cat.T("doctor.evidence_missing", p.Evidence.ID, p.Evidence.Name, st.EvidencePath(p.Evidence)))
			} else {
				r.line(false, cat.T("doctor.evidence"), cat.T("doctor.evidence_changed", p.Evidence.ID, p.Evidence.Name, st.EvidencePath(p.Evidence), p.Got.SHA256))
			}
		}
	}
}

// selectRegister applies --findings (the rectification notice's findings)
// and --incident (the incident report's incident) to the data of an export.
func (a *app) selectRegister(kind templates.Kind, data *templates.DocData, o exportOptions) error {
	if o.findings != "" {
		if kind != templates.RectificationNotice {
			return a.fail(exitUsage, "cli.findings.flag_kind", "--findings", string(templates.RectificationNotice))
		}
		ids, ok := templates.ParseIDs(o.findings)
		if !ok {
			return a.fail(exitUsage, "cli.findings.bad_ids", o.findings)
		}
		if missing := data.SelectFindings(ids); len(missing) > 0 {
			return a.fail(exitFailure, "cli.findings.no_such", fmt.Sprint(missing))
		}
	}
	if o.incident != 0 {
		if kind != templates.IncidentReport {
			return a.fail(exitUsage, "cli.findings.flag_kind", "--incident", string(templates.IncidentReport))
		}
		if !data.SelectIncident(o.incident) {
			return a.fail(exitFailure, "cli.incidents.no_such", o.incident)
		}
	}
	return nil
}
