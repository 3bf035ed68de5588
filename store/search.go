package store

import (
	"context"
	"strconv"
	"strings"
)

// SearchHit is one record a search found: what it is (engagement, manager,
// person, asset, vendor, threat, risk unit), the engagement it belongs to,
// its id there and what names it.
type SearchHit struct {
	Kind           string // engagement, manager, person, vendor, asset, threat, unit
	EngagementID   int64
	EngagementCode string
	ID             int64
	Label          string
	// Match is the field that matched, when it is not the label (a person's
	// ID number).
	Match string
}

// searchLimit is the most hits of one kind a search returns.
const searchLimit = 50

// Search finds text (case-insensitive, anywhere in the field) in the
// engagements (code, name, department), their managers, the vendors, the
// service people (name or ID number), assets, threats and units (issue 16:
// one search across the workflows). It only reads.
func (s *Store) Search(ctx context.Context, text string) ([]SearchHit, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, nil
	}
	like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(strings.ToLower(text)) + "%"
	queries := []struct {
		kind, sql string
	}{
		{"engagement", `SELECT e.id, e.code, e.id, e.name, '' FROM engagements e
			WHERE lower(e.code) LIKE ?1 ESCAPE '\' OR lower(e.name) LIKE ?1 ESCAPE '\' OR lower(e.department) LIKE ?1 ESCAPE '\'`},
		{"vendor", `SELECT e.id, e.code, e.id, e.vendor_name, '' FROM engagements e
			WHERE lower(e.vendor_name) LIKE ?1 ESCAPE '\' OR lower(e.vendor_lead_name) LIKE ?1 ESCAPE '\'`},
		{"manager", `SELECT e.id, e.code, m.position, m.name, '' FROM managers m JOIN engagements e ON e.id = m.engagement_id
			WHERE lower(m.name) LIKE ?1 ESCAPE '\' OR lower(m.phone) LIKE ?1 ESCAPE '\'`},
		{"person", `SELECT e.id, e.code, p.id, p.name, CASE WHEN lower(p.id_number) LIKE ?1 ESCAPE '\' THEN p.id_number ELSE '' END
			FROM people p JOIN engagements e ON e.id = p.engagement_id
			WHERE lower(p.name) LIKE ?1 ESCAPE '\' OR lower(p.id_number) LIKE ?1 ESCAPE '\'`},
		{"asset", `SELECT e.id, e.code, a.id, a.name, '' FROM assets a JOIN engagements e ON e.id = a.engagement_id
			WHERE lower(a.name) LIKE ?1 ESCAPE '\' OR lower(a.owner) LIKE ?1 ESCAPE '\'`},
		{"threat", `SELECT e.id, e.code, t.id, t.name, '' FROM threats t JOIN engagements e ON e.id = t.engagement_id
			WHERE lower(t.name) LIKE ?1 ESCAPE '\'`},
		{"risk_unit", `SELECT e.id, e.code, u.id, u.name, '' FROM risk_units u JOIN engagements e ON e.id = u.engagement_id
			WHERE lower(u.name) LIKE ?1 ESCAPE '\'`},
		// The findings register (8.1) and the incidents (A.7).
		{"finding", `SELECT e.id, e.code, f.id, f.description, f.concerns FROM findings f JOIN engagements e ON e.id = f.engagement_id
			WHERE lower(f.description) LIKE ?1 ESCAPE '\' OR lower(f.concerns) LIKE ?1 ESCAPE '\'`},
		{"incident", `SELECT e.id, e.code, i.id, i.title, '' FROM incidents i JOIN engagements e ON e.id = i.engagement_id
			WHERE lower(i.title) LIKE ?1 ESCAPE '\' OR lower(i.description) LIKE ?1 ESCAPE '\'`},
	}
	var out []SearchHit
	for _, q := range queries {
		rows, err := s.db.QueryContext(ctx, q.sql+` ORDER BY e.code LIMIT `+strconv.Itoa(searchLimit), like)
		if err != nil {
			return nil, classify(s.path, err)
		}
		for rows.Next() {
			h := SearchHit{Kind: q.kind}
			if err := rows.Scan(&h.EngagementID, &h.EngagementCode, &h.ID, &h.Label, &h.Match); err != nil {
				rows.Close()
				return nil, classify(s.path, err)
			}
			out = append(out, h)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, classify(s.path, err)
		}
	}
	return out, nil
}
