# Two entry points for a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
NPM ?= npm

.PHONY: demo test lint install frontend frontend-test chromium messages

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Jifen needs Python 3.11 or newer (found %s); run: make PYTHON=python3.12" % sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(BIN)/.installed

demo: install frontend
	$(BIN)/jifen demo

# The shared web app, built into frontend/dist (served by Django at / on every tenant host).
frontend:
	cd frontend && $(NPM) ci --no-audit --no-fund && $(NPM) run build

# The end-to-end test drives Debian's Chromium (test tools cannot download a browser here);
# CI runs as root on Debian. The CJK fonts make the screenshots readable.
chromium:
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk)

frontend-test: install frontend chromium
	cd frontend && $(NPM) test && $(NPM) run e2e

# Extract new messages into the catalogues (translate their msgstr), drop unused ones, compile.
messages: install
	$(BIN)/python -m jifen.catalogues update

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The tests start embedded servers under .jifen/test when no URLs are set; stop them after.
test: lint
	$(BIN)/pytest; status=$$?; JIFEN_DATA_DIR=$${JIFEN_DATA_DIR:-.jifen/test} $(BIN)/jifen services stop; exit $$status
	$(MAKE) frontend-test
