package screening

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"

	"outsec/model/screening"
	"outsec/tui/ui"
)

// accessBinding opens the selected person's accesses and training (the page
// people, 7.2 a) 2), 4)).
func accessBinding(sh *ui.Context) key.Binding {
	return key.NewBinding(key.WithKeys("A"), key.WithHelp("A", sh.T("people.help.open")))
}

// accessLines is what the register says of the person's accesses, trainings
// and leaving: a leaver with an access still open is flagged (7.2 a) 2);
// A.4 b)).
func (s *screeningScreen) accessLines(p *screening.Person) []string {
	T, st := s.sh.T, s.sh.Styles
	var lines []string
	if len(p.Accesses) == 0 && len(p.Trainings) == 0 && !p.Left() {
		return nil
	}
	hours := strconv.FormatFloat(p.TrainingHours(), 'g', -1, 64)
	text := T("people.summary", len(p.OpenAccesses()), len(p.Accesses), len(p.Trainings), hours)
	if p.Left() {
		text += " " + T("people.summary_left", string(p.LeftDate))
	}
	for _, l := range ui.Wrap(text, s.w, " ", "   ") {
		lines = append(lines, st.Dim.Render(l))
	}
	if p.LeftWithAccess() {
		var names []string
		for _, a := range p.OpenAccesses() {
			names = append(names, ui.OneLine(a.Account))
		}
		msg := "! " + T("people.flag.detail", ui.OneLine(p.Name), string(p.LeftDate), len(names), string(screening.ClauseLeaverAccess)) +
			" " + strings.Join(names, T("people.list_sep"))
		for _, l := range ui.Wrap(msg, s.w, " ", "   ") {
			lines = append(lines, st.Stop.Render(l))
		}
	}
	return lines
}
