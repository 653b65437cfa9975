# searchlib: `make run` serves the UI, `make test` runs the suite. Both set up what they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
CORPUS := corpus/ingested/b1.json
SOURCES := $(wildcard corpus/sources/*) corpus/books.toml $(wildcard searchlib/ingest/*.py)

.PHONY: install run ingest index test lint bench bench-quick clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP)

$(CORPUS): $(STAMP) $(SOURCES)
	$(BIN)/searchlib ingest

ingest: $(STAMP)
	$(BIN)/searchlib ingest

run: $(CORPUS)
	$(BIN)/searchlib ingest

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check searchlib web tests bench
	$(BIN)/mypy searchlib web

clean:
	rm -rf $(VENV) index corpus/ingested
