package store

import (
	"context"
	"database/sql"

	"github.com/google/uuid"

	"outsec/model/contract"
	"outsec/model/exit"
	"outsec/model/risk"
	"outsec/model/screening"
)

// LoadExitSample adds the second sample engagement, in its exit (issue 15):
// the assessment, screening and signed contract of the first sample, two
// service people (one badge still open), and the exit with half its
// inventory handed back and one item destroyed — in one transaction.
func (s *Store) LoadExitSample(ctx context.Context, op Operator, lang string) (ExitView, error) {
	e := exit.SampleEngagement(lang)
	ra := risk.SampleAssessment(lang)
	ra.Recompute()
	sc := screening.SampleScreening(lang)
	sc.People = exit.SamplePeople(lang)
	ct := contract.SampleContract(lang)
	ct.Signing = contract.SampleSigning(lang)
	rec := exit.SampleRecord(lang)
	now := s.Now().UTC()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		e.UID = uuid.NewString()
		c, err := nextCode(ctx, tx, now)
		if err != nil {
			return err
		}
		e.Code, e.CreatedAt, e.UpdatedAt = c, now, now
		if err := insertEngagement(ctx, tx, &e); err != nil {
			return err
		}
		detail := e.Name
		for _, write := range []func() (string, error){
			func() (string, error) { return importRisk(ctx, tx, e.ID, &ra, false, now) },
			func() (string, error) { return importScreening(ctx, tx, e.ID, &sc, false, now) },
			func() (string, error) { return importContract(ctx, tx, e.ID, &ct, false, now) },
			func() (string, error) { return importExit(ctx, tx, e.ID, &rec, nil, false, now) },
		} {
			d, err := write()
			if err != nil {
				return err
			}
			detail += d
		}
		return s.audit(ctx, tx, op, EventSampleLoad, "engagement", e.Code, detail, OutcomeSuccess)
	})
	if err != nil {
		return ExitView{}, classify(s.path, err)
	}
	return s.Exit(ctx, e.ID)
}
