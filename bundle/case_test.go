package bundle

import (
	"outsec/model/casefile"
	"outsec/store"
)

func exportCase(st *store.Store, op store.Operator, id int64) ([]byte, error) {
	var out []byte
	_, err := st.ExportCase(ctx, op, id, func(c casefile.Case) ([]byte, error) {
		c.ExportedAt, c.Tool = st.Now(), "outsec test"
		b, err := casefile.Encode(c)
		out = b
		return b, err
	})
	return out, err
}
