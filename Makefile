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
# `npm ci` runs again only when a lock file changed, the build only when a source did: `make
# demo` then `make test` (or CI's frontend test after the suite) install and build once.
FRONTEND_SOURCES := $(shell find frontend/src frontend/public -type f 2>/dev/null) \
	$(wildcard frontend/index.html frontend/vite.config.ts frontend/tsconfig.json \
	frontend/graphiql/copy.mjs)
FRONTEND_LOCKS := frontend/package.json frontend/package-lock.json \
	frontend/graphiql/package.json frontend/graphiql/package-lock.json

frontend/node_modules/.installed: $(FRONTEND_LOCKS)
	cd frontend && $(NPM) ci --no-audit --no-fund
	@touch $@

frontend/dist/index.html: frontend/node_modules/.installed $(FRONTEND_SOURCES)
	cd frontend && $(NPM) run build
	@touch $@

frontend: frontend/dist/index.html

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
	$(BIN)/lint-imports --no-cache

# The tests start embedded servers under .jifen/test when no URLs are set; stop them after.
# Every test in parallel processes (each with a Redis database and Celery workers of its own,
# jifen/testing/parallel.py), the slowest file first; then the schema fuzz in one process
# (its generated cases share a test id, which parallel processes cannot hand out).
FUZZ := tests/security/test_schema_fuzz.py
test: lint chromium
	$(BIN)/pytest --durations=15 --ignore=$(FUZZ); status=$$?; \
	if [ $$status -eq 0 ]; then $(BIN)/pytest -n0 $(FUZZ); status=$$?; fi; \
	JIFEN_DATA_DIR=$${JIFEN_DATA_DIR:-.jifen/test} $(BIN)/jifen services stop; exit $$status
	$(MAKE) frontend-test

# --- the container image, built and smoke-tested on this machine (docs/operations.md) ----------
# No registry of container images is reachable here: the bases are Debian root file systems made
# with debootstrap and imported into podman (bookworm for Python, trixie for Node 20.19).
IMAGE ?= localhost/jifen:dev
comma := ,
JIFEN_RELEASE ?= 0.0.0+local
PODMAN_BUILD_FLAGS ?= --isolation chroot
# What is built: the working tree; `git archive HEAD | tar -x -C DIR` for exactly a commit.
IMAGE_CONTEXT ?= .
# The build host's CA bundle, for npm and pip behind a TLS-intercepting proxy (a build secret:
# never stored in the image). Empty to build without it.
CA_BUNDLE ?= $(wildcard /etc/ssl/certs/ca-certificates.crt)

image-tools:
	@command -v podman >/dev/null && command -v debootstrap >/dev/null || (apt-get update && apt-get install -y --no-install-recommends podman debootstrap)

image: image-tools
	tests/ops/image/debian-base.sh bookworm
	tests/ops/image/debian-base.sh trixie
	@started=$$(date +%s); \
	podman build $(PODMAN_BUILD_FLAGS) --layers $(if $(CA_BUNDLE),--secret id=ca_bundle$(comma)src=$(CA_BUNDLE)) \
		--build-arg PYTHON_BASE=localhost/debian-base:bookworm \
		--build-arg NODE_BASE=localhost/debian-base:trixie \
		--build-arg JIFEN_RELEASE=$(JIFEN_RELEASE) -t $(IMAGE) $(IMAGE_CONTEXT) \
	&& echo "image: $(IMAGE) built in $$(( $$(date +%s) - started )) s, $$(podman image inspect --format '{{.Size}}' $(IMAGE) | awk '{printf "%.0f MB", $$1/1e6}')"

# Starts the image's roles in a chroot of the mounted image (no `podman run` needed) against
# embedded PostgreSQL and Redis of its own under IMAGE_CHECK_DATA.
IMAGE_CHECK_DATA ?= .jifen/image-check
image-check: image install
	JIFEN_DATA_DIR=$(IMAGE_CHECK_DATA) $(BIN)/python tests/ops/image/check.py $(IMAGE); status=$$?; JIFEN_DATA_DIR=$(IMAGE_CHECK_DATA) $(BIN)/jifen services stop; exit $$status

# Debian's PgBouncer, for the pooled test run in tests/ops (session mode).
pgbouncer:
	@command -v pgbouncer >/dev/null || test -x /usr/sbin/pgbouncer || (apt-get update && apt-get install -y --no-install-recommends pgbouncer)
