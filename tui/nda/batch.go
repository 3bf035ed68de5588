package nda

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/exporter"
	"outsec/signing"
	"outsec/store"
	"outsec/templates"
	"outsec/tui/ui"
)

// The batch of person NDAs (6.4 a)): a dialog (formats, the folder
// remembered in documents.export.dir, and — when the operator has a signing
// key in force — whether to sign, with the passphrase), then one command
// that works off the key-press path: it unlocks the key, fills every
// person's NDA, prepares one export per person and the combined PDF
// (templates.CombineNDAs), renders them on every processor and writes them
// as one action (exporter.WriteBatch: every file whole or none, every
// record in one transaction). It reports through a channel that a chained
// command reads, one message per finished document, which moves the
// progress bar.

// ndaDialog is the batch dialog: the export dialog, and how many people it
// is for.
type ndaDialog struct {
	*ui.ExportDialog
	people int
	about  string // what the batch makes, above the form
}

// ndaBatch is the batch under way.
type ndaBatch struct {
	serial      int
	ch          <-chan ndaBatchMsg
	step        ndaStep
	done, total int
	signed      bool
}

type ndaStep int

const (
	ndaStepDir      ndaStep = iota // the remembered folder and the key: open the dialog
	ndaStepUnlock                  // unlocking the signing key
	ndaStepFill                    // filling the documents
	ndaStepProgress                // one more document rendered
	ndaStepWrite                   // writing the files and the records
	ndaStepDone                    // written (final)
	ndaStepFailed                  // nothing written (final)
)

// ndaBatchMsg is a step of the batch.
type ndaBatchMsg struct {
	engID  int64
	serial int
	step   ndaStep
	final  bool

	dir string
	key *store.SigningKey

	done, total int
	ch          <-chan ndaBatchMsg

	recs   []*store.ExportRecord
	recErr error    // the files are written, the records are not
	lines  []string // why nothing was written
}

func (m ndaBatchMsg) Recipient() ui.PageKey { return ui.KindNDA.Key(m.engID) }
func (m ndaBatchMsg) EndsWrite() bool       { return m.final }

// startDialog asks the store for the folder used last and the operator's
// signing key, then opens the dialog.
func (n *ndaScreen) startDialog() tea.Cmd {
	n.serial++
	st, ctx, engID, serial, opID, code := n.sh.Store, n.sh.Ctx, n.eng.ID, n.serial, n.sh.Operator.ID, n.eng.Code
	return func() tea.Msg {
		dir, key := ui.ExportStartFor(ctx, st, opID, engID, code)
		return ndaBatchMsg{engID: engID, serial: serial, step: ndaStepDir, dir: dir, key: key}
	}
}

func (n *ndaScreen) openDialog(dir string, k *store.SigningKey) tea.Cmd {
	T := n.sh.T
	var docs []templates.Format
	var chosen []string
	for _, f := range templates.Formats {
		if f.Document {
			docs = append(docs, f)
			chosen = append(chosen, f.Name)
		}
	}
	people := len(n.data.People)
	d := &ndaDialog{people: people, about: T("tui.nda.batch.about"), ExportDialog: ui.NewExportDialog(n.sh, ui.ExportDialogText{
		Title:       T("tui.nda.batch.title", people),
		FormatsHint: T("tui.nda.batch.formats_hint"),
		SignTitle:   "tui.nda.batch.sign",
		PassTitle:   T("tui.nda.batch.pass"),
	}, docs, chosen, dir, k)}
	d.SetSize(n.w, n.h)
	n.dlg, n.mode = d, ndaModeForm
	return d.Build()
}

// View is the dialog under what the batch makes.
func (d *ndaDialog) View() string { return d.ExportDialog.View(d.about) }

// dialogMsg hands the dialog a message and starts the batch when it is
// completed.
func (n *ndaScreen) dialogMsg(msg tea.Msg) tea.Cmd {
	cmd, state := n.dlg.Update(msg)
	switch state {
	case huh.StateCompleted:
		return tea.Batch(cmd, n.beginBatch())
	case huh.StateAborted:
		n.dlg, n.mode = nil, ndaModeList
		n.setStatus(n.sh.T("tui.doc.export.cancelled"), false)
	}
	return cmd
}

// ndaJob is what the batch's command needs, copied out of the model.
type ndaJob struct {
	sh      *ui.Context
	engID   int64
	serial  int
	formats []templates.Format
	dir     string
	key     *store.SigningKey
	pass    []byte
	tool    string
}

// beginBatch starts the batch with the dialog's values.
func (n *ndaScreen) beginBatch() tea.Cmd {
	d := n.dlg
	n.serial++
	j := ndaJob{sh: n.sh, engID: n.eng.ID, serial: n.serial, formats: d.Chosen(), dir: d.Dir, tool: n.sh.Tool()}
	if pass, sign := d.TakePass(); sign {
		j.key, j.pass = d.Key, pass
	}
	n.dlg = nil
	ch := make(chan ndaBatchMsg, 8)
	n.batch = &ndaBatch{serial: n.serial, ch: ch, step: ndaStepFill, signed: j.key != nil}
	if j.key != nil {
		n.batch.step = ndaStepUnlock
	}
	n.mode = ndaModeBusy
	n.sh.Writing() // the files, the records and the remembered folder; done() when it ends
	return tea.Batch(runNDABatch(j, ch), waitNDABatch(ch))
}

// waitNDABatch reads the batch's next step.
func waitNDABatch(ch <-chan ndaBatchMsg) tea.Cmd {
	return func() tea.Msg {
		m, ok := <-ch
		if !ok {
			return nil
		}
		m.ch = ch
		return m
	}
}

// runNDABatch starts the batch's work and returns at once; its steps come
// through ch, the last one final.
func runNDABatch(j ndaJob, ch chan<- ndaBatchMsg) tea.Cmd {
	return func() tea.Msg {
		go j.run(ch)
		return nil
	}
}

func (j ndaJob) run(ch chan<- ndaBatchMsg) {
	defer close(ch)
	sh := j.sh
	st, ctx, op, T, lang := sh.Store, sh.Ctx, sh.Operator, sh.Catalog.T, string(sh.Catalog.Lang())
	send := func(m ndaBatchMsg) bool {
		m.engID, m.serial = j.engID, j.serial
		select {
		case ch <- m:
			return true
		case <-ctx.Done():
			return false
		}
	}
	fail := func(lines []string) {
		send(ndaBatchMsg{step: ndaStepFailed, final: true, lines: lines})
	}
	var signer *signing.Signer
	if j.key != nil {
		kp, err := signing.NewKeyring(st.Path()).Unlock(*j.key, j.pass)
		ui.WipeBytes(j.pass)
		if err != nil {
			st.AuditFailure(ctx, op, ui.EventDocumentExport, "key", j.key.ShortID(), err)
			fail(ui.DescribeKeyError(sh, err))
			return
		}
		signer = &signing.Signer{Profile: ui.SigningProfile(op), KeyID: j.key.ID, Keys: kp}
		defer ui.WipeSigner(signer)
		if !send(ndaBatchMsg{step: ndaStepFill}) {
			return
		}
	}
	data, err := templates.Load(ctx, st, j.engID, lang)
	if err != nil {
		fail(sh.Describe(err))
		return
	}
	data.Sign.Prepared.Name = op.Name
	code := data.Engagement.Code
	docs, err := templates.FillNDAs(data, lang, sh.TemplatesDir, nil)
	if err != nil {
		if errors.Is(err, templates.ErrNoPeople) {
			fail([]string{T("doc.err.no_people")})
			return
		}
		st.AuditFailure(ctx, op, ui.EventDocumentExport, "engagement", code, err)
		fail(ui.DescribeDocError(T, err))
		return
	}
	dir := ui.UserPath(j.dir)
	now := st.Now().UTC()
	var jobs []*exporter.Job
	for i, doc := range docs {
		pd := data.ForPerson(i)
		pd.Seq = templates.PersonSeq(data.People[i])
		job, err := exporter.New(doc, pd, templates.NDAPerson, j.formats, dir, signer, j.tool, now)
		if err != nil {
			fail([]string{T("sign.err.locked", err.Error())})
			return
		}
		jobs = append(jobs, job)
	}
	if pdf, ok := templates.FormatByName("pdf"); ok && len(docs) > 1 {
		all, err := templates.CombineNDAs(docs, templates.CombinedNumber(code))
		if err != nil {
			fail(ui.DescribeDocError(T, err))
			return
		}
		job, err := exporter.New(all, data, templates.NDAPerson, []templates.Format{pdf}, dir, signer, j.tool, now)
		if err != nil {
			fail([]string{T("sign.err.locked", err.Error())})
			return
		}
		jobs = append(jobs, job)
	}
	if !send(ndaBatchMsg{step: ndaStepProgress, done: 0, total: len(jobs)}) {
		return
	}
	stopped := false
	err = exporter.RenderBatch(jobs, func(done, total int) {
		if !stopped && !send(ndaBatchMsg{step: ndaStepProgress, done: done, total: total}) {
			stopped = true
		}
	})
	if stopped {
		return
	}
	if err != nil {
		st.AuditFailure(ctx, op, ui.EventDocumentExport, "engagement", code, err)
		fail(ui.DescribeExportError(T, err))
		return
	}
	if !send(ndaBatchMsg{step: ndaStepWrite, done: len(jobs), total: len(jobs)}) {
		return
	}
	recs, err := exporter.WriteBatch(context.WithoutCancel(ctx), st, op, jobs)
	if recs == nil {
		fail(ui.DescribeExportError(T, err))
		return
	}
	exporter.RememberDir(ctx, st, j.engID, j.dir) // the engagement's folder, the command line's too
	send(ndaBatchMsg{step: ndaStepDone, final: true, recs: recs, recErr: err, done: len(jobs), total: len(jobs)})
}

// onBatch takes a step of the batch.
func (n *ndaScreen) onBatch(msg ndaBatchMsg) tea.Cmd {
	T := n.sh.T
	if msg.step == ndaStepDir {
		if msg.serial != n.serial || n.mode != ndaModeList {
			return nil
		}
		return n.openDialog(msg.dir, msg.key)
	}
	b := n.batch
	if b == nil || b.serial != msg.serial {
		if msg.final {
			return nil
		}
		return waitNDABatch(msg.ch) // a batch no longer shown still runs to its end
	}
	b.step = msg.step
	if msg.total > 0 {
		b.done, b.total = msg.done, msg.total
	}
	switch msg.step {
	case ndaStepDone:
		n.batch = nil
		n.mode, n.resultErr = ndaModeResult, false
		n.result = nil
		files := 0
		for _, r := range msg.recs {
			files += len(r.Files)
		}
		n.result = append(n.result, T("tui.nda.batch.written", len(msg.recs)-boolInt(len(msg.recs) > 1), files))
		if msg.recErr != nil {
			n.result = append(n.result, T("tui.doc.err.record", n.sh.Describe(msg.recErr)[0]))
			n.setStatus(n.result[len(n.result)-1], true)
		} else {
			n.setStatus(n.result[0], false)
		}
		n.layoutResult(msg.recs...)
		n.resVP.GotoTop()
		// The dashboard's lifecycle lists the documents exported when it is
		// shown again (it reloads then).
		return nil
	case ndaStepFailed:
		n.batch = nil
		n.mode, n.resultErr = ndaModeResult, true
		n.result = append([]string{T("tui.doc.export.failed")}, msg.lines...)
		n.result = append(n.result, T("tui.doc.export.nothing_written"))
		n.layoutResult()
		n.resVP.GotoTop()
		n.setStatus(msg.lines[0], true)
		return nil
	case ndaStepProgress:
		n.setStatus(T("tui.nda.batch.progress", b.done, b.total), false)
	}
	return waitNDABatch(msg.ch)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// busyLines are the batch's progress.
func (n *ndaScreen) busyLines() []string {
	T, s := n.sh.T, n.sh.Styles
	b := n.batch
	if b == nil {
		return nil
	}
	lines := []string{"", " " + T("tui.nda.batch.busy", len(n.data.People)), ""}
	switch b.step {
	case ndaStepUnlock:
		return append(lines, s.Dim.Render(ui.Clip(" "+T("tui.sign.export.unlocking"), n.w)))
	case ndaStepFill:
		return append(lines, s.Dim.Render(ui.Clip(" "+T("tui.nda.batch.filling"), n.w)))
	}
	pct := 0.0
	if b.total > 0 {
		pct = float64(b.done) / float64(b.total)
	}
	lines = append(lines, " "+n.bar.ViewAs(pct), " "+T("tui.nda.batch.progress", b.done, b.total))
	if b.step == ndaStepWrite {
		lines = append(lines, "", s.Dim.Render(ui.Clip(" "+T("tui.nda.batch.writing"), n.w)))
	}
	return lines
}

// layoutResult puts the result in its viewport: the files written, each
// with its size and SHA-256, or why nothing was written.
func (n *ndaScreen) layoutResult(recs ...*store.ExportRecord) {
	if n.mode != ndaModeResult {
		return
	}
	T, s := n.sh.T, n.sh.Styles
	var lines []string
	if n.resultErr {
		n.resVP.SetContentLines(ui.FailureLines(s, n.result, n.w))
		return
	}
	if recs == nil {
		return // a resize keeps the lines laid out
	}
	for i, l := range n.result {
		st := s.Success
		if i > 0 {
			st = s.Error
		}
		lines = append(lines, st.Render(ui.Clip(" "+l, n.w)))
	}
	if len(recs) > 0 {
		lines = append(lines, ui.WrapStyled(s.Bold, ui.SignatureLine(T, recs[0].Signature), n.w, " ", "   ")...)
	}
	for _, r := range recs {
		lines = append(lines, "", s.Bold.Render(ui.Clip(" "+r.Number+"  "+ui.OneLine(r.Title), n.w)))
		lines = append(lines, ui.FileLines(T, s, r.Files, n.w)...)
	}
	lines = append(lines, "", ui.Clip(" "+T("tui.nda.batch.back"), n.w))
	n.resVP.SetContentLines(lines)
}
