# The runbook-runner worker image: `runbook worker` against a Temporal cluster.
#   docker build -t runbook-runner .
#   docker run -e TEMPORAL_ADDRESS=temporal-frontend:7233 runbook-runner
# Steps run `git` (pinned checkouts) and the commands runbooks name, so the image carries git and
# bash; add the tools your runbooks call (kubectl, helm, …) in a derived image.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The worker needs the compiled CLI only (`npm run build` also bundles the GitHub Action).
RUN npx tsc -p tsconfig.build.json && npm prune --omit=dev

FROM node:20-bookworm-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends git bash ca-certificates tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
ENV NODE_ENV=production RUNBOOK_HOME=/var/lib/runbook-runner
RUN mkdir -p /var/lib/runbook-runner && chown node:node /var/lib/runbook-runner
USER node
# tini forwards SIGTERM so the worker drains gracefully on rollout.
ENTRYPOINT ["/usr/bin/tini", "--", "node", "bin/runbook.js"]
CMD ["worker"]
