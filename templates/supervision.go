package templates

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"outsec/internal/termtext"
	"outsec/model"
	"outsec/model/annexa"
	"outsec/model/contract"
	"outsec/model/inspection"
	"outsec/model/plan"
	"outsec/model/supervision"
	"outsec/store"
)

// The documents of supervision (GB/T 32926—2016 clause 7): 服务过程评估审计记录
// of one period (7.1), 现场检查记录 of one inspection against annex A with
// every item, its result and evidence digests, and the vendor's
// acknowledgement (also as XLSX, one row per item), and 阶段成果交付验证记录
// of one milestone (7.2). Each shows the latest record unless the export
// selects another (SelectInspection, SelectAssessment, SelectMilestone).

// The documents of supervision.
const (
	ProcessAuditRecord Kind = "process-audit-record" // 服务过程评估审计记录 (7.1)
	InspectionRecord   Kind = "inspection-record"    // 现场检查记录 (annex A)
	DeliveryRecord     Kind = "delivery-record"      // 阶段成果交付验证记录 (7.2)
)

func init() {
	// Before the summary, which stays last.
	n := len(Kinds)
	Kinds = append(Kinds[:n-1:n-1], ProcessAuditRecord, InspectionRecord, DeliveryRecord, Kinds[n-1])
}

// supervisionTypeCode is the type code of the supervision documents.
func supervisionTypeCode(k Kind) (string, bool) {
	switch k {
	case ProcessAuditRecord:
		return "PA", true
	case InspectionRecord:
		return "IN", true
	case DeliveryRecord:
		return "DV", true
	}
	return "", false
}

// SupervisionView is the records of clause 7 as the documents show them.
type SupervisionView struct {
	Inspection *InspectionView
	Audit      *AuditView
	Delivery   *DeliveryView
	FixTime    string // in words

	snap store.SupervisionSnapshot
	d    *DocData
}

// InspectionView is one inspection.
type InspectionView struct {
	ID                           int64
	Date                         model.Date
	Place, Inspectors, VendorRep string
	Rows                         [][]string // N, item, title, result, method, notes, evidence digests
	Counts                       string
	Acknowledged                 bool
	AckName                      string
	AckDate                      model.Date
	AckRemarks, AckDisagreement  string
	Findings                     [][]string // item, result, finding, due
	Due                          model.Date
	Total                        int
}

// AuditView is one process assessment.
type AuditView struct {
	ID                        int64
	Period                    string
	Date                      model.Date
	Assessor, Rating, Summary string
	Changes                   [][]string // aspect, change or not, description
	AuditItems, AuditFindings string
	Measures                  [][]string // N, measure, owner, due, finding
	Approved                  bool
	Leader                    string
	ApprovedOn                model.Date
	Adjust                    bool
	AdjustNote                string
	RiskChange, Reliability   bool
}

// DeliveryView is one deliverable verification.
type DeliveryView struct {
	Milestone     string
	Due, Date     model.Date
	Verifier      string
	Clauses       [][]string // N, id, title, implemented, evidence
	AccessChecked bool
	AccessNotes   string
	People        [][]string // name, joined, left, accesses (open/all), flag, trainings, hours
	Records       string
	Training      bool
	TrainingNotes string
	Problems      [][]string // N, problem, cause, decision, finding
	Leader        string
	Gaps          []string
}

// SetSupervision fills the views from a store snapshot, the latest record
// of each kind.
func (d *DocData) SetSupervision(s store.SupervisionSnapshot) {
	d.Supervision = SupervisionView{snap: s, d: d, FixTime: d.durationText(s.FixTime)}
	if len(s.Inspections) > 0 {
		d.SelectInspection(s.Inspections[0].ID)
	}
	if len(s.Assessments) > 0 {
		d.SelectAssessment(s.Assessments[0].ID)
	}
	if len(s.Deliveries) > 0 {
		d.SelectMilestone(s.Deliveries[len(s.Deliveries)-1].Milestone)
	}
}

func (d *DocData) durationText(v string) string {
	if v == "" {
		return ""
	}
	if p, ok := contract.ParamByName("fix_time"); ok {
		return p.Format(d.Lang, v)
	}
	return v
}

// SelectInspection makes the inspection record about inspection id; false
// when the engagement has none such.
func (d *DocData) SelectInspection(id int64) bool {
	T, s := d.t, d.Supervision.snap
	for _, in := range s.Inspections {
		if in.ID != id {
			continue
		}
		v := &InspectionView{ID: in.ID, Date: in.Date, Place: in.Place, Inspectors: in.Inspectors, VendorRep: in.VendorRep,
			Acknowledged: in.Acknowledged(), AckName: in.Ack.Name, AckDate: in.Ack.Date, AckRemarks: in.Ack.Remarks,
			AckDisagreement: in.Ack.Disagreement, Due: inspection.Due(in.Date, s.FixTime), Total: len(in.Checks)}
		for i, c := range in.Checks {
			it, _ := annexa.ByID(c.Item)
			meth := ""
			if c.Method != "" {
				meth = T(c.Method.Key())
			}
			notes := c.Notes
			if c.Reason != "" {
				notes = strings.TrimSpace(T("inspection.reason", c.Reason) + " " + notes)
			}
			var evs []string
			for _, e := range s.CheckEvidence[c.ID] {
				evs = append(evs, e.Name+" SHA-256 "+e.SHA256)
			}
			v.Rows = append(v.Rows, []string{strconv.Itoa(i + 1), it.Label(), it.Title(d.Lang), T(c.Result.Key()), meth, notes, strings.Join(evs, "; ")})
			if c.Result.Finding() {
				ref := ""
				if c.Finding != 0 {
					ref = "#" + strconv.FormatInt(c.Finding, 10)
				}
				v.Findings = append(v.Findings, []string{it.Label(), T(c.Result.Key()), ref, d.dateText(v.Due)})
			}
		}
		t := in.Count()
		v.Counts = T("inspection.count", t.Done(), t.Total, t.Conforms, t.Partly, t.NotConform, t.NA)
		d.Supervision.Inspection = v
		return true
	}
	return false
}

func (d *DocData) dateText(x model.Date) string {
	if x == "" {
		return ""
	}
	return string(x)
}

// SelectAssessment makes the process audit record about assessment id.
func (d *DocData) SelectAssessment(id int64) bool {
	T := d.t
	for _, a := range d.Supervision.snap.Assessments {
		if a.ID != id {
			continue
		}
		v := &AuditView{ID: a.ID, Period: a.Period, Date: a.Date, Assessor: a.Assessor, Rating: T(a.Rating.Key()), Summary: a.Summary,
			AuditItems: a.AuditItems, AuditFindings: a.AuditFindings, Approved: a.Approved(), Leader: a.Leader, ApprovedOn: a.ApprovedOn,
			Adjust: a.Adjust, AdjustNote: a.AdjustNote, RiskChange: a.RiskChange(), Reliability: a.ReliabilityChange()}
		for i, c := range a.Changes {
			state := T("audit.no_change")
			if c.Changed {
				state = T("audit.change")
			}
			asp := supervision.Aspects[i]
			v.Changes = append(v.Changes, []string{asp.Label() + " " + T(asp.Key()), state, c.Description})
		}
		for i, m := range a.Measures {
			ref := ""
			if m.Finding != 0 {
				ref = "#" + strconv.FormatInt(m.Finding, 10)
			}
			v.Measures = append(v.Measures, []string{strconv.Itoa(i + 1), m.Text, m.Owner, string(m.Due), ref})
		}
		d.Supervision.Audit = v
		return true
	}
	return false
}

// SelectMilestone makes the verification record about the milestone named.
func (d *DocData) SelectMilestone(name string) bool {
	T := d.t
	for _, x := range d.Supervision.snap.Deliveries {
		if x.Milestone != name {
			continue
		}
		v := &DeliveryView{Milestone: x.Milestone, Due: x.Due, Date: x.Date, Verifier: x.Verifier, AccessChecked: x.AccessChecked,
			AccessNotes: x.AccessNotes, Records: x.Records, Training: x.TrainingChecked, TrainingNotes: x.TrainingNotes, Leader: x.Leader}
		for i, it := range supervision.DeliveryItems(d.Engagement.CloudWebsite) {
			c := x.Clause(it.ID)
			v.Clauses = append(v.Clauses, []string{strconv.Itoa(i + 1), it.ID, it.Title(d.Lang), T(c.Implemented.Key()), c.Evidence})
		}
		for _, p := range d.Screening.People {
			flag := ""
			if p.LeftWithAccess() {
				flag = T("people.flag.left_access")
			}
			v.People = append(v.People, []string{p.Name, string(p.StartDate), string(p.LeftDate),
				fmt.Sprintf("%d/%d", len(p.OpenAccesses()), len(p.Accesses)), flag, strconv.Itoa(len(p.Trainings)),
				strconv.FormatFloat(p.TrainingHours(), 'g', -1, 64)})
		}
		for i, p := range x.Problems {
			ref := ""
			if p.Finding != 0 {
				ref = "#" + strconv.FormatInt(p.Finding, 10)
			}
			v.Problems = append(v.Problems, []string{strconv.Itoa(i + 1), p.Description, p.Cause, p.Decision, ref})
		}
		sc := d.Screening
		for _, g := range x.Gaps(d.Engagement.CloudWebsite, &sc) {
			v.Gaps = append(v.Gaps, T(g.Key, g.Args...)+"（"+string(g.Clause)+"）")
		}
		d.Supervision.Delivery = v
		return true
	}
	return false
}

// Table is a table of the view's rows under the catalog's column names
// doc.col.<key>, for the templates: {{.Supervision.Table "inspection" .Supervision.Inspection.Rows}}.
func (v SupervisionView) Table(kind string, rows [][]string) string {
	cols := map[string][]string{
		"inspection":          {"n", "annex_item", "title", "result", "method", "notes", "evidence"},
		"inspection_findings": {"annex_item", "check_result", "finding_ref", "due"},
		"changes":             {"aspect", "change", "description"},
		"measures":            {"n", "measure", "owner", "due", "finding_ref"},
		"clauses":             {"n", "clause_id", "title", "implemented", "check_evidence"},
		"people":              {"person_name", "joined", "left", "accesses", "flag", "trainings", "training_hours"},
		"problems":            {"n", "problem", "cause", "decision", "finding_ref"},
	}[kind]
	return Table(v.d.heads(cols...), rows)
}

// renderInspectionXLSX is the inspection record as a workbook: one row per
// item with its result, method, notes and evidence digests.
func renderInspectionXLSX(d *DocData) ([]byte, error) {
	T := d.t
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "outsec", LastModifiedBy: "outsec", Title: T("doc.title.inspection-record"),
		Created: "2016-01-01T00:00:00Z", Modified: "2016-01-01T00:00:00Z"}); err != nil {
		return nil, err
	}
	sheet := T("doc.inspection.sheet")
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	heads := d.heads("n", "annex_item", "title", "check_result", "check_method", "notes", "check_evidence")
	cell := func(c, r int) string { n, _ := excelize.CoordinatesToCellName(c, r); return n }
	style, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}, Alignment: &excelize.Alignment{WrapText: true}})
	if err != nil {
		return nil, err
	}
	for i, h := range heads {
		f.SetCellValue(sheet, cell(i+1, 1), h)
	}
	f.SetCellStyle(sheet, cell(1, 1), cell(len(heads), 1), style)
	if v := d.Supervision.Inspection; v != nil {
		for i, row := range v.Rows {
			for j, x := range row {
				f.SetCellStr(sheet, cell(j+1, i+2), termtext.Escape(x))
			}
		}
	}
	f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	for i, w := range []float64{5, 12, 30, 12, 12, 40, 60} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetColWidth(sheet, col, col, w)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// SampleSupervisionSnapshot is the sample's records of clause 7 as the
// store's snapshot gives them, to try the templates without a database:
// the inspection of every annex A item with its three findings, an evidence
// file on the first, the assessment and the first milestone's verification.
func SampleSupervisionSnapshot(lang string, cloud bool) store.SupervisionSnapshot {
	p := plan.SamplePlan(lang)
	in := inspection.SampleInspection(lang, inspection.Applicable(&p, cloud))
	in.ID = 1
	next := int64(100)
	for i := range in.Checks {
		in.Checks[i].ID = int64(i + 1)
		if in.Checks[i].Result.Finding() {
			next++
			in.Checks[i].Finding = next
		}
	}
	a := supervision.SampleAssessment(lang)
	a.ID = 1
	for i := range a.Measures {
		next++
		a.Measures[i].Finding = next
	}
	v := supervision.SampleVerification(lang, &p, cloud)
	v.ID = 1
	ev := store.Evidence{ID: 1, Kind: store.EvidenceFile, Name: "machine-room.jpg", Size: 27,
		SHA256: "5f0c3b8d2a1e4f6b9c7d8e0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e", SM3: "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"}
	return store.SupervisionSnapshot{Inspections: []inspection.Inspection{in}, CheckEvidence: map[int64][]store.Evidence{1: {ev}},
		Assessments: []supervision.Assessment{a}, Deliveries: []supervision.Verification{v}, FixTime: inspection.DefaultFixTime}
}
