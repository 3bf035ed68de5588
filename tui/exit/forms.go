package exit

import (
	"strconv"
	"strings"

	"charm.land/huh/v2"

	"outsec/model"
	xm "outsec/model/exit"
	"outsec/tui/ui"
)

// The forms of the exit page: starting the exit, one checklist item, the
// exit record (plan, destruction authorisation and deletion plan, vendor's
// confirmation, findings carried over, the report acknowledged), the
// disposition of the marked items, and a folder to add or check.

func dateInput(s *screen, key, label string, val *string, optional bool) *huh.Input {
	return huh.NewInput().Key(key).Title(s.sh.T(label)).Description(s.sh.T("tui.exit.form.date_hint")).Value(val).
		Validate(ui.ValidateDate(s.sh, label, optional))
}

func line(s *screen, key, label string, val *string) *huh.Input {
	return huh.NewInput().Key(key).Title(s.sh.T(label)).Value(val).CharLimit(model.MaxShortText)
}

func startForm(s *screen) *ui.RecordForm[Write] {
	T := s.sh.T
	v := struct{ trig, finding, start, end, succ, name, reason string }{trig: string(xm.TriggerExpiry), succ: string(xm.SuccessorSelf),
		end: string(s.eng.PeriodEnd)}
	var trig []huh.Option[string]
	for _, t := range xm.Triggers {
		trig = append(trig, huh.NewOption(T(t.Key())+s.paren(s.clause(t.Clause())), string(t)))
	}
	succ := []huh.Option[string]{huh.NewOption(T(xm.SuccessorSelf.Key()), string(xm.SuccessorSelf)),
		huh.NewOption(T(xm.SuccessorVendor.Key()), string(xm.SuccessorVendor))}
	build := func() *huh.Form {
		return huh.NewForm(
			huh.NewGroup(
				huh.NewSelect[string]().Key("trig").Title(T("field.exit.trigger")).Options(trig...).Value(&v.trig),
				huh.NewInput().Key("finding").Title(T("field.exit.finding")).Description(T("tui.exit.form.finding_hint")).Value(&v.finding),
				huh.NewInput().Key("reason").Title(T("field.exit.reason")).Value(&v.reason).CharLimit(model.MaxLongText),
			),
			huh.NewGroup(
				dateInput(s, "start", "field.exit.planned_start", &v.start, false),
				dateInput(s, "end", "field.exit.planned_end", &v.end, false),
				huh.NewSelect[string]().Key("succ").Title(T("field.exit.successor")).Options(succ...).Value(&v.succ),
				line(s, "name", "field.exit.successor_name", &v.name),
			),
		)
	}
	write := func() (Write, error, bool) {
		f, _ := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(v.finding), "#"), 10, 64)
		x := xm.Exit{Trigger: xm.Trigger(v.trig), FindingID: f, Reason: v.reason, PlannedStart: ui.DateOf(v.start), PlannedEnd: ui.DateOf(v.end),
			Successor: xm.Successor(v.succ), SuccessorName: v.name, StartedOn: "2000-01-01"}
		x.Normalise()
		if ve := x.Validate(); ve != nil {
			return Write{}, ve, false
		}
		x.StartedOn = ""
		return Write{kind: writeStart, exit: x}, nil, false
	}
	return ui.NewRecordForm(s.sh, s.w, s.h, T("tui.exit.form.start_title"), []string{T("tui.exit.form.start_about")}, build, write)
}

func checkForm(s *screen, c xm.Check) *ui.RecordForm[Write] {
	T := s.sh.T
	d, _ := xm.CheckDefByID(c.ID)
	v := struct{ status, note, evidence, on string }{string(c.Status), c.Note, c.Evidence, string(c.On)}
	if v.status == "" {
		v.status = string(xm.CheckDone)
	}
	opts := []huh.Option[string]{huh.NewOption(T(xm.CheckDone.Key()), string(xm.CheckDone)),
		huh.NewOption(T(xm.CheckNA.Key()), string(xm.CheckNA)), huh.NewOption(T(xm.CheckOpen.Key()), "open")}
	build := func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewSelect[string]().Key("status").Title(T("field.exit_check.status")).Options(opts...).Value(&v.status),
			huh.NewText().Key("note").Title(T("field.exit_check.note")).Description(T("tui.exit.form.na_hint")).Value(&v.note).
				CharLimit(model.MaxLongText).Lines(2),
			line(s, "evidence", "field.exit_check.evidence", &v.evidence),
			dateInput(s, "on", "field.exit_check.on", &v.on, true),
		))
	}
	write := func() (Write, error, bool) {
		k := xm.Check{ID: c.ID, Status: xm.CheckStatus(v.status), Note: strings.TrimSpace(v.note), Evidence: strings.TrimSpace(v.evidence), On: ui.DateOf(v.on)}
		if v.status == "open" {
			k.Status, k.On = xm.CheckOpen, ""
		}
		probe := k
		if probe.On == "" && probe.Status != xm.CheckOpen {
			probe.On = "2000-01-01"
		}
		if ve := probe.Validate(); ve != nil {
			return Write{}, ve, false
		}
		if k == c {
			return Write{}, nil, true
		}
		return Write{kind: writeCheck, check: k}, nil, false
	}
	about := []string{c.ID + "  " + d.Title.In(string(s.sh.Catalog.Lang())) + s.paren(s.clause(d.Clause))}
	return ui.NewRecordForm(s.sh, s.w, s.h, T("tui.exit.form.check_title"), about, build, write)
}

// recordForm edits the exit record: the plan, the successor, the written
// authorisation and the deletion plan (seed 001 9.3.5 a)–b)), the vendor's
// confirmation (9.2.2 b)), the findings carried over (8.2 a)) and the
// leader's acknowledgement of the report (8.2 d)).
func recordForm(s *screen, x xm.Exit) *ui.RecordForm[Write] {
	T := s.sh.T
	v := struct {
		start, end, succ, name, reason        string
		authBy, authOn, authRef, plan         string
		confBy, confOn, carry, carryBy, ackBy string
		ackOn                                 string
	}{string(x.PlannedStart), string(x.PlannedEnd), string(x.Successor), x.SuccessorName, x.Reason,
		x.AuthorisedBy, string(x.AuthorisedOn), x.AuthorisedRef, x.DeletionPlan,
		x.ConfirmedBy, string(x.ConfirmedOn), x.CarryOver, x.CarryOverBy, x.AckBy, string(x.AckOn)}
	succ := []huh.Option[string]{huh.NewOption(T(xm.SuccessorSelf.Key()), string(xm.SuccessorSelf)),
		huh.NewOption(T(xm.SuccessorVendor.Key()), string(xm.SuccessorVendor))}
	build := func() *huh.Form {
		return huh.NewForm(
			huh.NewGroup(
				dateInput(s, "start", "field.exit.planned_start", &v.start, false),
				dateInput(s, "end", "field.exit.planned_end", &v.end, false),
				huh.NewSelect[string]().Key("succ").Title(T("field.exit.successor")).Options(succ...).Value(&v.succ),
				line(s, "name", "field.exit.successor_name", &v.name),
				huh.NewInput().Key("reason").Title(T("field.exit.reason")).Value(&v.reason).CharLimit(model.MaxLongText),
			).Title(T("tui.exit.form.plan_group", s.clause(xm.ClauseStrategy))),
			huh.NewGroup(
				line(s, "authBy", "field.exit.authorised_by", &v.authBy),
				dateInput(s, "authOn", "field.exit.authorised_on", &v.authOn, true),
				line(s, "authRef", "field.exit.authorised_ref", &v.authRef),
				huh.NewText().Key("plan").Title(T("field.exit.deletion_plan")).Value(&v.plan).CharLimit(model.MaxLongText).Lines(3),
				line(s, "confBy", "field.exit.confirmed_by", &v.confBy),
				dateInput(s, "confOn", "field.exit.confirmed_on", &v.confOn, true),
			).Title(T("tui.exit.form.destruction_group", s.clause(xm.ClauseAuthorised)+", "+s.clause(xm.ClauseConfirm))),
			huh.NewGroup(
				huh.NewText().Key("carry").Title(T("field.exit.carry_over")).Value(&v.carry).CharLimit(model.MaxLongText).Lines(2),
				line(s, "carryBy", "field.exit.carry_over_by", &v.carryBy),
				line(s, "ackBy", "field.exit.ack_by", &v.ackBy),
				dateInput(s, "ackOn", "field.exit.ack_on", &v.ackOn, true),
			).Title(T("tui.exit.form.report_group", s.clause(xm.ClauseReport))),
		)
	}
	write := func() (Write, error, bool) {
		y := x
		y.PlannedStart, y.PlannedEnd, y.Successor, y.SuccessorName, y.Reason = ui.DateOf(v.start), ui.DateOf(v.end), xm.Successor(v.succ), v.name, v.reason
		y.AuthorisedBy, y.AuthorisedOn, y.AuthorisedRef, y.DeletionPlan = v.authBy, ui.DateOf(v.authOn), v.authRef, v.plan
		y.ConfirmedBy, y.ConfirmedOn, y.CarryOver, y.CarryOverBy, y.AckBy, y.AckOn = v.confBy, ui.DateOf(v.confOn), v.carry, v.carryBy, v.ackBy, ui.DateOf(v.ackOn)
		y.Normalise()
		if y == x {
			return Write{}, nil, true
		}
		if ve := y.Validate(); ve != nil {
			return Write{}, ve, false
		}
		return Write{kind: writeUpdate, exit: y}, nil, false
	}
	return ui.NewRecordForm(s.sh, s.w, s.h, T("tui.exit.form.record_title"), nil, build, write)
}

// disposeForm records the marked items handed back or destroyed, with the
// evidence and who verified it (8.2 c)); a destruction says how, who
// witnessed it and whether the media were cleared (seed 001 9.2.2 b)–c)).
func disposeForm(s *screen, ids []int64, d xm.Disposition) *ui.RecordForm[Write] {
	T := s.sh.T
	v := struct {
		on, method, witness, evidence, verified string
		cleared                                 bool
	}{}
	build := func() *huh.Form {
		fields := []huh.Field{dateInput(s, "on", "field.exit_item.disposed_on", &v.on, true)}
		if d == xm.Destroyed {
			fields = append(fields, line(s, "method", "field.exit_item.method", &v.method), line(s, "witness", "field.exit_item.witness", &v.witness),
				huh.NewConfirm().Key("cleared").Title(T("tui.exit.form.media_cleared", s.clause(xm.ClauseMedia))).Affirmative(T("tui.yes")).Negative(T("tui.no")).Value(&v.cleared))
		}
		fields = append(fields, line(s, "evidence", "field.exit_item.evidence", &v.evidence), line(s, "verified", "field.exit_item.verified_by", &v.verified))
		return huh.NewForm(huh.NewGroup(fields...))
	}
	write := func() (Write, error, bool) {
		disp := xm.Disposal{Disposition: d, On: ui.DateOf(v.on), Method: v.method, Witness: v.witness, MediaCleared: v.cleared,
			Evidence: v.evidence, VerifiedBy: v.verified}
		probe := xm.Item{Name: "-"}
		p := disp
		if p.On == "" {
			p.On = "2000-01-01"
		}
		if ve := probe.Apply(s.view.Exit, s.view.Cloud, p); ve != nil {
			return Write{}, ve, false
		}
		return Write{kind: writeDispose, ids: ids, disp: disp}, nil, false
	}
	title := T("tui.exit.form.handback_title", len(ids))
	if d == xm.Destroyed {
		title = T("tui.exit.form.destroy_title", len(ids))
	}
	return ui.NewRecordForm(s.sh, s.w, s.h, title, []string{T("tui.exit.form.dispose_about", s.clause(xm.ClauseDisposed))}, build, write)
}

// folderForm asks for a folder: to add its files (receive false) or to check
// the inventory against it (seed 001 9.2.1 a)–b)).
func folderForm(s *screen, receive bool) *ui.RecordForm[Write] {
	T := s.sh.T
	v := struct {
		dir, typ string
		sens     bool
	}{typ: string(xm.TypeData)}
	var types []huh.Option[string]
	for _, t := range xm.ItemTypes {
		types = append(types, huh.NewOption(T(t.Key()), string(t)))
	}
	build := func() *huh.Form {
		fields := []huh.Field{huh.NewInput().Key("dir").Title(T("tui.exit.form.folder")).Value(&v.dir).
			Validate(func(x string) error {
				if strings.TrimSpace(x) == "" {
					return ui.Errorf(T("err.field_line", T("tui.exit.form.folder"), T("err.required")))
				}
				return nil
			})}
		if !receive {
			fields = append(fields, huh.NewSelect[string]().Key("typ").Title(T("field.exit_item.type")).Options(types...).Value(&v.typ),
				huh.NewConfirm().Key("sens").Title(T("tui.exit.form.sensitive")).Affirmative(T("tui.yes")).Negative(T("tui.no")).Value(&v.sens))
		}
		return huh.NewForm(huh.NewGroup(fields...))
	}
	write := func() (Write, error, bool) {
		w := Write{kind: writeFolder, dir: ui.UserPath(v.dir), typ: xm.ItemType(v.typ), sens: v.sens}
		if receive {
			w.kind = writeReceive
		}
		return w, nil, false
	}
	title, about := T("tui.exit.form.folder_title"), T("tui.exit.form.folder_about", s.clause(xm.ClauseInventory))
	if receive {
		title, about = T("tui.exit.form.receive_title"), T("tui.exit.form.receive_about", s.clause(xm.ClauseReceive))
	}
	return ui.NewRecordForm(s.sh, s.w, s.h, title, []string{about}, build, write)
}
