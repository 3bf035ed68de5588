package templates

import (
	"errors"
	"fmt"
	"runtime"
	"sync"

	"outsec/templates/render"
)

// PersonSeq is the sequence in the number of a person's NDA
// (2026-001-NP-07): the person's record number in the store, which never
// changes and is never given to another person, so a person's NDA keeps its
// number when others join or leave the register. A person not yet stored
// (ID 0: data built in memory) has their place in the register instead.
func PersonSeq(p PersonView) int {
	if p.Person.ID > 0 {
		return int(p.Person.ID)
	}
	return p.N
}

// PersonNumber is the number of the per-person document of kind k for p:
// engagement code, type code, PersonSeq (2026-001-NP-07). Without a person
// (a blank form to fill in by hand) the sequence is 00, which no person has.
func PersonNumber(code string, k Kind, p *PersonView) string {
	if p == nil {
		return fmt.Sprintf("%s-%s-00", code, k.TypeCode())
	}
	return fmt.Sprintf("%s-%s-%02d", code, k.TypeCode(), PersonSeq(*p))
}

// ForPerson is a copy of d for the document of one service person:
// d.People[i] becomes Person. It panics when i is out of range.
func (d *DocData) ForPerson(i int) *DocData {
	c := *d
	p := d.People[i]
	if i < len(d.unmasked) {
		// The signatory's own numbers, in full (the NDA names them).
		p.Person.IDNumber, p.Person.Phone = d.unmasked[i].IDNumber, d.unmasked[i].Phone
	}
	c.Person = &p
	return &c
}

// ForPersonID is ForPerson for the person with record number id (the
// number PersonSeq gives); false when the register has no such person.
func (d *DocData) ForPersonID(id int64) (*DocData, bool) {
	for i := range d.People {
		if d.People[i].Person.ID == id {
			return d.ForPerson(i), true
		}
	}
	return nil, false
}

// ErrNoPeople is returned when NDAs are asked for an engagement with no
// service person registered; its message for the user is the catalog's
// "doc.err.no_people".
var ErrNoPeople = errors.New("templates: no service person registered")

// FillNDAs fills the person NDA (NDAPerson; the user's copy in userDir first)
// once for every service person of data, in the order of the register: one
// document each, numbered PersonSeq. The template is parsed once and the
// documents are filled on every processor; each(i, n), when not nil, is
// called once per document as it is done, i counting 1 … n in the order they
// finish, from one goroutine at a time. The first error stops the batch. The
// vendor's NDA is Fill(NDAVendor, …).
func FillNDAs(data *DocData, lang, userDir string, each func(i, n int)) ([]*render.Document, error) {
	n := len(data.People)
	if n == 0 {
		return nil, ErrNoPeople
	}
	p, err := prepare(NDAPerson, lang, userDir)
	if err != nil {
		return nil, err
	}
	docs := make([]*render.Document, n)
	var mu sync.Mutex
	done := 0
	err = parallel(n, func(i int) error {
		doc, err := p.fill(data.ForPerson(i))
		if err != nil {
			return err
		}
		docs[i] = doc
		if each != nil {
			mu.Lock()
			done++
			each(done, n)
			mu.Unlock()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return docs, nil
}

// CombinedNumber is the number of the document that holds every person's NDA
// of an engagement for printing: 2026-001-NP-ALL.
func CombinedNumber(code string) string { return code + "-" + NDAPerson.TypeCode() + "-ALL" }

// CombineNDAs joins the documents of FillNDAs into one for printing, each
// starting on a new page (render.PageBreak): one PDF or DOCX with every
// person's NDA. Language, title, version, date and marking are the first
// document's; the number is number (CombinedNumber). Each part keeps its own
// number in its heading table.
func CombineNDAs(docs []*render.Document, number string) (*render.Document, error) {
	if len(docs) == 0 {
		return nil, ErrNoPeople
	}
	size := 0
	for _, d := range docs {
		size += len(d.Source) + len(render.PageBreak) + 3
	}
	src := make([]byte, 0, size)
	for i, d := range docs {
		if i > 0 {
			src = append(src, "\n"+render.PageBreak+"\n\n"...)
		}
		src = append(src, d.Source...)
	}
	f := docs[0]
	out := &render.Document{Lang: f.Lang, Title: f.Title, Number: number, Version: f.Version,
		Date: f.Date, Marking: f.Marking, Source: Normalise(src)}
	out.Parse()
	return out, nil
}

// RenderAll renders every document to every format, on every processor:
// out[i][j] is docs[i] in formats[j]. data is what the documents were filled
// from (a format such as the registers' workbook renders from it). each(i,
// n), when not nil, is called once per document when all its formats are
// done, i counting 1 … n in the order they finish, from one goroutine at a
// time. The same documents give the same bytes, whatever the order of work.
// The first error stops the batch.
func RenderAll(data *DocData, docs []*render.Document, formats []Format, each func(i, n int)) ([][][]byte, error) {
	n := len(docs)
	out := make([][][]byte, n)
	var mu sync.Mutex
	done := 0
	err := parallel(n, func(i int) error {
		res := make([][]byte, len(formats))
		for j, f := range formats {
			b, err := f.Render(docs[i], data)
			if err != nil {
				return fmt.Errorf("%s.%s: %w", docs[i].Number, f.Name, err)
			}
			res[j] = b
		}
		out[i] = res
		if each != nil {
			mu.Lock()
			done++
			each(done, n)
			mu.Unlock()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// parallel runs work(0 … n-1) on up to GOMAXPROCS goroutines and returns the
// first error (by index), after which no new work starts.
func parallel(n int, work func(i int) error) error {
	errs := make([]error, n)
	next := make(chan int)
	stop := make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if errs[i] = work(i); errs[i] != nil {
					once.Do(func() { close(stop) })
				}
			}
		}()
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-stop:
			break feed
		}
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
