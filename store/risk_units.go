package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"outsec/model"
	"outsec/model/risk"
)

// The register of the department's own units (GB/T 32926—2016 5.1.1 b)) and
// the second treatment of a risk (seed 002 §7.14), in the tables of
// migrations/0007_risk_book.sql. Each change is one riskChange.

func loadUnits(ctx context.Context, q queryer, engID int64) ([]risk.Unit, error) {
	var out []risk.Unit
	err := eachRow(ctx, q, `SELECT id, name, role, effect, treatment, owner FROM risk_units
		WHERE engagement_id = ? ORDER BY id`, []any{engID}, func(r *sql.Rows) error {
		var u risk.Unit
		var role string
		if err := r.Scan(&u.ID, &u.Name, &role, &u.Effect, &u.Treatment, &u.Owner); err != nil {
			return err
		}
		u.Role = risk.UnitRole(role)
		out = append(out, u)
		return nil
	})
	return out, err
}

// SaveUnit creates (ID 0) or updates a unit of the department in the
// engagement's register of 5.1.1 b).
func (s *Store) SaveUnit(ctx context.Context, op Operator, engagementID int64, u *risk.Unit) error {
	event := EventRiskUnitCreate
	if u.ID != 0 {
		event = EventRiskUnitUpdate
	}
	u.Normalise()
	if verr := u.Validate(); verr != nil {
		return s.riskFailure(ctx, op, event, ObjectUnit, engagementID, u.ID, verr)
	}
	return s.riskChange(ctx, op, event, ObjectUnit, engagementID, func(rt *riskTx) (int64, string, error) {
		tx, now := rt.tx, fmtTime(rt.now)
		if u.ID == 0 {
			id, err := insertID(ctx, tx, `INSERT INTO risk_units (engagement_id, name, role, effect, treatment, owner,
				created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, rt.engID, u.Name, string(u.Role), u.Effect,
				u.Treatment, u.Owner, now, now)
			if err != nil {
				return 0, "", err
			}
			u.ID = id
			return id, fmt.Sprintf("name=%s; role=%s; effect=%s; treatment=%s", auditValue(u.Name), u.Role,
				auditValue(u.Effect), auditValue(u.Treatment)), nil
		}
		var old risk.Unit
		var role string
		err := tx.QueryRowContext(ctx, `SELECT name, role, effect, treatment, owner FROM risk_units WHERE id = ? AND engagement_id = ?`,
			u.ID, rt.engID).Scan(&old.Name, &role, &old.Effect, &old.Treatment, &old.Owner)
		if err != nil {
			return u.ID, "", err
		}
		var ch changes
		ch.add("name", old.Name, u.Name)
		ch.add("role", role, string(u.Role))
		ch.add("effect", old.Effect, u.Effect)
		ch.add("treatment", old.Treatment, u.Treatment)
		ch.add("owner", old.Owner, u.Owner)
		if err := exec1(ctx, tx, `UPDATE risk_units SET name = ?, role = ?, effect = ?, treatment = ?, owner = ?, updated_at = ?
			WHERE id = ?`, u.Name, string(u.Role), u.Effect, u.Treatment, u.Owner, now, u.ID); err != nil {
			return u.ID, "", err
		}
		return u.ID, "name=" + auditValue(u.Name) + "; " + ch.String(), nil
	})
}

// DeleteUnit removes a unit from the register.
func (s *Store) DeleteUnit(ctx context.Context, op Operator, id int64) error {
	return s.deleteRecord(ctx, op, EventRiskUnitDelete, ObjectUnit, "risk_units", id, func(rt *riskTx) (string, error) {
		var name string
		err := rt.tx.QueryRowContext(ctx, `SELECT name FROM risk_units WHERE id = ?`, id).Scan(&name)
		return "name=" + auditValue(name), err
	})
}

// SaveRetreatment records the second treatment of a risk (seed 002 §7.14
// 再处理), or removes it (nil). It is refused unless the first treatment is a
// control or transfer whose residual risk is assessed and above the
// acceptable level the leader set: only then is the risk "still in the
// unacceptable range after the measures". The first treatment is kept as it
// is; the second residual is recomputed.
func (s *Store) SaveRetreatment(ctx context.Context, op Operator, riskID int64, rt *risk.Retreatment) error {
	engID, err := recordEngagement(ctx, s.db, "risks", riskID)
	if err != nil {
		err = classify(s.path, err)
		s.AuditFailure(ctx, op, EventRiskRetreatment, ObjectRisk, "#"+strconv.FormatInt(riskID, 10), err)
		return err
	}
	if rt != nil {
		x := *rt
		x.Residual = nil
		x.Normalise()
		rt = &x
		if verr := rt.Validate(); verr != nil {
			return s.riskFailure(ctx, op, EventRiskRetreatment, ObjectRisk, engID, riskID, verr)
		}
	}
	return s.riskChange(ctx, op, EventRiskRetreatment, ObjectRisk, engID, func(t *riskTx) (int64, string, error) {
		old, err := loadRiskInputs(ctx, t.tx, riskID, t.engID)
		if err != nil {
			return riskID, "", err
		}
		var oldJS, resJS string
		var acceptable int
		if err := t.tx.QueryRowContext(ctx, `SELECT r.retreatment, r.residual_json, ra.acceptable_level FROM risks r
			JOIN risk_assessments ra ON ra.engagement_id = r.engagement_id WHERE r.id = ?`, riskID).Scan(&oldJS, &resJS, &acceptable); err != nil {
			return riskID, "", err
		}
		if rt != nil {
			res, err := parseResidual(resJS)
			if err != nil {
				return riskID, "", err
			}
			field := risk.FieldRetreatment + "treatment.option"
			switch {
			case old.Treatment.Option != risk.TreatControl && old.Treatment.Option != risk.TreatTransfer:
				return riskID, "", model.ValidationError{{Field: field, Key: risk.KeyRetreatFirst, Clause: risk.ClauseRetreatment}}
			case res == nil || acceptable < 1 || res.Level <= acceptable:
				return riskID, "", model.ValidationError{{Field: field, Key: risk.KeyRetreatNotHigh, Clause: risk.ClauseRetreatment}}
			}
		}
		newJS := retreatmentJSON(rt)
		if _, err := t.tx.ExecContext(ctx, `UPDATE risks SET retreatment = ?, updated_at = ? WHERE id = ?`, newJS, fmtTime(t.now), riskID); err != nil {
			return riskID, "", err
		}
		r := risk.Risk{ID: riskID}
		if err := t.rescoreRisk(ctx, &r); err != nil {
			return riskID, "", err
		}
		var ch changes
		ch.add("retreatment", plain(orNone(oldJS)), plain(orNone(newJS)))
		res := "second residual not assessed"
		if r.Retreatment != nil && r.Retreatment.Residual != nil {
			res = "second residual " + scoreText(*r.Retreatment.Residual)
		}
		return riskID, fmt.Sprintf("%s; %s", ch, res), nil
	})
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
