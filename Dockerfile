# The runbook-runner worker image: `runbook worker` against a Temporal cluster.
#   docker build -t runbook-runner .
#   docker run -e TEMPORAL_ADDRESS=temporal-frontend:7233 runbook-runner
# scripts/image builds it with buildah on a Debian base made from Debian packages only
# (BASE_IMAGE); see docs/image.md. Both stages use BASE_IMAGE, which must provide node (>= 20.5)
# (npm is fetched from the registry when it lacks it); git, bash and tini are added when it lacks
# them (apt-get).
# Steps run `git` (pinned checkouts) and the commands runbooks name, so the image carries git and
# bash; add the tools your runbooks call (kubectl, helm, …) in a derived image.
ARG BASE_IMAGE=node:20-slim

FROM ${BASE_IMAGE} AS build
# The npm used when the base has none (scripts/image's Debian base), checked against this hash.
ARG NPM_VERSION=10.9.4
ARG NPM_INTEGRITY=sha512-OnUG836FwboQIbqtefDNlyR0gTHzIfwRfE3DuiNewBvnMnWEpB0VEXwBlFVgqpNzIgYo/MHh3d2Hel/pszapAA==
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/build/fetch-npm.mjs ./scripts/build/
# The registry, its credentials and the CA bundle that trusts it are the building machine's,
# passed as build secrets (never stored in a layer): `--secret id=npmrc,src=<npm config file>`,
# `--secret id=ca,src=<CA bundle>`; without them npm uses its defaults. Install scripts stay off
# (package.json's allowScripts): no dependency needs one.
RUN --mount=type=secret,id=npmrc --mount=type=secret,id=ca \
    set -eu; \
    if [ -s /run/secrets/npmrc ]; then export NPM_CONFIG_USERCONFIG=/run/secrets/npmrc; fi; \
    if [ -s /run/secrets/ca ]; then \
      export NPM_CONFIG_CAFILE=/run/secrets/ca NODE_EXTRA_CA_CERTS=/run/secrets/ca; \
    fi; \
    if ! command -v npm >/dev/null; then \
      node scripts/build/fetch-npm.mjs "$NPM_VERSION" "$NPM_INTEGRITY" /opt/npm /run/secrets/npmrc; \
      ln -s /opt/npm/bin/npm-cli.js /usr/local/bin/npm; \
    fi; \
    npm ci --no-audit --no-fund --ignore-scripts --cache /tmp/npm-cache; \
    rm -rf /tmp/npm-cache
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts/build/workflow-bundle.ts ./scripts/build/
# The compiled CLI and worker, the interpreter bundled ahead of time (workers load it instead of
# bundling for seconds at every start; dist/workflow-bundle.js, and
# dist/workflow-bundle.encoded-failures.js for workers with RUNBOOK_CODEC_KEYS), then production
# dependencies only.
RUN node_modules/.bin/tsc -p tsconfig.build.json \
  && node --import tsx scripts/build/workflow-bundle.ts \
  && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
  && rm -rf src scripts

FROM ${BASE_IMAGE}
ARG VERSION=dev
ARG REVISION=unknown
# git for pinned checkouts, bash for `shell: bash` steps, tini as PID 1 (forwards SIGTERM to the
# worker and reaps the orphans of step commands): installed only when the base lacks them. Then
# a numeric, non-root user of its own (Kubernetes' runAsNonRoot can check a number).
RUN set -eu; missing=''; \
    for tool in tini git bash; do command -v "$tool" >/dev/null || missing="$missing $tool"; done; \
    if [ -n "$missing" ]; then \
      apt-get update && apt-get install -y --no-install-recommends ca-certificates $missing \
      && rm -rf /var/lib/apt/lists/*; \
    fi; \
    echo 'runbook:x:10001:10001:runbook-runner:/var/lib/runbook-runner:/usr/sbin/nologin' >> /etc/passwd; \
    echo 'runbook:x:10001:' >> /etc/group; \
    mkdir -p /var/lib/runbook-runner; \
    chown 10001:10001 /var/lib/runbook-runner
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
ENV NODE_ENV=production \
    HOME=/var/lib/runbook-runner \
    RUNBOOK_HOME=/var/lib/runbook-runner \
    RUNBOOK_SHUTDOWN_GRACE=30s
USER 10001:10001
LABEL org.opencontainers.image.title="runbook-runner" \
      org.opencontainers.image.description="runbook worker: GitOps runbooks as durable Temporal workflows" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"
# SIGTERM: stop polling, let steps finish, cancel the rest, exit within RUNBOOK_SHUTDOWN_GRACE
# (give the orchestrator at least that: Kubernetes' terminationGracePeriodSeconds, `docker stop -t`).
STOPSIGNAL SIGTERM
# Healthy while the worker rewrites its health file in state RUNNING (polling); see docs/image.md.
# The probe is `runbook worker --healthcheck` without loading the whole CLI.
HEALTHCHECK --interval=30s --timeout=20s --start-period=30s --retries=3 \
  CMD ["node", "/app/dist/worker/healthcheck-main.js"]
ENTRYPOINT ["tini", "--", "node", "/app/bin/runbook.js"]
CMD ["worker"]
