# The hub's build and test entry points. `make test` is the one command CI
# runs: it installs what the tests need and is missing (a MinIO server built
# from source, Debian's chromium for the browser test), then runs every test.

GO            ?= go
TOOLS         := $(CURDIR)/tools/bin
# MinIO is archived upstream; this is the last pseudo-version on the module
# proxy. The hub itself only speaks S3 through minio-go, so any S3 server works.
MINIO_VERSION := v0.0.0-20260212201848-7aac2a2c5b7c
MINIO         := $(TOOLS)/minio
STATICCHECK_VERSION := v0.8.2
CHROMIUM      ?= $(shell command -v chromium 2>/dev/null)
# The hub's binary leaves out the PostgreSQL backend of the embedded FerretDB,
# which it never uses (it runs FerretDB on SQLite), and with it the PostgreSQL
# driver; the Dockerfile and cmd/hubbench build it the same way.
SERVER_TAGS   := ferretdb_no_postgresql

export HUB_MINIO_BIN := $(MINIO)

.PHONY: all build run test unit lint tools chromium nginx clean fuzz faults bench bench-import bench-search bench-pg bench-load bench-pages bench-observability wrk relevance bench-engine

all: build

build:
	$(GO) build -tags $(SERVER_TAGS) -o hub ./cmd/hub

run:
	$(GO) run -tags $(SERVER_TAGS) ./cmd/hub

## test: everything, against real servers (FerretDB embedded, MinIO, Chromium),
## the fault tests among them, then every fuzz target briefly.
test: tools chromium nginx lint
	$(GO) test -count=1 -timeout 40m ./...
	$(MAKE) fuzz

## unit: the tests alone, assuming tools are installed.
unit:
	$(GO) test -count=1 ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

tools: $(MINIO)

$(MINIO):
	@echo "building the MinIO server for the tests (once; several minutes)"
	GOBIN=$(TOOLS) $(GO) install github.com/minio/minio@$(MINIO_VERSION)

chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
		echo "installing Debian's chromium for the browser tests"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

nginx:
	@if ! command -v nginx >/dev/null 2>&1; then \
		echo "installing Debian's nginx for the proxy test"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx-light >/dev/null; \
	fi

## fuzz: each fuzz target for FUZZTIME from its seeds and its committed corpus
## (testdata/fuzz/<target>); a failing input is written there to be committed.
FUZZTIME ?= 10s
FUZZ_TARGETS := search:FuzzParseQuery search:FuzzFold search:FuzzFoldName search/bleve:FuzzSearch \
	platform/web:FuzzDecodeJSON platform/web/library:FuzzDecodeImport platform/extract:FuzzSniffAndText platform/extract:FuzzIsolatedText platform/photo:FuzzPhoto platform/sheet:FuzzReadCSV platform/schedule:FuzzSolve \
	i18n:FuzzNegotiate cmd/hub:FuzzImportLines
fuzz:
	GO=$(GO) FUZZTIME=$(FUZZTIME) .ci/fuzz $(FUZZ_TARGETS)

## faults: the fault tests alone (they also run in `make test`): the database,
## the object store and the hub's own process taken away, the index broken.
FAULT_TESTS := TestTheHubSurvivesTheDatabaseGoingAway|TestABrokenIndexIsRebuiltAtStart|TestAMissingIndexIsRebuiltAtStart|TestAKilledHubLosesNoAcknowledgedDocument|TestAHubKilledDuringABulkImport|TestAnObjectStoreOutage|TestReadinessFollowsTheObjectStore|TestHostileFilesDoNotTakeTheHubDown
## relevance: nDCG@10 and MRR of the judged queries (search/relevance) on the demo content;
## RAISE=1 writes better means into search/relevance/floor.json (the floor only rises).
relevance:
	$(GO) run ./cmd/hubbench relevance --top 5 $(if $(RAISE),--raise-floor search/relevance/floor.json)

## bench-engine: the search engine's own benchmark in one process (generate, bulk import on the
## embedded FerretDB, index, search 100,000 documents; README, "Search").
bench-engine: build
	$(GO) run ./cmd/hubbench bench --hub ./hub $(BENCH_FLAGS)

faults: tools
	$(GO) test -count=1 -v -run '^($(FAULT_TESTS))' ./cmd/hub

## bench: every measurement of bench/results.md (README, "Measurements"); each
## part also runs alone and rewrites the results from the latest run of each.
## BENCH_DOCS are the corpus sizes; BENCH_FLAGS go to every part. The parts are
## cmd/hubbench, measuring the hub binary that `make build` writes.
BENCH_DOCS  ?= 10000 100000
BENCH_FLAGS ?=
HUBBENCH    := $(GO) run ./cmd/hubbench
LIGHTHOUSE_VERSION := 12.8.2
LIGHTHOUSE  := $(CURDIR)/tools/lighthouse/node_modules/.bin/lighthouse

bench: bench-import bench-search bench-pg bench-load bench-pages

## bench-import: generate each corpus and import it through the API.
bench-import: build
	@for n in $(BENCH_DOCS); do $(HUBBENCH) bench-import --hub ./hub --docs $$n $(BENCH_FLAGS) || exit 1; done

## bench-search: the query mix at 1, 8 and 32 clients, the floors, page TTFB, memory.
bench-search: build
	@for n in $(BENCH_DOCS); do $(HUBBENCH) bench-search --hub ./hub --docs $$n $(BENCH_FLAGS) || exit 1; done

## bench-observability: what metrics (scraped every second) and the JSON request log to a file
## cost the query mix of bench-search, runs without and with both alternating (README, "Measurements").
bench-observability: build
	$(HUBBENCH) bench-observability --hub ./hub --docs $(firstword $(BENCH_DOCS)) $(BENCH_FLAGS)

## bench-pg: the same corpus and queries on PostgreSQL full-text search.
bench-pg:
	@url=$$(bench/postgres.sh start) || exit 1; \
	for n in $(BENCH_DOCS); do $(HUBBENCH) bench-pg --docs $$n --pg "$$url" $(BENCH_FLAGS) || { bench/postgres.sh stop; exit 1; }; done; \
	bench/postgres.sh stop

## bench-load: wrk for 60 s at 64 connections on search and the library page.
bench-load: build wrk
	$(HUBBENCH) bench-load --hub ./hub --docs $(lastword $(BENCH_DOCS)) $(BENCH_FLAGS)

## bench-pages: weight and Lighthouse scores of the home and library pages.
bench-pages: build chromium $(LIGHTHOUSE)
	$(HUBBENCH) bench-pages --hub ./hub --lighthouse $(LIGHTHOUSE) $(BENCH_FLAGS)

wrk:
	@if ! command -v wrk >/dev/null 2>&1; then \
		echo "installing Debian's wrk for the load test"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; \
	fi

# Lighthouse 12: version 13 needs Node 22.19 or later.
$(LIGHTHOUSE):
	npm install --prefix tools/lighthouse --no-audit --no-fund --loglevel=error lighthouse@$(LIGHTHOUSE_VERSION)

clean:
	rm -rf hub hub-data
