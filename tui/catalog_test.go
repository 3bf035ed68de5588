package tui

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"outsec/i18n"
	"outsec/tui/tuitest"
)

// catalogKeysInCode finds every catalog key the workbench's code names (this
// package and every page package under it): the
// string literals passed first to a T call, and every literal that starts with
// "tui." (keys kept in tables). A literal that is only a prefix ("service." +
// type) is checked by TestDynamicCatalogKeys instead.
func catalogKeysInCode(t *testing.T) map[string]token.Position {
	t.Helper()
	fset := token.NewFileSet()
	var files []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]token.Position{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		prefixes := map[*ast.BasicLit]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			if be, ok := n.(*ast.BinaryExpr); ok && be.Op == token.ADD {
				if lit, ok := be.X.(*ast.BasicLit); ok {
					prefixes[lit] = true
				}
			}
			return true
		})
		add := func(lit *ast.BasicLit) {
			if lit.Kind != token.STRING || prefixes[lit] {
				return
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil {
				keys[s] = fset.Position(lit.Pos())
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				var fn string
				switch f := n.Fun.(type) {
				case *ast.Ident:
					fn = f.Name
				case *ast.SelectorExpr:
					fn = f.Sel.Name
				}
				if fn == "T" && len(n.Args) > 0 {
					if lit, ok := n.Args[0].(*ast.BasicLit); ok {
						add(lit)
					}
				}
			case *ast.BasicLit:
				if s, err := strconv.Unquote(n.Value); err == nil && n.Kind == token.STRING && strings.HasPrefix(s, "tui.") {
					add(n)
				}
			}
			return true
		})
	}
	if len(keys) < 800 {
		t.Fatalf("found only %d keys: the scan is broken", len(keys))
	}
	return keys
}

func TestCatalogKeysUsedExist(t *testing.T) {
	for k, pos := range catalogKeysInCode(t) {
		for _, l := range i18n.Langs {
			if !i18n.New(l).Has(k) {
				t.Errorf("%s: key %q missing from the %s catalog", pos, k, l)
			}
		}
	}
}

// TestTUICatalogsMatch: the zh-CN and en tui.json have the same keys, and each
// message takes the same arguments in both.
func TestTUICatalogsMatch(t *testing.T) {
	read := func(lang string) map[string]string {
		b, err := os.ReadFile(filepath.Join("..", "i18n", "locales", lang, "tui.json"))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s/tui.json: %v", lang, err)
		}
		return m
	}
	zhm, enm := read("zh-CN"), read("en")
	for k, v := range zhm {
		ev, ok := enm[k]
		if !ok {
			t.Errorf("%q is in zh-CN/tui.json but not in en/tui.json", k)
			continue
		}
		zv, evs := tuitest.VerbRE.FindAllString(v, -1), tuitest.VerbRE.FindAllString(ev, -1)
		sort.Strings(zv)
		sort.Strings(evs)
		if strings.Join(zv, " ") != strings.Join(evs, " ") {
			t.Errorf("%q takes %v in zh-CN but %v in en", k, zv, evs)
		}
		if strings.TrimSpace(v) == "" || strings.TrimSpace(ev) == "" {
			t.Errorf("%q is empty", k)
		}
		if !strings.HasPrefix(k, "tui.") {
			t.Errorf("%q: the TUI's keys start with tui.", k)
		}
	}
	for k := range enm {
		if _, ok := zhm[k]; !ok {
			t.Errorf("%q is in en/tui.json but not in zh-CN/tui.json", k)
		}
	}
	for k, v := range enm {
		if tuitest.HasHan(v) {
			t.Errorf("en %q has Chinese: %q", k, v)
		}
	}
}
