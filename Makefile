# Galley — make run · make test · make bench
SWIFT        ?= swift
CORPUS       ?= ../shared/corpora/bbc
PIPELINE     ?= Pipelines/news.yaml
GALLEY_OUT   ?= out
APT_PACKAGES := libreadline-dev libsqlite3-dev libxml2-dev zlib1g-dev libpq-dev time sqlite3 postgresql tmux
RELEASE_BIN  := .build/release/galley
CONLL        ?= ../shared/corpora/conll2003
ENTITY_MODEL := Plugins/ExtractEntities/Resources/conll2003.model

PREFIX       ?= /usr/local

.PHONY: install run test bench bench-enrich bench-html bench-peers deps build fuzz clean model check-imports check-recipe lint
FUZZ_SECONDS ?= 60
FUZZERS      := FuzzPipelineLoader FuzzExtractArticle FuzzIngestLine FuzzNewsPipeline FuzzEntityTagger FuzzExtractHTML

## deps: install missing Debian packages (needs root; prints what to install otherwise)
deps:
	@scripts/install-deps.sh $(APT_PACKAGES)

## build: release build of the galley binary
build: deps
	$(SWIFT) build -c release --product galley

## install: copy the release binary to $(PREFIX)/bin (make install PREFIX=~/.local)
install: build
	install -d $(PREFIX)/bin
	install -m 755 $(RELEASE_BIN) $(PREFIX)/bin/galley

## run: process seeds/ with the default pipeline into out/
run: build
	GALLEY_OUT=$(GALLEY_OUT) $(RELEASE_BIN) run $(PIPELINE) seeds

## test: the module-graph check and the whole test suite
test: deps check-imports
	$(SWIFT) build --product galley
	@scripts/test-spark.sh .build/debug/galley
	$(SWIFT) test

## check-imports: fail when an import crosses the module graph of docs/design.md
check-imports:
	@python3 scripts/check-imports.py

## lint: swift-format's rules (.swift-format) over the Swift sources
lint:
	@scripts/lint.sh

## check-recipe: follow docs/plugins.md "Writing a Swift stage" literally in a temporary copy (slow: a whole build)
check-recipe:
	@scripts/check-plugin-recipe.sh

## bench: documents/s, MB/s and peak RSS of the default pipeline over CORPUS
bench: build
	@$(SWIFT) build -c release --product galley-sink-bench >/dev/null
	@scripts/bench.sh $(RELEASE_BIN) $(PIPELINE) $(CORPUS)
	@GALLEY_PYTHON=$$(python3 -c 'import sys; print(sys.executable)') scripts/bench.sh $(RELEASE_BIN) Pipelines/plugin-bench.yaml $(CORPUS)
	@scripts/bench-rules.sh $(RELEASE_BIN) $(CORPUS)
	@$(SWIFT) build -c release --product galley-text-bench >/dev/null && .build/release/galley-text-bench $(CORPUS) 3 --stages && \
	  .build/release/galley-text-bench --pathological && .build/release/galley-text-bench --score-quantities Benchmarks/TextBench/quantities-dev.tsv | tail -1
	@$(SWIFT) build -c release --product galley-enrich-bench >/dev/null && scripts/bench-enrich.sh $(CORPUS)
	@scripts/bench-warc.sh $(RELEASE_BIN)
	@if [ -f $(CONLL)/dev.txt ]; then $(SWIFT) build -c release --product galley-ner-train >/dev/null && \
	  .build/release/galley-ner-train eval $(ENTITY_MODEL) $(CONLL)/dev.txt && \
	  scripts/ner_pipeline_eval.py $(RELEASE_BIN) $(CONLL)/dev.txt; else echo "no CoNLL data at $(CONLL) (set CONLL=...)"; fi

## bench-enrich: the enrichment stages' cost per article, language accuracy vs lingua and langid, keywords vs yake
bench-enrich:
	$(SWIFT) build -c release --product galley-enrich-bench
	@scripts/bench-enrich.sh $(CORPUS)

## bench-html: galley's extract.html vs trafilatura on the web pages of ../shared/corpora/html-dev (one core)
bench-html: build
	@scripts/bench-html.sh $(RELEASE_BIN)

## bench-peers: galley's default pipeline (--jobs 2) next to spaCy's en_core_web_sm (nlp.pipe) over CORPUS, docs/s and the ratio
bench-peers: build
	@scripts/bench-peers.sh $(RELEASE_BIN) $(CORPUS)

## model: train the entity model of extract.entities on CoNLL-2003 (CONLL=folder with train.txt and dev.txt); docs/entities.md
model:
	$(SWIFT) build -c release --product galley-ner-train
	nice -n 10 .build/release/galley-ner-train train $(CONLL)/train.txt --dev $(CONLL)/dev.txt --epochs 12 \
	  --classes Benchmarks/ner/clusters.tsv --names Benchmarks/ner/gazetteer.tsv --out $(ENTITY_MODEL)

## fuzz: build the libFuzzer targets in Fuzz/ and run each for FUZZ_SECONDS at low priority
fuzz:
	$(SWIFT) build --package-path Fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
	@mkdir -p Fuzz/artifacts
	@for f in $(FUZZERS); do \
	  mkdir -p Fuzz/.corpus/$$f; \
	  echo "== $$f ($(FUZZ_SECONDS) s)"; \
	  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 nice -n 19 Fuzz/.build/debug/$$f -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -max_len=65536 -detect_leaks=0 \
	    -print_final_stats=1 -artifact_prefix=Fuzz/artifacts/$$f- Fuzz/.corpus/$$f Fuzz/Corpus/$$f || exit 1; \
	done

clean:
	rm -rf .build out
