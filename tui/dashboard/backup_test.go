package dashboard

import (
	"context"
	"strings"
	"sync"
	"testing"

	"outsec/backup"
	"outsec/i18n"
	"outsec/tui/tuitest"
)

// B on the dashboard backs the database up, while another writer goes on
// (as the workbench's own commands would): the backup checks out, and the
// status line says where it is.
func TestBackupFromTheDashboardWhileWriting(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	tuitest.BlankSample(t, st, op, "zh-CN")
	h := tuitest.NewHarness(t, st, i18n.ZH, 120, 36)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
				tuitest.AddEngagement(t, st, op, "并发写入", "信息中心", "某公司")
			}
		}
	}()
	h.Press("W")
	close(stop)
	wg.Wait()
	l := backup.List(backup.Dir(context.Background(), st), st.Path())
	if len(l) != 1 {
		t.Fatalf("backups: %+v", l)
	}
	h.MustShow(strings.SplitN(tuitest.ZH.T("tui.status.backup_done", "", 0), "：", 2)[0])
	c, err := backup.Check(context.Background(), l[0].Path)
	if err != nil || !c.OK() {
		t.Fatalf("%v %+v", err, c.Problems)
	}
}
