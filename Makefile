# Two commands on a fresh machine with Python >= 3.11: `make build`, then `make test`.
# Everything runs in .venv, installed from hashed lock files in requirements/.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: build test serve validate bench lighthouse new lock forms lint clean

$(VENV)/.build: requirements/build.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/build.lock
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/python -m compileall -q hooks macros.py >/dev/null  # as a regular install would
	touch $@

$(VENV)/.test: $(VENV)/.build requirements/test.lock
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/test.lock
	touch $@

## build: validate the content and build the site, with its search index, into site/
build: $(VENV)/.build
	$(BIN)/mkdocs build --strict

## test: run the whole test suite (unit, site and browser tests)
test: $(VENV)/.test
	$(BIN)/python -m pytest -n auto

## serve: preview the site with live reload on http://127.0.0.1:8000/
serve: $(VENV)/.build
	$(BIN)/mkdocs serve --livereload

## validate: check every case study and webinar, with file:line: field: message errors
validate: $(VENV)/.build
	$(BIN)/casebook validate

## new: start a case study, e.g. make new TITLE="Healthy streets in Leeds"
##      (options: ARGS="--term authorities=wyca --term themes=places-housing-transport")
# TITLE reaches the shell as an environment variable, so quotes and $ in a title are safe.
new: $(VENV)/.build
	@test -n "$$TITLE" || { echo 'usage: make new TITLE="Title of the case study"'; exit 2; }
	$(BIN)/casebook new "$$TITLE" $(ARGS)

## forms: regenerate the GitHub issue forms and docs/data/vocabulary.schema.json from the vocabularies
forms: $(VENV)/.build
	$(BIN)/casebook forms

## bench: build synthetic sites and compare with plain Material (see README, Performance)
bench: $(VENV)/.test
	$(BIN)/python -m benchmarks.run $(ARGS)

## lighthouse: build the site for http://127.0.0.1:$(LIGHTHOUSE_PORT)/, serve it with gzip and score
##             five pages with Lighthouse 12, 3 runs each (needs Node, npm and Chromium;
##             options: ARGS="--runs 1 --page /about/"); about 4 minutes
LIGHTHOUSE_PORT ?= 8000
lighthouse: $(VENV)/.build tools/lighthouse/node_modules/.package-lock.json
	SITE_URL=http://127.0.0.1:$(LIGHTHOUSE_PORT)/ $(BIN)/mkdocs build --strict
	$(BIN)/python -m benchmarks.lighthouse --port $(LIGHTHOUSE_PORT) $(ARGS)

# Lighthouse, exactly as locked in tools/lighthouse/package-lock.json.
tools/lighthouse/node_modules/.package-lock.json: tools/lighthouse/package-lock.json
	cd tools/lighthouse && npm ci --no-audit --no-fund

## lint: ruff over the code
lint: $(VENV)/.test
	$(BIN)/ruff check hooks macros.py tests benchmarks

## lock: refresh the hashed lock files after editing pyproject.toml (needs uv)
lock:
	uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -o requirements/build.lock
	uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 -o requirements/test.lock

clean:
	rm -rf site .pytest_cache
