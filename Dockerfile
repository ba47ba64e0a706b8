# syntax=docker/dockerfile:1
# One image for every role: the API (default CMD), the worker (node dist/src/main.worker.js) and
# the one-shot migrate/seed jobs (node dist/src/cli/migrate.js, node dist/src/cli/seed.js).
# See docs/operations.md and docker-compose.yml.

# ---- build: full dependency tree, compile TypeScript, then drop the dev dependencies -----------
FROM node:22-bookworm-slim AS build
WORKDIR /app
ENV CI=true \
    SCARF_ANALYTICS=false \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false

# Manifests first, so that the dependency layer is reused while only the sources change.
# .npmrc carries legacy-peer-deps, which npm ci and npm prune both need.
COPY package.json package-lock.json .npmrc ./
RUN npm ci

# Everything else the build reads (src/, migrations/, tsconfig*.json, nest-cli.json, .swcrc);
# .dockerignore keeps node_modules, dist, .git, tests and local secrets out.
COPY . .
RUN npm run build \
 && npm prune --omit=dev \
 && npm cache clean --force

# ---- runtime: compiled code and production dependencies only, as an unprivileged user -------
FROM node:22-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    PORT=3000

# Owned by root and read-only for the app user: the app writes nothing in its own tree.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The guides served at /guides/<name>, linked from the landing page.
COPY --from=build /app/docs ./docs

# The "node" user (uid 1000) ships with the official image.
USER node
EXPOSE 3000
# SIGTERM starts the app's graceful shutdown; run with an init (`docker run --init`, compose
# `init: true`) so that signals are forwarded and zombies reaped.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
