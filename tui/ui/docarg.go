package ui

import (
	"net/url"
	"strconv"
	"strings"

	"outsec/templates"
)

// DocArg is the argument that opens the documents page on kind, about the
// findings ids (the rectification notice) or the incident id (the incident
// report): "rectification-notice?findings=1,3". The documents page reads it
// (tui/docs/selection.go).
func DocArg(kind templates.Kind, findings []int64, incident int64) string {
	q := url.Values{}
	if len(findings) > 0 {
		parts := make([]string, len(findings))
		for i, id := range findings {
			parts[i] = strconv.FormatInt(id, 10)
		}
		q.Set("findings", strings.Join(parts, ","))
	}
	if incident != 0 {
		q.Set("incident", strconv.FormatInt(incident, 10))
	}
	if len(q) == 0 {
		return string(kind)
	}
	return string(kind) + "?" + q.Encode()
}
