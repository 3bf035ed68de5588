package templates

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"outsec/internal/termtext"
	"outsec/model"
	"outsec/model/findings"
	"outsec/store"
)

// The documents of the findings register (GB/T 32926—2016 8.1, A.7): the
// rectification notice to the vendor for one finding or a selection (8.1
// b)), the rectification record of the engagement (every finding, action,
// evidence digest, verification and comparison), the incident report per
// incident (A.7, 8.1 e)), and the findings as a workbook (XLSX).

// The documents of the improvement phase.
const (
	RectificationNotice Kind = "rectification-notice" // 整改通知书 (8.1 b))
	RectificationRecord Kind = "rectification-record" // 整改记录 (8.1 a)–e))
	IncidentReport      Kind = "incident-report"      // 安全事件报告 (A.7, 8.1 e))
)

// findingsDoc reports whether the kind is one of the register's documents:
// its XLSX is the findings workbook.
func (k Kind) findingsDoc() bool {
	return k == RectificationNotice || k == RectificationRecord || k == IncidentReport
}

// FindingView is one finding as the documents show it.
type FindingView struct {
	N           int
	ID          int64
	Ref         string // #3
	Severity    string
	State       string
	Source      string
	Description string
	Concerns    string
	Reporter    string
	ReportedOn  model.Date
	Position    string

	Measure, Owner, Cost, ActionStatus string
	Due                                model.Date
	Overdue                            bool
	NoticeDate, NoticeDeadline         model.Date
	NoticeDocument                     string
	ControlsChange, PolicyRevised      bool
	ChangeNote                         string
	Before, Target, Result             string
	CheckDate                          model.Date
	Verifier, Verification             string
	VerifiedOn                         model.Date
	DismissReason, DismissedBy         string
	Evidence                           []EvidenceView
	History                            []string
}

// EvidenceView is one item of evidence with its digests.
type EvidenceView struct {
	N             int
	Kind          string
	Name          string
	Size          int64
	SHA256, SM3   string
	AddedBy, Note string
	AddedAt       string
}

// IncidentView is one incident as the documents show it.
type IncidentView struct {
	N                                    int
	ID                                   int64
	Title                                string
	FoundAt, ReportedAt, Deadline        string
	ReportedTo                           string
	Hours                                string // to the report, one decimal; "" when not reported
	Late                                 bool
	Description, Impact, Handling, Cause string
	ClosedOn                             model.Date
	Measures                             []FindingView
	Evidence                             []EvidenceView
	Recorder                             string
}

// RegisterView is the register in a document (DocData.Register).
type RegisterView struct {
	Findings  []FindingView
	Incidents []IncidentView
	// Notice is the findings the rectification notice lists: those
	// selected (SelectFindings), else every one not closed or dismissed.
	Notice []FindingView
	// Incident is the incident the incident report is about
	// (SelectIncident), else the latest.
	Incident *IncidentView
	Counts   findings.Counts
	Hours    string // the contract's reporting deadline (notify_hours)
	Clauses  string // the contract's clauses that set it
	d        *DocData
}

// SetRegister fills the register's views from a store snapshot, in the
// document's language, as of today.
func (d *DocData) SetRegister(r store.RegisterSnapshot) {
	T := d.t
	today := d.Date
	if today == "" {
		today = model.Date("9999-12-31")
	}
	ev := func(list []store.Evidence) []EvidenceView {
		var out []EvidenceView
		for i, e := range list {
			out = append(out, EvidenceView{N: i + 1, Kind: T("cli.evidence.kind." + e.Kind), Name: e.Name, Size: e.Size, SHA256: e.SHA256, SM3: e.SM3,
				AddedBy: e.AddedBy, Note: e.Note, AddedAt: e.AddedAt.Format(findings.TimeLayout)})
		}
		return out
	}
	v := RegisterView{Counts: findings.Count(r.Findings, today), Hours: strconv.FormatFloat(r.NotifyHours, 'g', -1, 64),
		Clauses: findings.ContractClauses, d: d}
	for i := range r.Findings {
		f := &r.Findings[i]
		a := f.Action
		fv := FindingView{N: i + 1, ID: f.ID, Ref: "#" + strconv.FormatInt(f.ID, 10), Severity: T(f.Severity.Key()), State: T(f.State.Key()),
			Source: T(f.Source.Key()), Description: f.Description, Concerns: f.Concerns, Reporter: f.Reporter, ReportedOn: f.ReportedOn,
			Position: T(f.Position.Key()), Measure: a.Measure, Owner: a.Owner, Cost: a.Cost, ActionStatus: T(a.Status.Key()),
			Due: a.Due(), Overdue: f.Overdue(today), NoticeDate: a.NoticeDate, NoticeDeadline: a.NoticeDeadline, NoticeDocument: a.NoticeDocument,
			ControlsChange: a.ControlsChange, PolicyRevised: a.PolicyRevised, ChangeNote: a.ChangeNote,
			Before: a.Before, Target: a.Target, Result: a.Result, CheckDate: a.CheckDate,
			Verifier: f.Verifier, Verification: f.Verification, VerifiedOn: f.VerifiedOn, DismissReason: f.DismissReason, DismissedBy: f.DismissedBy,
			Evidence: ev(r.FindingEvidence[f.ID])}
		if f.PositionRemarks != "" {
			fv.Position += T("tui.findings.sep") + f.PositionRemarks
		}
		for _, e := range f.History {
			what := T(e.To.Key())
			switch {
			case e.To == "":
				what = T("tui.findings.history_change")
			case e.From != "":
				what = T(e.From.Key()) + " → " + what
			}
			line := e.At.Format(findings.TimeLayout) + " " + e.Operator + " " + what
			if e.Note != "" {
				line += T("tui.findings.sep") + e.Note
			}
			fv.History = append(fv.History, line)
		}
		v.Findings = append(v.Findings, fv)
		if !f.State.Final() {
			nv := fv
			nv.N = len(v.Notice) + 1
			v.Notice = append(v.Notice, nv)
		}
	}
	now := today.Time().Add(24*60*60e9 - 1)
	for i := range r.Incidents {
		in := &r.Incidents[i]
		iv := IncidentView{N: i + 1, ID: in.ID, Title: in.Title, FoundAt: findings.FormatTime(in.FoundAt), ReportedAt: findings.FormatTime(in.ReportedAt),
			Deadline: findings.FormatTime(in.Deadline(r.NotifyHours)), ReportedTo: in.ReportedTo, Late: in.Late(r.NotifyHours, now),
			Description: in.Description, Impact: in.Impact, Handling: in.Handling, Cause: in.Cause, ClosedOn: in.ClosedOn,
			Evidence: ev(r.IncidentEvidence[in.ID]), Recorder: in.Recorder}
		if h := in.HoursToReport(); h >= 0 {
			iv.Hours = strconv.FormatFloat(h, 'f', 1, 64)
		}
		for _, fv := range v.Findings {
			f := r.Findings[fv.N-1]
			if f.Source == findings.SourceIncident && f.SourceID == in.ID {
				iv.Measures = append(iv.Measures, fv)
			}
		}
		v.Incidents = append(v.Incidents, iv)
	}
	if n := len(v.Incidents); n > 0 {
		v.Incident = &v.Incidents[n-1]
	}
	d.Register = v
}

// SelectFindings makes the rectification notice list exactly the findings
// with these ids, in the register's order; missing names the ids the
// register does not have.
func (d *DocData) SelectFindings(ids []int64) (missing []int64) {
	want := map[int64]bool{}
	for _, id := range ids {
		want[id] = true
	}
	d.Register.Notice = nil
	for _, f := range d.Register.Findings {
		if want[f.ID] {
			f.N = len(d.Register.Notice) + 1
			d.Register.Notice = append(d.Register.Notice, f)
			delete(want, f.ID)
		}
	}
	for _, id := range ids {
		if want[id] {
			missing = append(missing, id)
		}
	}
	return missing
}

// SelectIncident makes the incident report about the incident id; false
// when the register has no incident of that id.
func (d *DocData) SelectIncident(id int64) bool {
	for i := range d.Register.Incidents {
		if d.Register.Incidents[i].ID == id {
			d.Register.Incident = &d.Register.Incidents[i]
			return true
		}
	}
	return false
}

// ParseIDs reads a list of record numbers typed by a user: "1,3 5" or
// "#1, #3".
func ParseIDs(s string) ([]int64, bool) {
	var out []int64
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '，' || r == '、' }) {
		n, err := strconv.ParseInt(strings.TrimPrefix(p, "#"), 10, 64)
		if err != nil || n <= 0 {
			return nil, false
		}
		out = append(out, n)
	}
	return out, len(out) > 0
}

func (r RegisterView) date(x model.Date) string { return r.d.dateCell(x) }

func (r RegisterView) yes(b bool) string {
	if b {
		return r.d.t("doc.findings.yes")
	}
	return r.d.t("doc.findings.no")
}

// NoticeTable is the notice's findings with their deadlines.
func (r RegisterView) NoticeTable() string {
	var rows [][]string
	for i, f := range r.Notice {
		rows = append(rows, []string{strconv.Itoa(i + 1), f.Ref, f.Description, f.Concerns, f.Severity, f.Measure, r.date(f.Due)})
	}
	return Table(r.d.heads("n", "finding_ref", "finding", "concerns", "severity", "measure", "due"), rows)
}

// FindingTable is every finding with its state and action.
func (r RegisterView) FindingTable() string {
	var rows [][]string
	for _, f := range r.Findings {
		due := r.date(f.Due)
		if f.Overdue {
			due += r.d.t("doc.findings.overdue_mark")
		}
		rows = append(rows, []string{f.Ref, f.Source, f.Description, f.Severity, f.Measure, f.Owner, due, f.State})
	}
	return Table(r.d.heads("finding_ref", "source", "finding", "severity", "measure", "owner", "due", "state"), rows)
}

// ComparisonTable is the comparisons of 8.1 d).
func (r RegisterView) ComparisonTable() string {
	var rows [][]string
	for _, f := range r.Findings {
		if f.CheckDate == "" && f.Target == "" {
			continue
		}
		rows = append(rows, []string{f.Ref, f.Before, f.Target, r.date(f.CheckDate), f.Result})
	}
	if len(rows) == 0 {
		return r.d.t("doc.findings.no_comparison") + "\n"
	}
	return Table(r.d.heads("finding_ref", "before", "target", "check_date", "result"), rows)
}

// EvidenceTable is every item of evidence of the findings, with its digests.
func (r RegisterView) EvidenceTable() string {
	var rows [][]string
	for _, f := range r.Findings {
		for _, e := range f.Evidence {
			rows = append(rows, []string{f.Ref, e.Name, e.Kind, strconv.FormatInt(e.Size, 10), e.SHA256, e.SM3, e.AddedBy + " " + e.AddedAt})
		}
	}
	if len(rows) == 0 {
		return r.d.t("doc.findings.no_evidence") + "\n"
	}
	return Table(r.d.heads("finding_ref", "evidence", "kind", "size", "sha256", "sm3", "added"), rows)
}

// IncidentTable is every incident with its reporting against the deadline.
func (r RegisterView) IncidentTable() string {
	var rows [][]string
	for _, in := range r.Incidents {
		hours := in.Hours
		if in.Late {
			hours += r.d.t("doc.findings.late_mark")
		}
		rows = append(rows, []string{strconv.Itoa(in.N), in.Title, in.FoundAt, in.ReportedAt, hours, r.date(in.ClosedOn)})
	}
	return Table(r.d.heads("n", "incident", "found_at", "reported_at", "hours", "closed_on"), rows)
}

// MeasureTable is the incident's measures against recurrence (8.1 e)).
func (r RegisterView) MeasureTable(in IncidentView) string {
	if len(in.Measures) == 0 {
		return r.d.t("doc.findings.no_measures") + "\n"
	}
	var rows [][]string
	for _, f := range in.Measures {
		rows = append(rows, []string{f.Ref, f.Description, f.Measure, f.Owner, r.date(f.Due), f.State})
	}
	return Table(r.d.heads("finding_ref", "finding", "measure", "owner", "due", "state"), rows)
}

// Yes is yes or no in the document's language.
func (r RegisterView) Yes(b bool) string { return r.yes(b) }

// renderFindingsXLSX is the findings as a workbook: one sheet, one row per
// finding with its action, notice, comparison, verification and the digests
// of its evidence.
func renderFindingsXLSX(d *DocData) ([]byte, error) {
	T := d.t
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "outsec", LastModifiedBy: "outsec", Title: T("doc.title.rectification-record"),
		Created: "2016-01-01T00:00:00Z", Modified: "2016-01-01T00:00:00Z"}); err != nil {
		return nil, err
	}
	sheet := T("doc.findings.sheet")
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	heads := d.heads("finding_ref", "source", "finding", "concerns", "severity", "state", "measure", "owner", "due", "cost",
		"notice_date", "notice_deadline", "controls_change", "before", "target", "check_date", "result", "reporter", "verifier", "verified_on", "evidence")
	style, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}, Alignment: &excelize.Alignment{WrapText: true}})
	if err != nil {
		return nil, err
	}
	cell := func(c, r int) string { n, _ := excelize.CoordinatesToCellName(c, r); return n }
	for i, h := range heads {
		f.SetCellValue(sheet, cell(i+1, 1), h)
	}
	f.SetCellStyle(sheet, cell(1, 1), cell(len(heads), 1), style)
	for i, x := range d.Register.Findings {
		var evs []string
		for _, e := range x.Evidence {
			evs = append(evs, fmt.Sprintf("%s SHA-256 %s SM3 %s", e.Name, e.SHA256, e.SM3))
		}
		due := string(x.Due)
		if x.Overdue {
			due += T("doc.findings.overdue_mark")
		}
		row := []string{x.Ref, x.Source, x.Description, x.Concerns, x.Severity, x.State, x.Measure, x.Owner, due, x.Cost,
			string(x.NoticeDate), string(x.NoticeDeadline), d.Register.yes(x.ControlsChange), x.Before, x.Target, string(x.CheckDate), x.Result,
			x.Reporter, x.Verifier, string(x.VerifiedOn), strings.Join(evs, "; ")}
		for j, v := range row {
			// A cell that starts like a formula is written as text (CSV/XLSX
			// injection), and control characters are shown escaped.
			f.SetCellStr(sheet, cell(j+1, i+2), termtext.Escape(v))
		}
	}
	f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	for i := range heads {
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetColWidth(sheet, col, col, 16)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// SampleRegisterSnapshot is the sample's register (findings.SampleRegister)
// as the store's snapshot gives it, to try the templates without a database.
func SampleRegisterSnapshot(lang string, today model.Date) store.RegisterSnapshot {
	r := findings.SampleRegister(lang, today)
	s := store.RegisterSnapshot{Findings: r.Findings, Incidents: r.Incidents, NotifyHours: 24,
		FindingEvidence: map[int64][]store.Evidence{}, IncidentEvidence: map[int64][]store.Evidence{}}
	for _, e := range r.Evidence {
		ev := store.Evidence{ID: e.ID, Kind: e.Kind, Name: e.Name, Size: e.Size, SHA256: e.SHA256, SM3: e.SM3, Note: e.Note, AddedBy: e.AddedBy, AddedAt: e.AddedAt}
		for _, l := range e.Links {
			if l.Kind == store.OwnerFinding {
				s.FindingEvidence[l.ID] = append(s.FindingEvidence[l.ID], ev)
			} else {
				s.IncidentEvidence[l.ID] = append(s.IncidentEvidence[l.ID], ev)
			}
		}
	}
	for i := range s.Findings {
		s.Findings[i].Evidence = len(s.FindingEvidence[s.Findings[i].ID])
	}
	return s
}
