package findings

import (
	"strconv"
	"strings"

	"charm.land/huh/v2"

	"outsec/model"
	"outsec/model/findings"
	"outsec/tui/ui"
)

// The forms of the findings page: a new finding, the finding with its
// action (notice 8.1 b), controls 8.1 c), comparison 8.1 d)), a move of its
// state, the verification that closes it, its evidence, and the filter.

func severityOptions(T func(string, ...any) string) []huh.Option[string] {
	var opts []huh.Option[string]
	for _, v := range findings.Severities {
		opts = append(opts, huh.NewOption(T(v.Key()), strconv.Itoa(int(v))))
	}
	return opts
}

func severityOf(s string) findings.Severity {
	n, _ := strconv.Atoi(s)
	return findings.Severity(n)
}

func findingAbout(s *screen, x findings.Finding) []string {
	return []string{"#" + ui.Itoa(int(x.ID)) + "  [" + s.sh.T(x.Severity.Key()) + "]  " + s.sh.T(x.State.Key()) + "  " + ui.OneLine(x.Description)}
}

// newFindingForm records a finding by hand: what, where in annex A or the
// contract, how severe, and the corrective action.
func newFindingForm(s *screen) *ui.RecordForm[Write] {
	T := s.sh.T
	v := struct{ desc, concerns, sev, measure, owner, deadline string }{sev: strconv.Itoa(int(findings.Medium)), owner: s.eng.Vendor.Name}
	build := func() *huh.Form {
		return huh.NewForm(
			huh.NewGroup(
				huh.NewText().Key("desc").Title(T("field.finding.description")).Value(&v.desc).CharLimit(model.MaxLongText).Lines(3),
				huh.NewInput().Key("concerns").Title(T("field.finding.concerns")).Description(T("tui.findings.form.concerns_hint")).
					Value(&v.concerns).CharLimit(model.MaxShortText),
				huh.NewSelect[string]().Key("sev").Title(T("field.finding.severity")).Options(severityOptions(T)...).Value(&v.sev),
			),
			huh.NewGroup(
				huh.NewText().Key("measure").Title(T("field.finding.action.measure")).Value(&v.measure).CharLimit(model.MaxLongText).Lines(2),
				huh.NewInput().Key("owner").Title(T("field.finding.action.owner")).Value(&v.owner).CharLimit(model.MaxShortText),
				huh.NewInput().Key("deadline").Title(T("field.finding.action.deadline")).Description(T("tui.findings.form.date_hint")).
					Value(&v.deadline).Validate(ui.ValidateDate(s.sh, "field.finding.action.deadline", true)),
			).Title(T("tui.findings.form.action_group", string(findings.ClauseA))),
		)
	}
	write := func() (Write, error, bool) {
		f := findings.Finding{Source: findings.SourceManual, Description: v.desc, Concerns: v.concerns, Severity: severityOf(v.sev),
			State: findings.Open, Action: findings.Action{Measure: v.measure, Owner: v.owner, Deadline: ui.DateOf(v.deadline)}}
		f.Normalise()
		if ve := f.Validate(); ve != nil {
			return Write{}, ve, false
		}
		return Write{kind: writeAdd, f: f}, nil, false
	}
	return ui.NewRecordForm(s.sh, s.w, s.h, T("tui.findings.form.new_title"), []string{T("tui.findings.form.new_about")}, build, write)
}

// newEditForm edits a finding and its corrective action; a closed or
// dismissed one keeps only its comparison open (8.1 d)).
func newEditForm(s *screen, x findings.Finding) *ui.RecordForm[Write] {
	T := s.sh.T
	a := x.Action
	v := struct {
		desc, concerns, sev, pos, posRemarks                  string
		measure, owner, deadline, cost, status                string
		noticeDate, noticeDeadline, noticeDoc                 string
		controls, policy                                      bool
		changeNote, before, target, checkDate, result, remark string
	}{x.Description, x.Concerns, strconv.Itoa(int(x.Severity)), string(x.Position), x.PositionRemarks,
		a.Measure, a.Owner, string(a.Deadline), a.Cost, string(a.Status),
		string(a.NoticeDate), string(a.NoticeDeadline), a.NoticeDocument,
		a.ControlsChange, a.PolicyRevised, a.ChangeNote, a.Before, a.Target, string(a.CheckDate), a.Result, ""}
	if v.status == "" {
		v.status = string(findings.ActionPlanned)
	}
	final := x.State.Final()
	date := func(key, label string, val *string) *huh.Input {
		return huh.NewInput().Key(key).Title(T(label)).Description(T("tui.findings.form.date_hint")).Value(val).
			Validate(ui.ValidateDate(s.sh, label, true))
	}
	comparison := huh.NewGroup(
		huh.NewText().Key("before").Title(T("field.finding.action.before")).Value(&v.before).CharLimit(model.MaxLongText).Lines(2),
		huh.NewText().Key("target").Title(T("field.finding.action.target")).Value(&v.target).CharLimit(model.MaxLongText).Lines(2),
		date("check", "field.finding.action.check_date", &v.checkDate),
		huh.NewText().Key("result").Title(T("field.finding.action.result")).Value(&v.result).CharLimit(model.MaxLongText).Lines(2),
	).Title(T("tui.findings.form.comparison_group", string(findings.ClauseCompare)))
	build := func() *huh.Form {
		if final {
			return huh.NewForm(comparison)
		}
		var pos []huh.Option[string]
		for _, p := range []findings.Position{findings.PositionNone, findings.PositionAgrees, findings.PositionDisputes} {
			pos = append(pos, huh.NewOption(T(p.Key()), string(p)))
		}
		var sts []huh.Option[string]
		for _, st := range findings.ActionStatuses {
			sts = append(sts, huh.NewOption(T(st.Key()), string(st)))
		}
		return huh.NewForm(
			huh.NewGroup(
				huh.NewText().Key("desc").Title(T("field.finding.description")).Value(&v.desc).CharLimit(model.MaxLongText).Lines(3),
				huh.NewInput().Key("concerns").Title(T("field.finding.concerns")).Value(&v.concerns).CharLimit(model.MaxShortText),
				huh.NewSelect[string]().Key("sev").Title(T("field.finding.severity")).Options(severityOptions(T)...).Value(&v.sev),
				huh.NewSelect[string]().Key("pos").Title(T("field.finding.position")).Options(pos...).Value(&v.pos),
				huh.NewInput().Key("posr").Title(T("field.finding.position_remarks")).Value(&v.posRemarks).CharLimit(model.MaxLongText),
			),
			huh.NewGroup(
				huh.NewText().Key("measure").Title(T("field.finding.action.measure")).Value(&v.measure).CharLimit(model.MaxLongText).Lines(2),
				huh.NewInput().Key("owner").Title(T("field.finding.action.owner")).Value(&v.owner).CharLimit(model.MaxShortText),
				date("deadline", "field.finding.action.deadline", &v.deadline),
				huh.NewInput().Key("cost").Title(T("field.finding.action.cost")).Value(&v.cost).CharLimit(model.MaxShortText),
				huh.NewSelect[string]().Key("status").Title(T("field.finding.action.status")).Options(sts...).Value(&v.status),
			).Title(T("tui.findings.form.action_group", string(findings.ClauseA))),
			huh.NewGroup(
				date("nd", "field.finding.action.notice_date", &v.noticeDate),
				date("ndl", "field.finding.action.notice_deadline", &v.noticeDeadline),
				huh.NewInput().Key("ndoc").Title(T("field.finding.action.notice_document")).Value(&v.noticeDoc).CharLimit(model.MaxShortText),
			).Title(T("tui.findings.form.notice_group", string(findings.ClauseNotice))),
			huh.NewGroup(
				huh.NewConfirm().Key("controls").Title(T("tui.findings.form.controls")).Description(T("tui.findings.form.controls_hint")).
					Affirmative(T("tui.yes")).Negative(T("tui.no")).Value(&v.controls),
				huh.NewConfirm().Key("policy").Title(T("tui.findings.form.policy")).Affirmative(T("tui.yes")).Negative(T("tui.no")).Value(&v.policy),
				huh.NewText().Key("cnote").Title(T("field.finding.action.change_note")).Value(&v.changeNote).CharLimit(model.MaxLongText).Lines(2),
			).Title(T("tui.findings.form.change_group", string(findings.ClauseAdjust))),
			comparison,
		)
	}
	write := func() (Write, error, bool) {
		n := x
		if !final {
			n.Description, n.Concerns, n.Severity = v.desc, v.concerns, severityOf(v.sev)
			n.Position, n.PositionRemarks = findings.Position(v.pos), v.posRemarks
			n.Action = findings.Action{Measure: v.measure, Owner: v.owner, Deadline: ui.DateOf(v.deadline), Cost: v.cost,
				Status: findings.ActionStatus(v.status), NoticeDate: ui.DateOf(v.noticeDate), NoticeDeadline: ui.DateOf(v.noticeDeadline),
				NoticeDocument: v.noticeDoc, ControlsChange: v.controls, PolicyRevised: v.policy, ChangeNote: v.changeNote, ChangeAt: a.ChangeAt}
		}
		n.Action.Before, n.Action.Target, n.Action.CheckDate, n.Action.Result = v.before, v.target, ui.DateOf(v.checkDate), v.result
		n.Normalise()
		if ve := n.Validate(); ve != nil {
			return Write{}, ve, false
		}
		return Write{kind: writeUpdate, f: n}, nil, false
	}
	return ui.NewRecordForm(s.sh, s.w, s.h, T("tui.findings.form.edit_title", x.ID), findingAbout(s, x), build, write)
}

// newMoveForm moves a finding to one of its next states (not closed: that
// is the verification), with a note; dismissing needs the reason.
func newMoveForm(s *screen, x findings.Finding) *ui.RecordForm[Write] {
	T := s.sh.T
	var opts []huh.Option[string]
	for _, st := range x.State.Next() {
		if st != findings.Closed {
			opts = append(opts, huh.NewOption(T(st.Key()), string(st)))
		}
	}
	a := x.Action
	v := struct{ to, note, date, deadline, doc string }{date: string(a.NoticeDate), deadline: string(a.Due()), doc: a.NoticeDocument}
	if v.date == "" {
		v.date = string(s.data.Today)
	}
	if len(opts) > 0 {
		v.to = opts[0].Value
	}
	date := func(key, label string, val *string) *huh.Input {
		return huh.NewInput().Key(key).Title(T(label)).Description(T("tui.findings.form.date_hint")).Value(val).
			Validate(ui.ValidateDate(s.sh, label, false))
	}
	build := func() *huh.Form {
		return huh.NewForm(
			huh.NewGroup(
				huh.NewSelect[string]().Key("to").Title(T("tui.findings.form.move_to")).Options(opts...).Value(&v.to),
				huh.NewText().Key("note").Title(T("tui.findings.form.move_note")).Description(T("tui.findings.form.move_hint")).
					Value(&v.note).CharLimit(model.MaxLongText).Lines(2),
			),
			// 8.1 b): the notice itself, when it is what is recorded.
			huh.NewGroup(
				date("nd", "field.finding.action.notice_date", &v.date),
				date("ndl", "field.finding.action.notice_deadline", &v.deadline),
				huh.NewInput().Key("ndoc").Title(T("field.finding.action.notice_document")).Description(T("tui.findings.form.notice_doc_hint")).
					Value(&v.doc).CharLimit(model.MaxShortText),
			).Title(T("tui.findings.form.notice_group", string(findings.ClauseNotice))).
				WithHideFunc(func() bool { return findings.State(v.to) != findings.NoticeSent }),
		)
	}
	write := func() (Write, error, bool) {
		to := findings.State(v.to)
		note := strings.TrimSpace(v.note)
		if to == findings.NoticeSent {
			n := x
			n.Action.NoticeDate, n.Action.NoticeDeadline, n.Action.NoticeDocument = ui.DateOf(v.date), ui.DateOf(v.deadline), strings.TrimSpace(v.doc)
			ve := n.Validate()
			ve = append(ve, n.CheckMove(to, note)...)
			if len(ve) > 0 {
				return Write{}, ve, false
			}
			return Write{kind: writeNotice, f: x, to: to, note: note, noticeDate: n.Action.NoticeDate,
				noticeDeadline: n.Action.NoticeDeadline, noticeDoc: n.Action.NoticeDocument}, nil, false
		}
		if ve := x.CheckMove(to, note); ve != nil {
			return Write{}, ve, false
		}
		return Write{kind: writeMove, f: x, to: to, note: note}, nil, false
	}
	about := append(findingAbout(s, x), T("tui.findings.form.move_about", string(findings.ClauseNotice)))
	return ui.NewRecordForm(s.sh, s.w, s.h, T("tui.findings.form.move_title", x.ID), about, build, write)
}

// newVerifyForm closes a finding as verified by the operator at the
// keyboard. The rules of 8.1 are the store's: the form sends what is
// typed and shows the refusals, each with its clause.
func newVerifyForm(s *screen, x findings.Finding) *ui.RecordForm[Write] {
	T := s.sh.T
	v := struct{ on, remarks string }{on: string(s.data.Today)}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewInput().Key("on").Title(T("field.finding.verified_on")).Description(T("tui.findings.form.date_hint")).
				Value(&v.on).Validate(ui.ValidateDate(s.sh, "field.finding.verified_on", false)),
			huh.NewText().Key("remarks").Title(T("field.finding.verification")).Value(&v.remarks).CharLimit(model.MaxLongText).Lines(2),
		))
	}
	write := func() (Write, error, bool) {
		return Write{kind: writeClose, f: x, on: ui.DateOf(v.on), note: strings.TrimSpace(v.remarks)}, nil, false
	}
	about := append(findingAbout(s, x), T("tui.findings.form.verify_about", ui.OneLine(s.sh.Operator.Label()), string(findings.Clause)))
	return ui.NewRecordForm(s.sh, s.w, s.h, T("tui.findings.form.verify_title", x.ID), about, build, write)
}

// newEvidenceForm adds evidence to a finding: a file by its path (copied
// into the evidence folder), or a text note.
func newEvidenceForm(s *screen, x findings.Finding) *ui.RecordForm[Write] {
	T := s.sh.T
	v := struct{ path, title, note string }{}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewInput().Key("path").Title(T("field.evidence.path")).Description(T("tui.findings.form.path_hint")).Value(&v.path),
			huh.NewInput().Key("title").Title(T("field.evidence.name")).Value(&v.title).CharLimit(model.MaxShortText),
			huh.NewText().Key("note").Title(T("field.evidence.note")).Description(T("tui.findings.form.note_hint")).
				Value(&v.note).CharLimit(model.MaxLongText).Lines(3),
		))
	}
	write := func() (Write, error, bool) {
		path := ui.UserPath(v.path)
		switch {
		case path != "":
			return Write{kind: writeEvidenceFile, f: x, path: path}, nil, false
		case strings.TrimSpace(v.note) != "":
			return Write{kind: writeEvidenceNote, f: x, title: v.title, note: v.note}, nil, false
		}
		return Write{}, nil, true
	}
	about := append(findingAbout(s, x), T("tui.findings.form.evidence_about", s.sh.Store.EvidenceDir()))
	return ui.NewRecordForm(s.sh, s.w, s.h, T("tui.findings.form.evidence_title", x.ID), about, build, write)
}

// newFilterForm chooses what the list shows.
func newFilterForm(s *screen) *ui.RecordForm[Filter] {
	T := s.sh.T
	v := struct {
		state, source, sev string
		overdue            bool
	}{s.filter.State, string(s.filter.Source), strconv.Itoa(int(s.filter.Severity)), s.filter.Overdue}
	states := []huh.Option[string]{huh.NewOption(T("tui.findings.filter.all"), ""), huh.NewOption(T("tui.findings.filter.active"), filterActive)}
	for _, st := range findings.States {
		states = append(states, huh.NewOption(T(st.Key()), string(st)))
	}
	sources := []huh.Option[string]{huh.NewOption(T("tui.findings.filter.all"), "")}
	for _, src := range findings.Sources {
		sources = append(sources, huh.NewOption(T(src.Key()), string(src)))
	}
	sevs := append([]huh.Option[string]{huh.NewOption(T("tui.findings.filter.all"), "0")}, severityOptions(T)...)
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewSelect[string]().Key("state").Title(T("field.finding.state")).Options(states...).Value(&v.state),
			huh.NewSelect[string]().Key("source").Title(T("field.finding.source")).Options(sources...).Value(&v.source),
			huh.NewSelect[string]().Key("sev").Title(T("field.finding.severity")).Options(sevs...).Value(&v.sev),
			huh.NewConfirm().Key("overdue").Title(T("tui.findings.filter.overdue_only")).Affirmative(T("tui.yes")).Negative(T("tui.no")).Value(&v.overdue),
		))
	}
	write := func() (Filter, error, bool) {
		return Filter{State: v.state, Source: findings.Source(v.source), Severity: severityOf(v.sev), Overdue: v.overdue}, nil, false
	}
	return ui.NewRecordForm(s.sh, s.w, s.h, T("tui.findings.filter.title"), nil, build, write)
}
