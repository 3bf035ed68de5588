package ui

// The kinds of page of supervision (GB/T 32926—2016 clause 7), kept apart
// from page.go so that the workflows of that clause add theirs here.
const (
	KindPeople     Kind = "people"     // people's access and training (7.2 a) 2), 4); A.4 b))
	KindInspection Kind = "inspection" // on-site inspection against annex A
	KindAudit      Kind = "audit"      // the process assessment and audit (7.1)
	KindDelivery   Kind = "delivery"   // deliverable verification per milestone (7.2)
)
