# The README's commands. `make demo` starts Sammachip with demo data; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VENDOR := sammachip/core/static/vendor
export PYTHAINLP_OFFLINE := 1
export PYTHAINLP_READ_ONLY := 1
export PYTHAINLP_DATA_DIR := $(CURDIR)/var/pythainlp

.PHONY: install system-deps assets messages demo serve test test-fast lint bench screenshots clean

install: $(STAMP) assets messages

$(STAMP): requirements.lock pyproject.toml
	@scripts/system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	mkdir -p var
	touch $(STAMP)

system-deps:
	@scripts/system-deps.sh

assets: $(VENDOR)/.stamp

$(VENDOR)/.stamp: package.json package-lock.json scripts/assets.sh
	scripts/assets.sh
	touch $@

messages: $(STAMP)
	cd sammachip && ../$(BIN)/django-admin compilemessages --ignore=node_modules >/dev/null

demo: install
	$(BIN)/sammachip demo
	$(BIN)/sammachip serve

serve: install
	$(BIN)/sammachip serve

test: install
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -m "not browser"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

bench: install
	$(BIN)/python -m bench

screenshots: install
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var/*.sqlite3*
