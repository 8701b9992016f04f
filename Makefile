# Galley — make run · make test · make bench
SWIFT        ?= swift
CORPUS       ?= ../shared/corpora/bbc
PIPELINE     ?= Pipelines/news.yaml
GALLEY_OUT   ?= out
APT_PACKAGES := libreadline-dev libsqlite3-dev libxml2-dev time tmux
RELEASE_BIN  := .build/release/galley

.PHONY: run test bench deps build fuzz clean

## deps: install missing Debian packages (needs root; prints what to install otherwise)
deps:
	@scripts/install-deps.sh $(APT_PACKAGES)

## build: release build of the galley binary
build: deps
	$(SWIFT) build -c release --product galley

## run: process seeds/ with the default pipeline into out/
run: build
	GALLEY_OUT=$(GALLEY_OUT) $(RELEASE_BIN) run $(PIPELINE) seeds
	@echo "output: $(GALLEY_OUT)/news.jsonl ($$(wc -l < $(GALLEY_OUT)/news.jsonl) documents)"

## test: the whole test suite
test: deps
	$(SWIFT) build --product galley
	$(SWIFT) test

## bench: documents/s, MB/s and peak RSS of the default pipeline over CORPUS
bench: build
	@scripts/bench.sh $(RELEASE_BIN) $(PIPELINE) $(CORPUS)

clean:
	rm -rf .build out
