package dashboard

import (
	"encoding/json"
	"strings"
	"time"

	"outsec/store"
	"outsec/tui/ui"
	"outsec/tui/wizard"
)

// draftPicker offers the unfinished wizard drafts: resume, discard, or later.
type draftPicker struct {
	ui.Picker[store.Draft]
	sh *ui.Context
}

// draftValues reads a draft's data; ok is false when it cannot be read.
func draftValues(d *store.Draft) (*wizard.Values, bool) {
	v := &wizard.Values{}
	if err := json.Unmarshal(d.Data, v); err != nil {
		return nil, false
	}
	v.Version = wizard.DataVersion
	return v, true
}

// summary is one line describing a draft.
func (p *draftPicker) summary(d *store.Draft) string {
	T := p.sh.T
	kind := T("tui.drafts.new")
	name := T("tui.drafts.unnamed")
	if v, ok := draftValues(d); ok {
		if strings.TrimSpace(v.Name) != "" {
			name = ui.OneLine(v.Name)
		}
		if d.EngagementID != 0 {
			kind = T("tui.drafts.edit", ui.OneLine(v.Code))
		}
	} else {
		name = T("tui.drafts.unreadable")
	}
	step := min(max(d.Step, 0), wizard.GroupCount-1)
	when := d.UpdatedAt
	if t, err := time.Parse(time.RFC3339Nano, d.UpdatedAt); err == nil {
		when = t.Local().Format("2006-01-02 15:04")
	}
	return T("tui.drafts.line", kind, name, step+1, wizard.GroupCount, T(wizard.GroupTitleKeys[step]), when, ui.OneLine(d.Operator))
}

func (p *draftPicker) View() string {
	T, s := p.sh.T, p.sh.Styles
	var lines []string
	lines = append(lines, s.Title.Render(ui.Fit(" "+T("tui.drafts.title", len(p.Items)), p.W)))
	for _, l := range ui.Wrap(T("tui.drafts.why"), p.W, " ", " ") {
		lines = append(lines, s.Dim.Render(l))
	}
	lines = append(lines, "")
	room := max(p.H-len(lines), 1)
	first := max(min(p.Cursor-room/2, len(p.Items)-room), 0)
	for i := first; i < len(p.Items) && i < first+room; i++ {
		line := ui.Fit("  "+p.summary(&p.Items[i]), p.W)
		if i == p.Cursor {
			line = s.Selected.Render(ui.Fit("> "+p.summary(&p.Items[i]), p.W))
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}
