package screening

import (
	"fmt"
	"math"

	"outsec/model"
)

// People as supervision needs them (GB/T 32926—2016 7.2 a) 2), 4); annex A
// A.4 b)): the accounts and access rights each person was granted and when
// they were revoked, the training received, and when the person joined and
// left the service.

// Clauses of people's access and training.
const (
	// ClauseAccessGranted: every person's authorisations granted and revoked as
	// the work needed (the deliverable verification checks them).
	ClauseAccessGranted model.Clause = "GB/T 32926—2016 7.2 a) 2)"
	// ClauseTraining: the training status and records of each person.
	ClauseTraining model.Clause = "GB/T 32926—2016 7.2 a) 4)"
	// ClauseLeaverAccess: a person who leaves has every access revoked.
	ClauseLeaverAccess model.Clause = "GB/T 32926—2016 7.2 a) 2); A.4 b)"
)

// AccessKind is whether an access is to premises (physical) or to systems
// (electronic).
type AccessKind string

const (
	AccessElectronic AccessKind = "electronic" // an account, a key, a VPN
	AccessPhysical   AccessKind = "physical"   // a badge, a machine room key
)

// AccessKinds lists the kinds in the order a form offers them.
var AccessKinds = []AccessKind{AccessElectronic, AccessPhysical}

// Valid reports whether k is one of AccessKinds.
func (k AccessKind) Valid() bool { return k == AccessElectronic || k == AccessPhysical }

// Key is the catalog key of the kind's name.
func (k AccessKind) Key() string { return "people.access_kind." + string(k) }

// Access is one account or access right granted to a person.
type Access struct {
	ID int64 `json:"-"`
	// What: the account, the system or the place ("oa-admin on the OA server",
	// "machine room B badge").
	Account    string     `json:"account"`
	Rights     string     `json:"rights,omitempty"` // what it allows
	Kind       AccessKind `json:"kind"`
	Privileged bool       `json:"privileged,omitempty"`
	Granted    model.Date `json:"granted"`
	// Revoked is when the access was taken back; empty: still open.
	Revoked model.Date `json:"revoked,omitempty"`
	Notes   string     `json:"notes,omitempty"`
}

// Open reports whether the access has not been revoked.
func (a *Access) Open() bool { return a.Revoked.IsZero() }

// Training is one training the person received.
type Training struct {
	ID     int64      `json:"-"`
	Date   model.Date `json:"date"`
	Topic  string     `json:"topic"`
	Hours  float64    `json:"hours,omitempty"`
	Record string     `json:"record,omitempty"` // the record: attendance sheet, certificate number
}

// Left reports whether the person has left the service.
func (p *Person) Left() bool { return !p.LeftDate.IsZero() }

// OpenAccesses are the person's accesses not revoked.
func (p *Person) OpenAccesses() []Access {
	var out []Access
	for _, a := range p.Accesses {
		if a.Open() {
			out = append(out, a)
		}
	}
	return out
}

// LeftWithAccess reports whether the person has left while an access is
// still open: flagged wherever people are listed (7.2 a) 2); A.4 b)).
func (p *Person) LeftWithAccess() bool { return p.Left() && len(p.OpenAccesses()) > 0 }

// TrainingHours is the total of the person's training hours.
func (p *Person) TrainingHours() float64 {
	var h float64
	for _, t := range p.Trainings {
		h += t.Hours
	}
	return h
}

// LeftWithAccess lists the people who left with an access still open.
func (s *Screening) LeftWithAccess() []*Person {
	var out []*Person
	for i := range s.People {
		if s.People[i].LeftWithAccess() {
			out = append(out, &s.People[i])
		}
	}
	return out
}

// MaxHours is the most hours one training may record.
const MaxHours = 1000

// Validate checks an access before it is saved. Fields are named
// prefix+".<field>".
func (a *Access) Validate(prefix string) model.ValidationError {
	c := &checker{}
	if a.Account == "" {
		c.add(prefix+".account", "err.required", ClauseAccessGranted)
	} else {
		c.line(prefix+".account", a.Account, model.MaxShortText)
	}
	c.text(prefix+".rights", a.Rights, model.MaxLongText)
	if !a.Kind.Valid() {
		c.add(prefix+".kind", "people.err.kind", ClauseAccessGranted, string(a.Kind))
	}
	switch {
	case a.Granted.IsZero():
		c.add(prefix+".granted", "err.required", ClauseAccessGranted)
	case !a.Granted.Valid():
		c.add(prefix+".granted", "err.date", ClauseAccessGranted)
	}
	if !a.Revoked.Valid() {
		c.add(prefix+".revoked", "err.date", ClauseAccessGranted)
	} else if a.Revoked.Before(a.Granted) {
		c.add(prefix+".revoked", "people.err.revoked_before", ClauseAccessGranted, string(a.Granted))
	}
	c.text(prefix+".notes", a.Notes, model.MaxLongText)
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs
}

// Validate checks a training before it is saved.
func (t *Training) Validate(prefix string) model.ValidationError {
	c := &checker{}
	switch {
	case t.Date.IsZero():
		c.add(prefix+".date", "err.required", ClauseTraining)
	case !t.Date.Valid():
		c.add(prefix+".date", "err.date", ClauseTraining)
	}
	if t.Topic == "" {
		c.add(prefix+".topic", "err.required", ClauseTraining)
	} else {
		c.line(prefix+".topic", t.Topic, model.MaxShortText)
	}
	if math.IsNaN(t.Hours) || t.Hours < 0 || t.Hours > MaxHours {
		c.add(prefix+".hours", "people.err.hours", ClauseTraining, MaxHours)
	}
	c.text(prefix+".record", t.Record, model.MaxLongText)
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs
}

// validateSupervision checks the dates, accesses and trainings of a person;
// part of Person.Validate.
func (p *Person) validateSupervision(c *checker) {
	if !p.LeftDate.Valid() {
		c.add("person.left_date", "err.date", ClauseLeaverAccess)
	} else if p.LeftDate.Before(p.StartDate) {
		c.add("person.left_date", "people.err.left_before", ClauseLeaverAccess, string(p.StartDate))
	}
	for i := range p.Accesses {
		c.errs = append(c.errs, p.Accesses[i].Validate(fmt.Sprintf("person.accesses[%d]", i))...)
	}
	for i := range p.Trainings {
		c.errs = append(c.errs, p.Trainings[i].Validate(fmt.Sprintf("person.trainings[%d]", i))...)
	}
}
