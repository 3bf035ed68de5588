package docs

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"outsec/model"
	"outsec/templates"
	"outsec/tui/ui"
)

// The documents of an engagement as a page: opened from the dashboard, the
// risk conclusion, the screening, the contract and the NDAs; esc returns to
// whichever opened it. The screen itself is docs.go.

// Registration is the documents in the root's registry.
var Registration = ui.Registration{Kind: ui.KindDocs, New: New}

func New(sh *ui.Context, engID int64) ui.Page {
	return newDocScreen(sh, model.Engagement{ID: engID}, 0, 0)
}

// Open takes what the page is opened for: the Exports tab (DocsArgExports),
// a document to select (its kind), or the list as it was.
func (d *docScreen) Open(arg string) {
	if d.mode == docModeForm || d.mode == docModeBusy {
		d.mode = docModeList
		if d.form != nil {
			d.form.Pass = ""
		}
	}
	if d.mode == docModeResult {
		d.mode = docModePreview
	}
	d.tab = docTabList
	d.openTab = arg == ui.DocsArgExports
	if arg != "" && arg != ui.DocsArgExports {
		arg, d.sel = splitDocArg(arg) // "rectification-notice?findings=1,3" (selection.go)
	}
	if arg != "" && d.mode == docModeList {
		for i, k := range templates.Kinds {
			if string(k) == arg {
				d.cursor = i
			}
		}
	}
}

// Init loads the engagement's data anew (a preview of older data is not
// shown), and its exports when the Exports tab is asked for.
func (d *docScreen) Init() tea.Cmd {
	d.version++
	d.sh.SetStatus("")
	cmds := []tea.Cmd{loadDocData(d.sh, d.eng.ID, d.version)}
	if d.openTab {
		d.openTab = false
		cmds = append(cmds, d.openExports())
	}
	return tea.Batch(cmds...)
}

func (d *docScreen) Title() string { return d.sh.T("tui.page.docs", ui.OneLine(d.eng.Code)) }

// Capturing: the export form types; while an export runs only ctrl+c
// leaves.
func (d *docScreen) Capturing() bool { return d.typing() || d.mode == docModeBusy }

func (d *docScreen) KeyMap() help.KeyMap { return d.help() }

func (d *docScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return d.key(msg)
	case tea.WindowSizeMsg, tea.BackgroundColorMsg:
		// A new width or background: the preview is drawn again (or taken
		// from the cache).
		if !d.sh.IsShown(ui.KindDocs.Key(d.eng.ID)) || d.tab != docTabList || d.mode != docModePreview {
			return nil
		}
		return d.showPreview(false)
	case docResult:
		return d.onResult(msg)
	}
	return d.formUpdate(msg)
}

// key routes a key press on the documents screen.
func (d *docScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	if msg.String() == "ctrl+c" && !d.typing() {
		return ui.Quit()
	}
	// Per-person documents (every service person's NDA) are made in one
	// batch on the NDA screen, with its progress bar and combined PDF.
	if (d.mode == docModeList || d.mode == docModePreview) && key.Matches(msg, d.sh.Keys.Docs.Export) {
		kind := d.kind
		if d.mode == docModeList {
			kind = d.selectedKind()
		}
		if kind.PerPerson() {
			return ui.GoTo(ui.GoMsg{Key: ui.PageKey{Kind: ui.KindNDA, Engagement: d.eng.ID}, Status: d.sh.T("tui.doc.per_person_batch")})
		}
	}
	cmd, leave := d.handleKey(msg)
	if leave {
		return tea.Batch(cmd, ui.Back())
	}
	return cmd
}
