package store

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"outsec/model/risk"
)

// The target: an assessment of 100,000 risks recomputes in under 1 s.
// Its shape: 100 assets of 10 vulnerabilities each, 100 threats, and a risk
// for every vulnerability and threat.
const (
	benchAssets        = 100
	benchVulnsPerAsset = 10
	benchThreats       = 100
)

// seedRisks100k writes an engagement with the 100,000-risk assessment straight
// into the tables, in one transaction, scores left to be computed.
func seedRisks100k(b *testing.B) (*Store, int64) {
	b.Helper()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "outsec.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	e := validEngagement()
	if err := s.CreateEngagement(ctx, testOp, e, 0); err != nil {
		b.Fatal(err)
	}
	now := fmtTime(s.Now())
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`INSERT INTO risk_assessments (engagement_id, settings, updated_at) VALUES (?, ?, ?)`,
			e.ID, settingsJSON(risk.DefaultSettings(risk.MethodMatrix)), now); err != nil {
			return err
		}
		var threats, vulns, vulnAsset []int64
		for i := 0; i < benchThreats; i++ {
			res, err := tx.Exec(`INSERT INTO threats (engagement_id, name, source, path, frequency, created_at, updated_at)
				VALUES (?, ?, 'human_malicious', 'indirect', ?, ?, ?)`, e.ID, fmt.Sprintf("威胁 %d", i), 1+i%5, now, now)
			if err != nil {
				return err
			}
			id, _ := res.LastInsertId()
			threats = append(threats, id)
		}
		for i := 0; i < benchAssets; i++ {
			res, err := tx.Exec(`INSERT INTO assets (engagement_id, name, type, c, i, a, created_at, updated_at)
				VALUES (?, ?, 'data', ?, ?, ?, ?, ?)`, e.ID, fmt.Sprintf("资产 %d", i), 1+i%5, 1+(i/5)%5, 1+(i/25)%5, now, now)
			if err != nil {
				return err
			}
			asset, _ := res.LastInsertId()
			for j := 0; j < benchVulnsPerAsset; j++ {
				res, err := tx.Exec(`INSERT INTO vulnerabilities (engagement_id, asset_id, description, category, severity,
					identified, created_at, updated_at) VALUES (?, ?, ?, 'host', ?, 'scan', ?, ?)`,
					e.ID, asset, fmt.Sprintf("脆弱性 %d-%d", i, j), 1+j%5, now, now)
				if err != nil {
					return err
				}
				id, _ := res.LastInsertId()
				vulns, vulnAsset = append(vulns, id), append(vulnAsset, asset)
			}
		}
		ins, err := tx.Prepare(`INSERT INTO risks (engagement_id, asset_id, threat_id, vuln_id, residual_threat, residual_vuln,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for k, v := range vulns {
			for n, t := range threats {
				res := 0
				if (k+n)%4 == 0 {
					res = 1 + n%5 // a quarter of the risks have a residual score
				}
				if _, err := ins.Exec(e.ID, vulnAsset[k], t, v, res, res, now, now); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return s, e.ID
}

// BenchmarkRecompute100kPersist is the whole change of a setting on an
// assessment of 100,000 risks: validate, load the ratings, recompute every
// asset and risk with model/risk, rewrite every row whose scores changed (all
// of them: the method alternates), audit, commit with synchronous=FULL.
func BenchmarkRecompute100kPersist(b *testing.B) {
	s, eng := seedRisks100k(b)
	methods := []risk.Settings{risk.DefaultSettings(risk.MethodMultiplication), risk.DefaultSettings(risk.MethodMatrix)}
	if err := s.SaveSettings(ctx, testOp, eng, methods[1]); err != nil {
		b.Fatal(err)
	}
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM risks`).Scan(&n); err != nil || n != 100000 {
		b.Fatalf("%d risks, %v", n, err)
	}
	i := 0
	b.ResetTimer()
	for b.Loop() {
		if err := s.SaveSettings(ctx, testOp, eng, methods[i%2]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.StopTimer()
	log, _ := s.AuditLog(ctx, 1)
	b.Logf("last record: %.120s", log[0].Detail)
}

// BenchmarkRecompute100kThreatEdit is one edit that touches 1,000 of the
// 100,000 risks: a threat's frequency.
func BenchmarkRecompute100kThreatEdit(b *testing.B) {
	s, eng := seedRisks100k(b)
	if err := s.SaveSettings(ctx, testOp, eng, risk.DefaultSettings(risk.MethodMatrix)); err != nil {
		b.Fatal(err)
	}
	a, err := s.RiskAssessment(ctx, eng)
	if err != nil {
		b.Fatal(err)
	}
	th := a.Threats[0]
	b.ResetTimer()
	for b.Loop() {
		th.Frequency = th.Frequency%5 + 1
		if err := s.SaveThreat(ctx, testOp, eng, &th); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRecompute100kLoad reads the assessment of 100,000 risks as the
// register screens do.
func BenchmarkRecompute100kLoad(b *testing.B) {
	s, eng := seedRisks100k(b)
	if err := s.SaveSettings(ctx, testOp, eng, risk.DefaultSettings(risk.MethodMatrix)); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		a, err := s.RiskAssessment(ctx, eng)
		if err != nil || len(a.Risks) != 100000 {
			b.Fatal(err, len(a.Risks))
		}
	}
}

// benchAssessment100k is the same assessment in memory.
func benchAssessment100k() *risk.Assessment {
	a := &risk.Assessment{Settings: risk.DefaultSettings(risk.MethodMatrix)}
	for i := 0; i < benchThreats; i++ {
		a.Threats = append(a.Threats, risk.Threat{ID: int64(i + 1), Frequency: 1 + i%5})
	}
	for i := 0; i < benchAssets; i++ {
		a.Assets = append(a.Assets, risk.Asset{ID: int64(i + 1), C: 1 + i%5, I: 1 + (i/5)%5, A: 1 + (i/25)%5})
		for j := 0; j < benchVulnsPerAsset; j++ {
			a.Vulns = append(a.Vulns, risk.Vulnerability{ID: int64(len(a.Vulns) + 1), AssetID: int64(i + 1), Severity: 1 + j%5})
		}
	}
	for k, v := range a.Vulns {
		for n, t := range a.Threats {
			r := risk.Risk{ID: int64(len(a.Risks) + 1), AssetID: v.AssetID, ThreatID: t.ID, VulnID: v.ID}
			if (k+n)%4 == 0 {
				r.ResidualThreat, r.ResidualVuln = 1+n%5, 1+n%5
			}
			a.Risks = append(a.Risks, r)
		}
	}
	return a
}

// BenchmarkRecompute100kPure is model/risk's Assessment.Recompute of 100,000
// risks, without the database.
func BenchmarkRecompute100kPure(b *testing.B) {
	for _, m := range risk.Methods {
		b.Run(string(m), func(b *testing.B) {
			a := benchAssessment100k()
			a.Settings = risk.DefaultSettings(m)
			b.ResetTimer()
			for b.Loop() {
				if un := a.Recompute(); len(un) != 0 {
					b.Fatal(un)
				}
			}
		})
	}
}

// BenchmarkLifecycleFacts10k is the dashboard's share of the risk assessment:
// the facts of 10,000 engagements, each with a small assessment.
func BenchmarkLifecycleFacts10k(b *testing.B) {
	s := openFactsSeed(b)
	b.ResetTimer()
	for b.Loop() {
		f, err := s.LifecycleFacts(ctx)
		if err != nil || len(f) != 10000 {
			b.Fatal(err, len(f))
		}
	}
}

// openFactsSeed is 10,000 engagements, each with an assessment of one asset,
// one threat, ten vulnerabilities and ten risks of levels 1–5, acceptable
// level 3.
func openFactsSeed(b *testing.B) *Store {
	s, err := Open(ctx, filepath.Join(b.TempDir(), "outsec.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	seed(b, s, 10000)
	now := fmtTime(s.Now())
	err = s.tx(ctx, func(tx *sql.Tx) error {
		st := settingsJSON(risk.DefaultSettings(risk.MethodMatrix))
		for e := int64(1); e <= 10000; e++ {
			if _, err := tx.Exec(`INSERT INTO risk_assessments (engagement_id, settings, acceptable_level, updated_at) VALUES (?, ?, 3, ?)`, e, st, now); err != nil {
				return err
			}
			res, _ := tx.Exec(`INSERT INTO assets (engagement_id, name, type, c, i, a, value, level, created_at, updated_at) VALUES (?, 'a', 'data', 3, 3, 3, 3, 3, ?, ?)`, e, now, now)
			asset, _ := res.LastInsertId()
			res, _ = tx.Exec(`INSERT INTO threats (engagement_id, name, source, path, frequency, created_at, updated_at) VALUES (?, 't', 'human_malicious', 'direct', 3, ?, ?)`, e, now, now)
			threat, _ := res.LastInsertId()
			for j := 0; j < 10; j++ {
				res, err := tx.Exec(`INSERT INTO vulnerabilities (engagement_id, asset_id, description, category, severity, identified, created_at, updated_at) VALUES (?, ?, 'v', 'host', 3, 'scan', ?, ?)`, e, asset, now, now)
				if err != nil {
					return err
				}
				vuln, _ := res.LastInsertId()
				if _, err := tx.Exec(`INSERT INTO risks (engagement_id, asset_id, threat_id, vuln_id, level, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
					e, asset, threat, vuln, 1+j%5, now, now); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return s
}
