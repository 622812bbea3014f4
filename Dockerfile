# One image for every service; the command picks which one runs:
#   node dist/app/services/<gateway|trajectory|reward|metrics|access|model>.js
#   node dist/scripts/migrate.js                      (run the migrations once, under a lock)
#   node dist/scripts/apikey.js create --role admin --name ops
# Compiled JavaScript (no TypeScript loader at run time), production dependencies only, non-root.
FROM node:24-bookworm-slim AS base
WORKDIR /app

# Compile with the full toolchain.
FROM base AS build
COPY package.json package-lock.json ./
# Fixes to dependencies, applied by patch-package after install (see patches/).
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY domain ./domain
COPY db ./db
COPY platform ./platform
COPY gateway ./gateway
COPY subgraphs ./subgraphs
COPY app ./app
COPY scripts ./scripts
COPY demo ./demo
COPY schema ./schema
RUN npm run build
# The console and GraphiQL (Vite, from web/ and the generated client operations) into dist/web.
COPY web ./web
COPY examples ./examples
RUN npm run build:web

# Production dependencies only. @tensorflow/tfjs-node is optional: where its native library can
# be downloaded the model service trains natively, elsewhere npm drops it and WebAssembly runs.
FROM base AS deps
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM base AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY --from=build /app/dist ./dist
# Read at run time: the SDL and the committed supergraph (the gateway's pages are in dist/web).
COPY schema ./schema
# The trusted documents' manifest (TRUSTED_DOCUMENTS=require runs these operations only).
COPY examples/generated/persisted-documents.json ./examples/generated/
# Where the filesystem image store writes (IMAGE_DIR=/images in compose; DATA_DIR's default
# otherwise), owned by the user the services run as; a named volume mounted there inherits it.
RUN mkdir -p /images /app/.data && chown node:node /images /app/.data
USER node
EXPOSE 4000 4001 4002 4003 4004 4005
# Liveness; each service answers on its own port (SERVICE_PORT), readiness is /_readiness.
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.SERVICE_PORT||4000)+'/_health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
CMD ["node", "dist/app/services/gateway.js"]
