package casefile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Decode reads a case file. It returns the case, or an Error listing every
// problem found: the JSON text (with line and column), the format and version,
// fields it does not know, values of the wrong type (each with its JSON path),
// the engagement's identity and times, and every rule of the engagement
// (model.Engagement.Validate) with the clause it comes from.
//
// A file whose format is not an outsec case file, or whose version is newer
// than Version, is reported as that alone: the rest of it cannot be read by
// these rules.
func Decode(data []byte) (Case, error) {
	var c Case
	if len(data) > MaxSize {
		return c, Error{{Path: "$", Key: KeyTooLarge, Args: []any{MaxSize >> 20}}}
	}
	// Notepad on Windows writes a byte-order mark; it carries no meaning.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return c, Error{{Path: "$", Key: KeyEmpty}}
	}
	if isUTF16(data) {
		return c, Error{{Path: "$", Key: KeyUTF16}}
	}
	if off := invalidUTF8(data); off >= 0 {
		line, col := position(data, off)
		return c, Error{{Path: "$", Line: line, Column: col, Key: KeyNotUTF8}}
	}
	if err := json.Unmarshal(data, new(json.RawMessage)); err != nil {
		return c, Error{syntaxProblem(data, err)}
	}
	root, err := parse(data)
	if err != nil {
		// Unreachable after the check above; reported, never a panic.
		return c, Error{{Path: "$", Key: KeySyntax, Args: []any{err.Error()}}}
	}
	if root.kind != KindObject {
		return c, Error{{Path: "$", Key: KeyNotObject, Args: []any{root.kind}}}
	}
	if f := root.get("format"); f == nil || f.kind != KindString || f.str != Format {
		return c, Error{{Path: "$.format", Key: KeyNotCaseFile, Args: []any{Format}}}
	}
	tool := "?"
	if t := root.get("tool"); t != nil && t.kind == KindString && t.str != "" {
		tool = t.str
	}
	v := root.get("version")
	if v == nil {
		return c, Error{{Path: "$.version", Key: KeyMissing}}
	}
	n, err := v.num.Int64()
	if v.kind != KindNumber || err != nil {
		return c, Error{{Path: "$.version", Key: KeyBadVersion, Args: []any{v.raw(), Version}}}
	}
	if n > Version {
		return c, Error{{Path: "$.version", Key: KeyNewerVersion, Args: []any{n, tool, Version}}}
	}
	if n < 1 {
		return c, Error{{Path: "$.version", Key: KeyBadVersion, Args: []any{v.raw(), Version}}}
	}

	w := &walker{present: map[string]bool{}, tool: tool}
	w.value("$", root, reflect.ValueOf(&c).Elem())
	probs := w.probs
	if w.present["$.engagement"] {
		probs = append(probs, c.check(w.present, w.isBad)...)
	} else {
		probs = append(probs, Problem{Path: "$.engagement", Key: KeyMissing})
	}
	if len(probs) > 0 {
		return c, probs
	}
	return c, nil
}

// Problems returns the problems of a Decode error; nil for any other error.
func Problems(err error) Error {
	var e Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// isUTF16 reports whether data looks like UTF-16 text: its byte-order mark,
// or the zero bytes that ASCII characters have in it (JSON starts with one).
func isUTF16(b []byte) bool {
	if bytes.HasPrefix(b, []byte{0xff, 0xfe}) || bytes.HasPrefix(b, []byte{0xfe, 0xff}) {
		return true
	}
	return len(b) >= 2 && (b[0] == 0) != (b[1] == 0)
}

// invalidUTF8 is the offset of the first byte that is not UTF-8; -1 if none.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// controlAt is the index, in characters, of the first control character of s
// other than a line break or a tab; -1 if none. Such a character in a name
// or a note would act on the terminal that shows it (an escape sequence
// rewriting a line, retitling the window), as register import refuses too.
func controlAt(s string) int {
	i := 0
	for _, r := range s {
		if r != '\n' && r != '\t' && unicode.IsControl(r) {
			return i
		}
		i++
	}
	return -1
}

// position is the line and the column (in characters) of byte offset off, both
// counted from 1.
func position(data []byte, off int) (line, col int) {
	if off > len(data) {
		off = len(data)
	}
	line = 1 + bytes.Count(data[:off], []byte("\n"))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return line, utf8.RuneCount(data[start:off]) + 1
}

func syntaxProblem(data []byte, err error) Problem {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return Problem{Path: "$", Key: KeySyntax, Args: []any{err.Error()}}
	}
	msg := se.Error()
	if strings.HasPrefix(msg, "unexpected end of JSON input") {
		line, col := position(data, len(data))
		return Problem{Path: "$", Line: line, Column: col, Key: KeySyntaxEOF}
	}
	// The offset counts the offending character.
	off := int(se.Offset) - 1
	if off < 0 {
		off = 0
	}
	line, col := position(data, off)
	p := Problem{Path: "$", Line: line, Column: col, Key: KeySyntax, Args: []any{msg}}
	if rest, ok := strings.CutPrefix(msg, "invalid character "); ok {
		for ctx, key := range SyntaxKeys {
			if ch, ok := strings.CutSuffix(rest, " "+ctx); ok {
				p.Key, p.Args = key, []any{ch}
				break
			}
		}
	}
	return p
}

// node is a parsed JSON value that keeps what encoding/json forgets: the order
// of an object's keys and any key given twice.
type node struct {
	kind    Kind
	members []member
	elems   []*node
	str     string
	num     json.Number
	b       bool
}

type member struct {
	key string
	val *node
}

func (n *node) get(key string) *node {
	for _, m := range n.members {
		if m.key == key {
			return m.val
		}
	}
	return nil
}

// raw is the value as it would be written, for messages.
func (n *node) raw() string {
	switch n.kind {
	case KindString:
		return strconv.Quote(n.str)
	case KindNumber:
		return n.num.String()
	case KindBool:
		return strconv.FormatBool(n.b)
	case KindNull:
		return "null"
	}
	return string(n.kind)
}

// parse builds the tree of data, which is known to be valid JSON (so its depth
// is bounded by encoding/json's own limit).
func parse(data []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return parseValue(dec)
}

func parseValue(dec *json.Decoder) (*node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &node{kind: KindObject}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := kt.(string)
				v, err := parseValue(dec)
				if err != nil {
					return nil, err
				}
				n.members = append(n.members, member{key, v})
			}
			_, err := dec.Token()
			return n, err
		case '[':
			n := &node{kind: KindArray}
			for dec.More() {
				v, err := parseValue(dec)
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, v)
			}
			_, err := dec.Token()
			return n, err
		}
	case string:
		return &node{kind: KindString, str: t}, nil
	case json.Number:
		return &node{kind: KindNumber, num: t}, nil
	case bool:
		return &node{kind: KindBool, b: t}, nil
	case nil:
		return &node{kind: KindNull}, nil
	}
	return nil, fmt.Errorf("unexpected token %v", tok)
}

var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// child is the path of key inside the object at path.
func child(path, key string) string {
	if identRE.MatchString(key) {
		return path + "." + key
	}
	return path + "[" + strconv.Quote(key) + "]"
}

var timeType = reflect.TypeFor[time.Time]()

// walker fills a Go value from a tree, checking as encoding/json does not:
// exact field names, every field known, every type right, no key twice. It
// reports every problem and goes on with the rest.
type walker struct {
	probs   Error
	present map[string]bool
	bad     []string
	tool    string
}

func (w *walker) report(p Problem) {
	w.probs = append(w.probs, p)
	w.bad = append(w.bad, p.Path)
}

// isBad reports whether path, or a value containing it or contained in it, was
// already reported: checks of content on it would only repeat the problem.
func (w *walker) isBad(path string) bool {
	for _, b := range w.bad {
		if path == b || within(path, b) || within(b, path) {
			return true
		}
	}
	return false
}

func within(path, parent string) bool {
	return strings.HasPrefix(path, parent+".") || strings.HasPrefix(path, parent+"[")
}

func (w *walker) typeError(path string, want Kind, n *node) {
	w.report(Problem{Path: path, Key: KeyType, Args: []any{want, n.kind}})
}

func (w *walker) value(path string, n *node, v reflect.Value) {
	t := v.Type()
	if t == timeType {
		if n.kind != KindString {
			w.typeError(path, KindDateTime, n)
			return
		}
		tm, err := time.Parse(time.RFC3339Nano, n.str)
		if err != nil {
			w.report(Problem{Path: path, Key: KeyDateTime, Args: []any{n.str}})
			return
		}
		v.Set(reflect.ValueOf(tm))
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		if n.kind == KindNull {
			return // an optional section given as null: absent
		}
		p := reflect.New(t.Elem())
		w.value(path, n, p.Elem())
		v.Set(p)
	case reflect.Struct:
		if n.kind != KindObject {
			w.typeError(path, KindObject, n)
			return
		}
		w.object(path, n, v)
	case reflect.Array:
		// Fixed-length lists (the risk assessment's matrices, weights and
		// level bounds).
		if n.kind != KindArray {
			w.typeError(path, KindArray, n)
			return
		}
		if len(n.elems) != t.Len() {
			w.report(Problem{Path: path, Key: KeyArrayLength, Args: []any{t.Len(), len(n.elems)}})
			return
		}
		for i, e := range n.elems {
			w.value(fmt.Sprintf("%s[%d]", path, i), e, v.Index(i))
		}
	case reflect.Slice:
		if n.kind != KindArray {
			w.typeError(path, KindArray, n)
			return
		}
		s := reflect.MakeSlice(t, len(n.elems), len(n.elems))
		for i, e := range n.elems {
			w.value(fmt.Sprintf("%s[%d]", path, i), e, s.Index(i))
		}
		v.Set(s)
	case reflect.Map:
		// An object with keys of the map's choosing (the contract's
		// parameters); a key given twice is reported like a field given twice.
		if t.Key().Kind() != reflect.String {
			w.report(Problem{Path: path, Key: KeyUnsupportedType, Args: []any{t.String()}})
			return
		}
		if n.kind != KindObject {
			w.typeError(path, KindObject, n)
			return
		}
		m := reflect.MakeMapWithSize(t, len(n.members))
		for _, mem := range n.members {
			p := child(path, mem.key)
			k := reflect.ValueOf(mem.key).Convert(t.Key())
			if m.MapIndex(k).IsValid() {
				w.report(Problem{Path: p, Key: KeyDuplicate})
				continue
			}
			w.present[p] = true
			e := reflect.New(t.Elem()).Elem()
			w.value(p, mem.val, e)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.String:
		if n.kind != KindString {
			w.typeError(path, KindString, n)
			return
		}
		if i := controlAt(n.str); i >= 0 {
			r := []rune(n.str)[i]
			w.report(Problem{Path: path, Key: KeyControl, Args: []any{fmt.Sprintf("U+%04X", r), i + 1}})
			return
		}
		v.SetString(n.str)
	case reflect.Bool:
		if n.kind != KindBool {
			w.typeError(path, KindBool, n)
			return
		}
		v.SetBool(n.b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if n.kind != KindNumber {
			w.typeError(path, KindInteger, n)
			return
		}
		i, err := n.num.Int64()
		if err != nil || v.OverflowInt(i) {
			w.report(Problem{Path: path, Key: KeyInteger, Args: []any{n.num.String()}})
			return
		}
		v.SetInt(i)
	case reflect.Float64, reflect.Float32:
		if n.kind != KindNumber {
			w.typeError(path, KindNumber, n)
			return
		}
		f, err := n.num.Float64()
		if err != nil {
			w.typeError(path, KindNumber, n)
			return
		}
		v.SetFloat(f)
	default:
		// A type the case file cannot hold: a defect of this package, reported
		// rather than silently skipped.
		w.report(Problem{Path: path, Key: KeyUnsupportedType, Args: []any{t.String()}})
	}
}

func (w *walker) object(path string, n *node, v reflect.Value) {
	fields := fieldsOf(v.Type())
	seen := map[string]bool{}
	for _, m := range n.members {
		p := child(path, m.key)
		if seen[m.key] {
			w.report(Problem{Path: p, Key: KeyDuplicate})
			continue
		}
		seen[m.key] = true
		idx, ok := fields.byName[m.key]
		if !ok {
			w.unknown(path, p, m.key, fields)
			continue
		}
		w.present[p] = true
		w.value(p, m.val, v.Field(idx))
	}
}

func (w *walker) unknown(parent, path, key string, fields *structFields) {
	for _, name := range fields.names {
		if strings.EqualFold(name, key) {
			w.report(Problem{Path: path, Key: KeyUnknownCase, Args: []any{name}})
			return
		}
	}
	if parent == "$" {
		w.report(Problem{Path: path, Key: KeyUnknownSection, Args: []any{w.tool}})
		return
	}
	w.report(Problem{Path: path, Key: KeyUnknownField})
}

type structFields struct {
	byName map[string]int
	names  []string
}

var fieldCache sync.Map // reflect.Type → *structFields

// fieldsOf maps the JSON names of t's fields (from their json tags, as
// encoding/json writes them) to their indices.
func fieldsOf(t reflect.Type) *structFields {
	if f, ok := fieldCache.Load(t); ok {
		return f.(*structFields)
	}
	fs := &structFields{byName: map[string]int{}}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fs.byName[name] = i
		fs.names = append(fs.names, name)
	}
	fieldCache.Store(t, fs)
	return fs
}
