package registerio

import (
	"outsec/model/screening"
)

// KindPeople is the register of the engagement's service personnel
// (GB/T 32926—2016 6.1 c)), exported only: people are entered on the
// screening screens, one by one, with their checklist.
const KindPeople Kind = "people"

// AllKinds are every register a document export writes to its workbook, in the
// order of the sheets: the risk registers (the risks sheet carries each risk's
// treatment and residual risk) and the people.
var AllKinds = []Kind{KindAssets, KindThreats, KindVulns, KindRisks, KindPeople}

func init() {
	registers[KindPeople] = []column{
		{field: "name"}, {field: "role"}, {field: "id_type"}, {field: "id_number"},
		{field: "employer"}, {field: "phone"}, {field: "start_date"}, {field: "nda_signed"},
		{field: "verdict"},
	}
}

// FromScreening adds the screening's people to the registers; vendor is the
// engagement's vendor, the employer of a person whose employer is blank.
func (r *Registers) FromScreening(people []screening.Person, vendor string) {
	r.People, r.Vendor = people, vendor
}

// peopleRows is the people register: the identity document exactly as
// entered (always text, so a spreadsheet keeps the digits and the X), the
// NDA date (blank: none, 6.4 a)) and the outcome of the person's checklist.
func peopleRows(r Registers, t Translator) [][]value {
	var rows [][]value
	for i := range r.People {
		p := &r.People[i]
		idType := value{}
		if p.IDType != screening.IDUnset {
			idType = str(t(p.IDType.Key()))
		}
		rows = append(rows, []value{str(p.Name), str(p.Role), idType, str(p.IDNumber),
			str(p.EmployerOr(r.Vendor)), str(p.Phone), str(string(p.StartDate)), str(string(p.NDASigned)),
			str(t(p.Verdict().Key()))})
	}
	return rows
}
