package templates

import (
	"outsec/model"
	"outsec/model/screening"
)

// MaskPersonal masks the ID and phone numbers of d (model.MaskID,
// model.MaskPhone; GB/T 39477—2020 6.2.3): the people of the screening and
// their register, the engagement's contacts. Documents and the register
// workbook then show 1101**********1234; the person NDA shows its own
// signatory's numbers in full (ForPerson). Load does it unless masking is
// turned off (store.SetMasking).
func (d *DocData) MaskPersonal() {
	if d.unmasked != nil {
		return
	}
	d.unmasked = make([]screening.Person, len(d.People))
	for i := range d.People {
		d.unmasked[i] = d.People[i].Person
		maskPerson(&d.People[i].Person)
	}
	people := make([]screening.Person, len(d.Screening.People))
	copy(people, d.Screening.People)
	for i := range people {
		maskPerson(&people[i])
	}
	d.Screening.People = people
	e := &d.Engagement
	e.Managers = append([]model.Contact(nil), e.Managers...)
	for i := range e.Managers {
		e.Managers[i].Phone = model.MaskPhone(e.Managers[i].Phone)
	}
	e.Vendor.Lead.Phone = model.MaskPhone(e.Vendor.Lead.Phone)
}

func maskPerson(p *screening.Person) {
	p.IDNumber = model.MaskID(p.IDNumber)
	p.Phone = model.MaskPhone(p.Phone)
}
