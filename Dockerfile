# One image for every service; the command picks which one runs.
FROM node:20-bookworm-slim AS base
WORKDIR /app
ENV NODE_ENV=production

FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM base AS runtime
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY domain ./domain
COPY app ./app
COPY db ./db
COPY demo ./demo
COPY gateway ./gateway
COPY platform ./platform
COPY schema ./schema
COPY subgraphs ./subgraphs
COPY scripts ./scripts
COPY web ./web
USER node
ENV HOST=0.0.0.0
EXPOSE 4000 4001 4002
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.SERVICE_PORT||4000)+'/_health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
CMD ["node", "--import", "tsx", "app/services/gateway.ts"]
