package store

import (
	"context"
	"fmt"

	"outsec/model"
	"outsec/model/risk"
)

// The bulk import of the risk registers (store/risk.go; a CSV or XLSX file read
// by model/registerio): every record checked first, then all written in one
// riskChange, or none.

// ImportRegisters adds assets, threats and vulnerabilities to the engagement's
// assessment in one transaction with one audit record (a CSV or XLSX import),
// or, when any record is invalid, adds nothing and returns a BatchError
// naming each record by its index.
//
// The assets' IDs are references within the batch: 0, or a negative temporary
// id unique in the batch. A vulnerability's AssetID is either the temporary id
// of an asset of the batch or the id of an asset already in the engagement.
// On success every record's ID (and each vulnerability's AssetID) is the
// database id, and each asset has its Value and Level.
func (s *Store) ImportRegisters(ctx context.Context, op Operator, engagementID int64,
	assets []risk.Asset, threats []risk.Threat, vulns []risk.Vulnerability) error {
	return s.ImportRegisterBatch(ctx, op, engagementID, RegisterBatch{Assets: assets, Threats: threats, Vulns: vulns})
}

// RegisterBatch is an import of the registers: new records (as
// ImportRegisters takes them) and records of the engagement to update with
// the file's values (their ids > 0; a vulnerability's AssetID an asset of the
// engagement or of the batch) — a re-import whose duplicates the user chose
// to update (registerio.Batch).
type RegisterBatch struct {
	Assets        []risk.Asset
	Threats       []risk.Threat
	Vulns         []risk.Vulnerability
	UpdateAssets  []risk.Asset
	UpdateThreats []risk.Threat
	UpdateVulns   []risk.Vulnerability
}

// ImportRegisterBatch writes a batch in one transaction with one audit
// record: every new record and every update, or nothing (a BatchError names
// each refused record by register and index, the updated ones counted after
// the new ones of their register). The scores are recomputed.
func (s *Store) ImportRegisterBatch(ctx context.Context, op Operator, engagementID int64, b RegisterBatch) error {
	assets, threats, vulns := b.Assets, b.Threats, b.Vulns
	var berr BatchError
	temp := map[int64]int{}
	for i := range assets {
		a := &assets[i]
		a.Normalise()
		verr := a.Validate()
		if a.ID > 0 {
			verr = append(verr, model.FieldError{Field: risk.FieldAsset + "id", Key: risk.KeyReference, Args: []any{a.ID}})
		} else if a.ID < 0 {
			if _, dup := temp[a.ID]; dup {
				verr = append(verr, model.FieldError{Field: risk.FieldAsset + "id", Key: risk.KeyReference, Args: []any{a.ID}})
			}
			temp[a.ID] = i
		}
		if verr != nil {
			berr = append(berr, RecordError{Register: "assets", Index: i, Errs: verr})
		}
	}
	for i := range threats {
		t := &threats[i]
		t.Normalise()
		if verr := t.Validate(); verr != nil {
			berr = append(berr, RecordError{Register: "threats", Index: i, Errs: verr})
		}
	}
	for i := range vulns {
		v := &vulns[i]
		v.Normalise()
		check := *v
		var verr model.ValidationError
		if v.AssetID < 0 {
			if _, ok := temp[v.AssetID]; !ok {
				verr = refError(risk.FieldVulnerability+"asset_id", v.AssetID, risk.ClauseVulnerability)
			}
			check.AssetID = 1 // an asset of the batch: resolved on insert
		}
		verr = append(verr, check.Validate()...)
		if verr != nil {
			berr = append(berr, RecordError{Register: "vulnerabilities", Index: i, Errs: verr})
		}
	}
	for j := range b.UpdateAssets {
		a := &b.UpdateAssets[j]
		a.Normalise()
		verr := a.Validate()
		if a.ID <= 0 {
			verr = append(verr, model.FieldError{Field: risk.FieldAsset + "id", Key: risk.KeyReference, Args: []any{a.ID}})
		}
		if verr != nil {
			berr = append(berr, RecordError{Register: "assets", Index: len(assets) + j, Errs: verr})
		}
	}
	for j := range b.UpdateThreats {
		t := &b.UpdateThreats[j]
		t.Normalise()
		if verr := t.Validate(); verr != nil {
			berr = append(berr, RecordError{Register: "threats", Index: len(threats) + j, Errs: verr})
		}
	}
	for j := range b.UpdateVulns {
		v := &b.UpdateVulns[j]
		v.Normalise()
		check := *v
		var verr model.ValidationError
		if v.AssetID < 0 {
			if _, ok := temp[v.AssetID]; !ok {
				verr = refError(risk.FieldVulnerability+"asset_id", v.AssetID, risk.ClauseVulnerability)
			}
			check.AssetID = 1
		}
		verr = append(verr, check.Validate()...)
		if verr != nil {
			berr = append(berr, RecordError{Register: "vulnerabilities", Index: len(vulns) + j, Errs: verr})
		}
	}
	if berr != nil {
		return s.riskFailure(ctx, op, EventRiskImport, ObjectRiskAssessment, engagementID, 0, berr)
	}
	return s.riskChange(ctx, op, EventRiskImport, ObjectRiskAssessment, engagementID, func(rt *riskTx) (int64, string, error) {
		tx, now := rt.tx, fmtTime(rt.now)
		// Existing assets referred to must be the engagement's.
		for i := range vulns {
			if id := vulns[i].AssetID; id > 0 {
				ok, err := rt.belongs(ctx, "assets", id)
				if err != nil {
					return 0, "", err
				}
				if !ok {
					berr = append(berr, RecordError{Register: "vulnerabilities", Index: i,
						Errs: refError(risk.FieldVulnerability+"asset_id", id, risk.ClauseVulnerability)})
				}
			}
		}
		// The records updated must be the engagement's.
		check := func(register, table string, index int, id int64) error {
			if id <= 0 {
				return nil
			}
			ok, err := rt.belongs(ctx, table, id)
			if err == nil && !ok {
				berr = append(berr, RecordError{Register: register, Index: index, Errs: refError(register+".id", id, risk.ClauseVulnerability)})
			}
			return err
		}
		for j, a := range b.UpdateAssets {
			if err := check("assets", "assets", len(assets)+j, a.ID); err != nil {
				return 0, "", err
			}
		}
		for j, t := range b.UpdateThreats {
			if err := check("threats", "threats", len(threats)+j, t.ID); err != nil {
				return 0, "", err
			}
		}
		for j, v := range b.UpdateVulns {
			if err := check("vulnerabilities", "vulnerabilities", len(vulns)+j, v.ID); err != nil {
				return 0, "", err
			}
			if err := check("vulnerabilities", "assets", len(vulns)+j, v.AssetID); err != nil {
				return 0, "", err
			}
		}
		if berr != nil {
			return 0, "", berr
		}
		insA, err := tx.PrepareContext(ctx, `INSERT INTO assets (engagement_id, name, type, owner, c, i, a, notes,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return 0, "", err
		}
		defer insA.Close()
		ids := map[int64]int64{}
		for i := range assets {
			a := &assets[i]
			res, err := insA.ExecContext(ctx, rt.engID, a.Name, string(a.Type), a.Owner, a.C, a.I, a.A, a.Notes, now, now)
			if err != nil {
				return 0, "", err
			}
			id, err := res.LastInsertId()
			if err != nil {
				return 0, "", err
			}
			if a.ID < 0 {
				ids[a.ID] = id
			}
			a.ID = id
		}
		insT, err := tx.PrepareContext(ctx, `INSERT INTO threats (engagement_id, name, source, path, method, frequency, notes,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return 0, "", err
		}
		defer insT.Close()
		for i := range threats {
			t := &threats[i]
			res, err := insT.ExecContext(ctx, rt.engID, t.Name, string(t.Source), string(t.Path), t.Method, t.Frequency, t.Notes, now, now)
			if err != nil {
				return 0, "", err
			}
			if t.ID, err = res.LastInsertId(); err != nil {
				return 0, "", err
			}
		}
		insV, err := tx.PrepareContext(ctx, `INSERT INTO vulnerabilities (engagement_id, asset_id, description, category,
			severity, identified, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return 0, "", err
		}
		defer insV.Close()
		for i := range vulns {
			v := &vulns[i]
			if v.AssetID < 0 {
				v.AssetID = ids[v.AssetID]
			}
			res, err := insV.ExecContext(ctx, rt.engID, v.AssetID, v.Description, string(v.Category), v.Severity,
				string(v.Identified), v.Notes, now, now)
			if err != nil {
				return 0, "", err
			}
			if v.ID, err = res.LastInsertId(); err != nil {
				return 0, "", err
			}
		}
		for _, a := range b.UpdateAssets {
			if err := exec1(ctx, tx, `UPDATE assets SET name = ?, type = ?, owner = ?, c = ?, i = ?, a = ?, notes = ?,
				updated_at = ? WHERE id = ?`, a.Name, string(a.Type), a.Owner, a.C, a.I, a.A, a.Notes, now, a.ID); err != nil {
				return 0, "", err
			}
		}
		for _, t := range b.UpdateThreats {
			if err := exec1(ctx, tx, `UPDATE threats SET name = ?, source = ?, path = ?, method = ?, frequency = ?, notes = ?,
				updated_at = ? WHERE id = ?`, t.Name, string(t.Source), string(t.Path), t.Method, t.Frequency, t.Notes, now, t.ID); err != nil {
				return 0, "", err
			}
		}
		for _, v := range b.UpdateVulns {
			asset := v.AssetID
			if asset < 0 {
				asset = ids[asset]
			}
			if err := exec1(ctx, tx, `UPDATE vulnerabilities SET asset_id = ?, description = ?, category = ?, severity = ?,
				identified = ?, notes = ?, updated_at = ? WHERE id = ?`, asset, v.Description, string(v.Category), v.Severity,
				string(v.Identified), v.Notes, now, v.ID); err != nil {
				return 0, "", err
			}
		}
		// New records have no risks yet: only the new assets' values change;
		// updated ones may change any risk of theirs.
		where := "0"
		updated := len(b.UpdateAssets) + len(b.UpdateThreats) + len(b.UpdateVulns)
		if updated > 0 {
			where = "" // every risk
		}
		n, err := rescore(ctx, tx, rt.engID, rt.settings, where)
		if err != nil {
			return 0, "", err
		}
		for i := range assets {
			a := &assets[i]
			a.Value, a.Level, _ = rt.settings.AssetValue(a.C, a.I, a.A) // as rescore wrote them
		}
		detail := fmt.Sprintf("assets=%d threats=%d vulnerabilities=%d", len(assets), len(threats), len(vulns))
		if updated > 0 {
			detail += fmt.Sprintf("; updated: assets=%d %s threats=%d %s vulnerabilities=%d %s",
				len(b.UpdateAssets), idsOf(b.UpdateAssets, func(a risk.Asset) int64 { return a.ID }),
				len(b.UpdateThreats), idsOf(b.UpdateThreats, func(t risk.Threat) int64 { return t.ID }),
				len(b.UpdateVulns), idsOf(b.UpdateVulns, func(v risk.Vulnerability) int64 { return v.ID }))
		}
		return 0, detail + "; " + n.String(), nil
	})
}

// idsOf lists the ids of records as idList does.
func idsOf[T any](rs []T, id func(T) int64) string {
	ids := make([]int64, len(rs))
	for i, r := range rs {
		ids[i] = id(r)
	}
	return idList(ids)
}
