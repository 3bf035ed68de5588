package templates

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"text/template"
	"time"
	"unicode/utf8"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/contract"
	"outsec/model/risk"
	"outsec/model/screening"
	"outsec/templates/render"
	"outsec/templates/render/markdown"
)

// TemplateError is a broken template: the file (the user's file, or
// "<lang>/<name>" for an embedded one), the line and column (1-based, in
// characters; 0 when unknown) and text/template's message.
type TemplateError struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *TemplateError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// CheckErrors are every broken template of a folder.
type CheckErrors []*TemplateError

func (es CheckErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// UserFile is where a user template of kind k in lang lives in userDir.
func UserFile(userDir, lang string, k Kind) string {
	return filepath.Join(userDir, lang, k.File())
}

// source finds the template: the user's file when there is one, else the
// embedded one. name is what errors call it.
func source(userDir, lang string, k Kind) (text []byte, name string, err error) {
	if userDir != "" {
		p := UserFile(userDir, lang, k)
		b, err := os.ReadFile(p)
		if err == nil {
			return b, p, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, p, err
		}
	}
	b, err := Embedded(lang, k)
	return b, lang + "/" + k.File(), err
}

// parse parses a template; a failure is a *TemplateError.
func parse(name string, text []byte, lang string) (*template.Template, error) {
	t, err := template.New(name).Option("missingkey=error").Funcs(Funcs(lang)).Parse(string(text))
	if err != nil {
		return nil, locate(name, text, err, lang)
	}
	return t, nil
}

// Fill executes the template of kind (the user's copy in userDir/<lang>/
// first), parses the Markdown it gives and returns the Document with its
// fields set. A broken template is a *TemplateError. For a per-person kind
// (NDAPerson) data.Person is the person the document names, and the number is
// theirs (PersonNumber); without a person the document has blanks to fill in
// by hand.
func Fill(kind Kind, data *DocData, lang, userDir string) (*render.Document, error) {
	p, err := prepare(kind, lang, userDir)
	if err != nil {
		return nil, err
	}
	return p.fill(data)
}

// prepared is a template parsed once, to fill many times (FillNDAs).
type prepared struct {
	kind       Kind
	lang, name string
	text       []byte
	t          *template.Template
	cat        *i18n.Catalog
}

func prepare(kind Kind, lang, userDir string) (*prepared, error) {
	if _, ok := ParseKind(string(kind)); !ok {
		return nil, fmt.Errorf("templates: unknown document %q", kind)
	}
	if lang != "en" {
		lang = "zh-CN"
	}
	text, name, err := source(userDir, lang, kind)
	if err != nil {
		return nil, err
	}
	t, err := parse(name, text, lang)
	if err != nil {
		return nil, err
	}
	return &prepared{kind: kind, lang: lang, name: name, text: text, t: t, cat: i18n.New(i18n.Lang(lang))}, nil
}

func (p *prepared) fill(data *DocData) (*render.Document, error) {
	d := *data
	lang, kind := p.lang, p.kind
	if d.cat == nil || string(d.cat.Lang()) != lang {
		d.cat = p.cat
	}
	d.Lang, d.Kind = lang, kind
	d.Register.d = &d // the register's tables in the document's language
	d.Title = d.cat.T(kind.TitleKey())
	d.Number = Number(d.Engagement.Code, kind, d.Seq)
	if kind.PerPerson() {
		d.Number = PersonNumber(d.Engagement.Code, kind, d.Person)
	}
	if kind.PerVersion() && d.Filing != nil {
		// The version's own number and date, whatever the caller set: the
		// document of a version is made again the same (planfiling.go).
		d.Number = Number(d.Engagement.Code, kind, d.Filing.Version.Number)
		d.Date, d.Version = d.Filing.Drafted, "1.0"
	}
	buf, err := p.execute(&d)
	if err != nil {
		return nil, err
	}
	doc := &render.Document{
		Lang: lang, Title: d.Title, Number: d.Number, Version: d.Version,
		Date: string(d.Date), Marking: pageMarking(&d, lang), Source: Normalise(buf),
	}
	doc.Parse()
	return doc, nil
}

// Limits of one filled template (issue 17, hole 6): a user template with
// a nested range could run forever or fill the memory. Past either, the
// fill stops with a TemplateError that says which limit it hit.
var (
	MaxOutput       = 16 << 20         // bytes of filled Markdown
	MaxFillDuration = 10 * time.Second // time to fill one document
)

// errLimit stops a template's execution from inside its writer.
var errLimit = errors.New("limit")

// limited is the template's output: it refuses to grow past max bytes, and
// refuses any write once stopped (the time is up).
type limited struct {
	buf     bytes.Buffer
	max     int
	over    bool
	stopped atomic.Bool
}

func (w *limited) Write(b []byte) (int, error) {
	if w.stopped.Load() {
		return 0, errLimit
	}
	if w.buf.Len()+len(b) > w.max {
		w.over = true
		return 0, errLimit
	}
	return w.buf.Write(b)
}

// execute fills the template within MaxOutput and MaxFillDuration. A fill
// that runs past the time is left to stop at its next write.
func (p *prepared) execute(d *DocData) ([]byte, error) {
	w := &limited{max: MaxOutput}
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("%v", r)
			}
		}()
		done <- p.t.Execute(w, d)
	}()
	timer := time.NewTimer(MaxFillDuration)
	defer timer.Stop()
	select {
	case err := <-done:
		switch {
		case w.over:
			return nil, &TemplateError{File: p.name, Msg: p.cat.T("safety.template.too_large", MaxOutput>>20)}
		case err != nil:
			return nil, locate(p.name, p.text, err, p.lang)
		}
		return w.buf.Bytes(), nil
	case <-timer.C:
		w.stopped.Store(true)
		return nil, &TemplateError{File: p.name, Msg: p.cat.T("safety.template.too_slow", int(MaxFillDuration/time.Second))}
	}
}

// Number is the document number: engagement code, type code, two-digit
// sequence (2026-001-RA-01).
func Number(code string, k Kind, seq int) string {
	if seq < 1 {
		seq = 1
	}
	return fmt.Sprintf("%s-%s-%02d", code, k.TypeCode(), seq)
}

// Normalise is the canonical form of filled Markdown (markdown.Normalise): no
// byte-order mark, LF line ends, no trailing spaces, at most one blank line in
// a row, one final new line.
func Normalise(b []byte) []byte { return markdown.Normalise(b) }

// Check parses every user template in userDir (<dir>/zh-CN/*.md, <dir>/en/*.md)
// and executes it with sample data, so that a misspelt field shows too. It
// returns CheckErrors naming each broken file with line and column; nil when
// all are sound or there are none. Files whose name is no document are
// ignored.
func Check(userDir string) error {
	var errs CheckErrors
	for _, lang := range Langs {
		for _, k := range Kinds {
			p := UserFile(userDir, lang, k)
			_, err := os.Stat(p)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				errs = append(errs, &TemplateError{File: p, Msg: err.Error()})
				continue
			}
			d := SampleData(lang)
			if k.PerPerson() {
				d = d.ForPerson(0)
			}
			if _, err := Fill(k, d, lang, userDir); err != nil {
				var te *TemplateError
				if errors.As(err, &te) {
					errs = append(errs, te)
				} else {
					errs = append(errs, &TemplateError{File: p, Msg: err.Error()})
				}
			}
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// UserFiles lists the user templates present in userDir.
func UserFiles(userDir string) []string {
	var out []string
	for _, lang := range Langs {
		for _, k := range Kinds {
			p := UserFile(userDir, lang, k)
			if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
				out = append(out, p)
			}
		}
	}
	sort.Strings(out)
	return out
}

var (
	// template: NAME:LINE: msg   or   template: NAME:LINE:COL: executing …
	errPos  = regexp.MustCompile(`^template: (.*?):(\d+)(?::(\d+))?: (.*)$`)
	fnName  = regexp.MustCompile(`function "([^"]+)" not defined`)
	badTok  = regexp.MustCompile(`unexpected "([^"]+)"|unexpected <([^>]+)>|bad character [^ ]+ '(.)'`)
	actions = regexp.MustCompile(`\{\{.*?(\}\}|$)`)
)

// locate turns a text/template error into a *TemplateError with line and
// column. Execution errors carry the column (in bytes; made characters here);
// parse errors carry only the line, and the column is found from the message
// (the undefined function, the unexpected token) or by parsing each action of
// the line on its own.
func locate(name string, text []byte, err error, lang string) error {
	msg := err.Error()
	te := &TemplateError{File: name, Msg: msg}
	first, _, _ := strings.Cut(msg, "\n")
	m := errPos.FindStringSubmatch(first)
	if m == nil {
		return te
	}
	te.Line, _ = strconv.Atoi(m[2])
	te.Msg = m[4]
	if strings.HasPrefix(te.Msg, "executing ") {
		// executing "name" at <.X>: error calling …: keep what follows the name.
		if i := strings.Index(te.Msg, "\" at "); i >= 0 {
			te.Msg = te.Msg[i+5:]
		}
	}
	// "unclosed action started at NAME:3": the action's own line.
	if i := strings.LastIndex(te.Msg, " started at "+name+":"); i >= 0 {
		if n, err := strconv.Atoi(te.Msg[i+len(" started at "+name+":"):]); err == nil {
			te.Line, te.Msg = n, te.Msg[:i]
		}
	}
	lines := strings.Split(string(text), "\n")
	var line string
	if te.Line >= 1 && te.Line <= len(lines) {
		line = lines[te.Line-1]
	}
	if m[3] != "" {
		b, _ := strconv.Atoi(m[3])
		if b > len(line) {
			b = len(line)
		}
		te.Col = utf8.RuneCountInString(line[:b]) + 1
		return te
	}
	te.Col = parseColumn(line, te.Msg, lang)
	return te
}

func parseColumn(line, msg, lang string) int {
	col := func(b int) int { return utf8.RuneCountInString(line[:b]) + 1 }
	spans := actions.FindAllStringIndex(line, -1)
	find := func(tok string) int {
		for _, s := range spans {
			if i := strings.Index(line[s[0]:s[1]], tok); i >= 0 {
				return col(s[0] + i)
			}
		}
		return 0
	}
	if f := fnName.FindStringSubmatch(msg); f != nil {
		if c := find(f[1]); c > 0 {
			return c
		}
	}
	if f := badTok.FindStringSubmatch(msg); f != nil {
		tok := f[1] + f[2] + f[3]
		if c := find(tok); c > 0 && tok != "" {
			return c
		}
	}
	if strings.Contains(msg, "unclosed action") || strings.Contains(msg, "unterminated") {
		if i := strings.LastIndex(line, "{{"); i >= 0 {
			return col(i)
		}
	}
	// Parse each action alone: the first that is wrong by itself is the one.
	for _, s := range spans {
		act := line[s[0]:s[1]]
		_, err := template.New("x").Funcs(Funcs(lang)).Parse(act)
		if err == nil {
			continue
		}
		e := err.Error()
		if strings.Contains(e, "unexpected EOF") || strings.Contains(e, "{{end}}") {
			continue // a block opened here and closed later: fine alone
		}
		return col(s[0])
	}
	if len(spans) > 0 {
		return col(spans[0][0])
	}
	return 1
}

// SampleData is a small made-up engagement with an assessment and a
// screening, used to try a template out (Check) without a database.
func SampleData(lang string) *DocData {
	e := model.SampleEngagement(lang)
	e.ID, e.Code = 1, "2026-001"
	a := risk.Assessment{Settings: risk.DefaultSettings(risk.MethodMatrix)}
	a.Assets = []risk.Asset{{ID: 1, Name: "portal", Type: "software", C: 3, I: 4, A: 4}}
	a.Threats = []risk.Threat{{ID: 1, Name: "intrusion", Source: risk.SourceHumanMalicious, Path: risk.PathIndirect, Frequency: 3}}
	a.Vulns = []risk.Vulnerability{{ID: 1, AssetID: 1, Description: "weak passwords", Category: "host", Severity: 4, Identified: "scan"}}
	a.Controls = []risk.Control{{ID: 1, Name: "MFA", Status: risk.ControlPlanned, Effectiveness: "not_assessed", RiskIDs: []int64{1}}}
	a.Risks = []risk.Risk{{ID: 1, AssetID: 1, ThreatID: 1, VulnID: 1, ResidualThreat: 2, ResidualVuln: 2,
		Treatment: risk.Treatment{Option: risk.TreatControl, Measure: "MFA", Owner: "IT", Deadline: "2026-04-01", Status: "planned"}}}
	a.Conclusion = risk.Conclusion{AcceptableLevel: 2, Leader: e.Leader, Date: "2026-03-01", Decision: risk.ProposeProceed, Remarks: "-"}
	sc := screening.Screening{
		Vendor: screening.Checklist{{Item: "b1", Result: screening.Met, Evidence: "licence"}},
		People: []screening.Person{{ID: 1, Name: "Chen", Role: "engineer", NDASigned: "2026-02-01",
			Checklist: screening.Checklist{{Item: "c1", Result: screening.Met}}}},
	}
	d := Assemble(e, a, sc, "2026-03-01", lang)
	c := contract.Contract{
		Review: contract.Review{Title: "contract", Version: "1", Date: "2026-02-20", Reviewer: "Li",
			Items: []contract.Assessment{{ItemID: "sec.a1", Status: contract.Present, Article: "8.1"},
				{ItemID: "sec.a7", Status: contract.Partial, Article: "8.2", Note: "-"}, {ItemID: "exit.b5", Status: contract.Missing}}},
		Params:        map[string]string{"nda_penalty": "100000"},
		FactorChanges: []contract.FactorChange{{Date: "2026-02-25", Description: "new system"}},
	}
	c.Signing = contract.SampleSigning(lang)
	d.SetContract(c)
	d.SetPlanFiling(SamplePlanFiling(e, lang))
	d.SetRegister(SampleRegisterSnapshot(lang, d.Date))
	return d
}

// pageMarking is the marking in every page's header: the classification
// and, for the sample engagement, its 示例 / SAMPLE mark (issue 16), so that
// no page of a sample document passes for a real one.
func pageMarking(d *DocData, lang string) string {
	if !d.Engagement.Sample {
		return d.Marking
	}
	mark := i18n.New(i18n.Lang(lang)).T("doc.sample_mark")
	if d.Marking == "" {
		return mark
	}
	return d.Marking + " · " + mark
}
