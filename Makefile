# outsec — see README.md. `make run` opens the workbench; `make test` is the test suite.

GO       ?= go
BIN      := bin/outsec
PKG      := ./cmd/outsec
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT   ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
# The commit's date, not the build's, so that the same commit builds the same bytes.
DATE     ?= $(shell git log -1 --format=%cs 2>/dev/null || echo unknown)
LDFLAGS  := -s -w -buildid= -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.date=$(DATE)
PLATFORMS := linux/amd64 linux/arm64 linux/loong64 windows/amd64 darwin/arm64

.PHONY: run build test fmt-check vet bench check-docs dist clean test-crash

run: build
	./$(BIN) $(ARGS)

build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) $(PKG)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

# The race detector needs cgo; the release binaries do not. The end-to-end runs
# of the real binary (e2e/, tmux) type at a person's pace and run after the
# rest, so that the race-instrumented tests do not starve them of the CPU.
test: fmt-check vet
	CGO_ENABLED=1 $(GO) test -race -count=1 $$($(GO) list ./... | grep -v /e2e)
	$(GO) test -count=1 ./e2e/

bench:
	bash scripts/bench.sh

# The documents check (issue 4): LibreOffice converts every DOCX the tool
# produces, and pdftotext finds the title and every risk in that PDF and in the
# tool's own; pdffonts shows the font embedded. Needs libreoffice-writer-nogui
# and poppler-utils: here a missing tool fails the check (make test skips it).
DOCS_TESTS := TestEveryTemplateLibreOffice|TestRealPDFEveryTemplate|TestRealPDFRiskReport500
check-docs:
	OUTSEC_DOCS_TOOLS=required $(GO) test -count=1 -run '^($(DOCS_TESTS))$$' ./templates/render/docx ./templates/render/pdf

# The kill -9 loop (issue 17): signed exports, case imports and backups of the
# real binary killed at random moments, each followed by a start that finishes
# what the kill left, then every check. Minutes, not part of make test.
# CRASH_N sets the number of kills.
CRASH_N ?= 500
test-crash: build
	$(GO) run ./scripts/crashloop -bin $(BIN) -n $(CRASH_N)

dist:
	@rm -rf dist && mkdir -p dist
	@set -e; for p in $(PLATFORMS); do \
		os=$${p%/*}; arch=$${p#*/}; ext=; [ $$os = windows ] && ext=.exe; \
		out=dist/outsec-$(VERSION)-$$os-$$arch$$ext; \
		echo "build $$out"; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $$out $(PKG); \
	done
	@cd dist && sha256sum outsec-* > SHA256SUMS && cat SHA256SUMS

clean:
	rm -rf bin dist
