# searchlib: `make run` serves the UI, `make test` runs the suite. Both set up what they need.
PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-stamp
CORPUS  := corpus/ingested/b2.json
INDEX   := index/CURRENT
SOURCES := $(wildcard corpus/sources/*) corpus/books.toml $(wildcard searchlib/ingest/*.py) \
           $(wildcard searchlib/analysis/*.py) searchlib/model.py searchlib/corpus.py
HOST    ?= 127.0.0.1
PORT    ?= 5000

.PHONY: install browser run ingest index test lint bench bench-quick screenshots clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP)

# Headless Chromium for the end-to-end browser tests (Debian package; apt-get as root).
browser: $(STAMP)
	bash .ci/install-browser

# The corpus is re-ingested when a source, the manifest, a reader or the analysis it runs at ingest
# (places, word families, compounds) changes.
$(CORPUS): $(STAMP) $(SOURCES)
	$(BIN)/searchlib ingest

$(INDEX): $(CORPUS)
	$(BIN)/searchlib index

ingest: $(CORPUS)

index: $(INDEX)

run: $(INDEX)
	@$(BIN)/searchlib index --check -q > /dev/null || $(BIN)/searchlib index
	$(BIN)/searchlib serve --host $(HOST) --port $(PORT)

test: $(STAMP) browser
	$(BIN)/python -m pytest -q -n auto

lint: $(STAMP)
	$(BIN)/ruff check searchlib web tests bench
	$(BIN)/mypy searchlib web

# Screenshots of each page into docs/ (the real books, served from a temporary directory).
screenshots: $(STAMP) browser
	$(BIN)/python docs/screenshots.py

# One run of every speed figure the README quotes: start-up CPU, served requests/s, then the search
# bench last (its five summary lines end the output, and it rewrites the README's speed block).
bench-quick: $(STAMP)
	$(BIN)/python bench/bench_startup.py --quick
	$(BIN)/python bench/served.py --quick
	$(BIN)/python bench/bench_search.py --quick

bench: $(STAMP)
	$(BIN)/python bench/bench_startup.py
	$(BIN)/python bench/served.py
	$(BIN)/python bench/bench_search.py

clean:
	rm -rf $(VENV) index corpus/ingested
