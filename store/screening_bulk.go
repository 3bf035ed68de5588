package store

import (
	"context"
	"database/sql"
	"strings"

	"outsec/model/screening"
)

// SaveVendorAnswers records several answers of the vendor's checklist (6.1
// b)) at once — the items not yet assessed marked met (issue 16) — in one
// transaction with one audit record naming each.
func (s *Store) SaveVendorAnswers(ctx context.Context, op Operator, engagementID int64, as []screening.Answer) error {
	cl := trimmedAnswers(as)
	verr := screening.ValidateChecklist(cl, screening.VendorItems, "vendor_checklist")
	return s.screeningAction(ctx, op, EventVendorScreen, engagementID, 0, verr, func(tx *sql.Tx, _ string) (string, int64, error) {
		for _, a := range cl {
			if err := writeVendorAnswer(ctx, tx, engagementID, a, s.Now()); err != nil {
				return "", 0, err
			}
		}
		return answersDetail(cl), 0, nil
	})
}

// SavePersonAnswers is SaveVendorAnswers for a person's checklist (6.1 c)).
func (s *Store) SavePersonAnswers(ctx context.Context, op Operator, personID int64, as []screening.Answer) error {
	cl := trimmedAnswers(as)
	verr := screening.ValidateChecklist(cl, screening.PersonItems, "person.checklist")
	return s.screeningAction(ctx, op, EventPersonScreen, 0, personID, verr, func(tx *sql.Tx, name string) (string, int64, error) {
		for _, a := range cl {
			if err := writePersonAnswer(ctx, tx, personID, a, s.Now()); err != nil {
				return "", 0, err
			}
		}
		return name + "; " + answersDetail(cl), 0, nil
	})
}

func trimmedAnswers(as []screening.Answer) screening.Checklist {
	cl := make(screening.Checklist, len(as))
	for i, a := range as {
		a.Evidence = strings.TrimSpace(a.Evidence)
		cl[i] = a
	}
	return cl
}

func answersDetail(cl screening.Checklist) string {
	parts := make([]string, len(cl))
	for i, a := range cl {
		parts[i] = answerDetail(a)
	}
	return strings.Join(parts, "; ")
}
