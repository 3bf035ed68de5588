package dashboard

import (
	"errors"

	tea "charm.land/bubbletea/v2"

	"outsec/backup"
	"outsec/tui/ui"
)

// The backup on screen (B; issue 17, GB/T 39477—2020 6.3.3): the same as
// `outsec backup`, into the backups folder, keeping the newest; the status
// line says where it went, or why not.

type backupDoneMsg struct {
	res *backup.Result
	err error
}

func (backupDoneMsg) Recipient() ui.PageKey { return dashboardKey }
func (backupDoneMsg) EndsWrite() bool       { return true }

func backupNow(sh *ui.Context) tea.Cmd {
	st, ctx, op := sh.Store, sh.Ctx, sh.Operator
	sh.Writing()
	sh.SetStatus(sh.T("tui.status.backing_up"))
	return func() tea.Msg {
		res, err := backup.Create(ctx, st, op, backup.Options{Tool: "outsec", Keep: backup.Keep(ctx, st)})
		return backupDoneMsg{res: res, err: err}
	}
}

func backupDone(sh *ui.Context, msg backupDoneMsg) {
	var pe *backup.PathError
	switch {
	case msg.err == nil:
		sh.SetStatus(sh.T("tui.status.backup_done", ui.OneLine(msg.res.Backup.Path), msg.res.Backup.Meta.Engagements))
	case asPathError(msg.err, &pe):
		sh.SetStatusText(sh.T("tui.status.backup_failed", ui.OneLine(pe.Path), ui.IOReason(sh.T, pe.Err)), true)
	default:
		sh.SetError(msg.err)
	}
}

func asPathError(err error, pe **backup.PathError) bool { return errors.As(err, pe) }
