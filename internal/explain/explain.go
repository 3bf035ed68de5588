// Package explain turns the errors of the model and the store into lines in
// the user's language, the same for the command line and the workbench: a
// validation error lists each field with its message and clause; a store
// error gives its catalog message with the file.
package explain

import (
	"errors"

	"outsec/i18n"
	"outsec/model"
	"outsec/store"
)

// Lines explains err; ok is false when err is neither a validation nor a
// store error, so the caller says it its own way.
func Lines(cat *i18n.Catalog, err error) (lines []string, ok bool) {
	var ve model.ValidationError
	var se *store.Error
	switch {
	case errors.As(err, &ve):
		lines = make([]string, 0, len(ve))
		for _, f := range ve {
			l := cat.T("err.field_line", cat.T(f.LabelKey()), cat.T(f.Key, f.Args...))
			if f.Clause != "" {
				l += " (" + cat.T("err.clause", string(f.Clause)) + ")"
			}
			lines = append(lines, l)
		}
		return lines, true
	case errors.As(err, &se):
		msg := cat.T(se.Code.Key(), se.Path)
		// Kinds the user cannot fix from the message alone carry the cause.
		if se.Err != nil && (se.Code == store.CodeInternal || se.Code == store.CodeCannotOpen || se.Code == store.CodeCorrupt) {
			msg += ": " + se.Err.Error()
		}
		return []string{msg}, true
	}
	return nil, false
}
