#!/usr/bin/env bash
# Builds the production image from the Dockerfile and boots it for real: every service in its
# own container against the machine's Postgres; a trajectory submitted and read back through
# the gateway; health and readiness of each; then removes what it made. Prints the image size
# and the stack's boot time.
#
# No registry is reachable here, so the Dockerfile's base image (node:24-bookworm-slim) is made
# locally: a Debian bookworm rootfs (debootstrap) with this machine's Node.js and npm, imported
# and tagged with the base image's name. .ci/run puts Node 24 first on the PATH, so that is the
# Node the base carries. The Dockerfile itself is the one a registry build uses.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_URL_BASE=${PG_URL_BASE:-postgres://postgres@127.0.0.1:5432}
BASE_IMAGE=docker.io/library/node:24-bookworm-slim
IMAGE=localhost/medillustrator:ci-$$
DB=mi_image_$$
ADMIN_KEY="mi-image-check-admin-key-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
IDENTITY_SECRET="image-check-identity-secret-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
# Ports away from the defaults, so a platform running on this machine is not disturbed.
declare -A PORTS=([gateway]=14400 [trajectory]=14401 [reward]=14402 [metrics]=14403 [access]=14404 [model]=14405)
PODMAN=(podman --runtime /usr/sbin/runc)
WORK=$(mktemp -d)
containers=()

cleanup() {
  for c in "${containers[@]}"; do "${PODMAN[@]}" rm -f "$c" >/dev/null 2>&1 || true; done
  "${PODMAN[@]}" rmi -f "$IMAGE" >/dev/null 2>&1 || true
  psql "$PG_URL_BASE/postgres" -qc "drop database if exists $DB with (force)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# crun (podman's default) fails on this machine's cgroups, and containers may not set ulimits
# here: a config of this check's own (CONTAINERS_CONF), so the machine's is left alone.
printf '[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\n' >"$WORK/containers.conf"
export CONTAINERS_CONF="$WORK/containers.conf"

if ! "${PODMAN[@]}" image exists "$BASE_IMAGE"; then
  echo "-- base image: debootstrap bookworm + this machine's Node $(node --version)"
  rootfs="$WORK/rootfs"
  debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >"$WORK/debootstrap.log" 2>&1 ||
    { tail -20 "$WORK/debootstrap.log"; exit 1; }
  install -m 0755 "$(command -v node)" "$rootfs/usr/local/bin/node"
  mkdir -p "$rootfs/usr/local/lib/node_modules"
  cp -a "$(dirname "$(readlink -f "$(command -v npm)")")/.." "$rootfs/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  chroot "$rootfs" useradd --uid 1000 --create-home --shell /bin/sh node
  # The CAs this machine trusts (its network reaches the npm registry through them), as the
  # official image trusts the public ones.
  mkdir -p "$rootfs/etc/ssl/certs"
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | "${PODMAN[@]}" import --change 'CMD ["node"]' \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' - "$BASE_IMAGE" >/dev/null
fi

echo "-- podman build"
build_started=$(date +%s)
"${PODMAN[@]}" build --pull=never --network host -t "$IMAGE" -f Dockerfile . >"$WORK/build.log" 2>&1 ||
  { tail -40 "$WORK/build.log"; exit 1; }
echo "   built in $(($(date +%s) - build_started)) s"
size=$("${PODMAN[@]}" image inspect --format '{{.Size}}' "$IMAGE")
echo "   image size: $((size / 1024 / 1024)) MiB"
user=$("${PODMAN[@]}" image inspect --format '{{.Config.User}}' "$IMAGE")
[ "$user" = node ] || { echo "image runs as '$user', not node"; exit 1; }
"${PODMAN[@]}" run --rm --network host "$IMAGE" sh -c 'test ! -e node_modules/typescript && test ! -e node_modules/vitest && test -f dist/app/services/gateway.js' ||
  { echo "image holds dev dependencies or lacks the compiled services"; exit 1; }

psql "$PG_URL_BASE/postgres" -qc "create database $DB" >/dev/null
DATABASE_URL="$PG_URL_BASE/$DB"
common=(--network host -e NODE_ENV=production -e LOG_LEVEL=warn -e HOST=127.0.0.1 -e "DATABASE_URL=$DATABASE_URL"
  -e "IDENTITY_SECRET=$IDENTITY_SECRET" -e "ADMIN_API_KEY=$ADMIN_KEY" -e TRAINING_CONCURRENCY=0)
for name in trajectory reward metrics access model; do
  common+=(-e "${name^^}_PORT=${PORTS[$name]}" -e "${name^^}_URL=http://127.0.0.1:${PORTS[$name]}/graphql")
done

echo "-- boot: migrations, then five subgraphs and the gateway, each in its own container"
boot_started=$(date +%s.%N)
"${PODMAN[@]}" run --rm "${common[@]}" "$IMAGE" node dist/scripts/migrate.js
for name in trajectory reward metrics access model; do
  c="mi-ci-$name-$$"
  "${PODMAN[@]}" run -d --name "$c" "${common[@]}" -e "SERVICE_PORT=${PORTS[$name]}" "$IMAGE" node "dist/app/services/$name.js" >/dev/null
  containers+=("$c")
done
c="mi-ci-gateway-$$"
"${PODMAN[@]}" run -d --name "$c" "${common[@]}" -e "PORT=${PORTS[gateway]}" -e "SERVICE_PORT=${PORTS[gateway]}" "$IMAGE" >/dev/null
containers+=("$c")

gateway="http://127.0.0.1:${PORTS[gateway]}"
for _ in $(seq 1 120); do
  curl -fsS "$gateway/_readiness" >/dev/null 2>&1 && break
  sleep 0.5
done
if ! curl -fsS "$gateway/_readiness" >/dev/null; then
  for c in "${containers[@]}"; do echo "== $c"; "${PODMAN[@]}" logs --tail 20 "$c" || true; done
  exit 1
fi
boot=$(echo "$(date +%s.%N) - $boot_started" | bc)
printf '   stack ready (migrations + 6 containers) in %.1f s\n' "$boot"

for name in "${!PORTS[@]}"; do
  curl -fsS "http://127.0.0.1:${PORTS[$name]}/_health" | grep -q '"ok"' || { echo "$name: /_health failed"; exit 1; }
  curl -fsS "http://127.0.0.1:${PORTS[$name]}/_readiness" | grep -q 'ready' || { echo "$name: /_readiness failed"; exit 1; }
done
echo "   /_health and /_readiness answer on all six services"

echo "-- a trajectory through the gateway, stored and read back"
body=$(node -e 'const fs=require("fs");const v=JSON.parse(fs.readFileSync("examples/variables/submit-trajectory.json","utf8"));v.input.idempotencyKey="image-check-'$$'";process.stdout.write(JSON.stringify({query:fs.readFileSync("examples/submit-trajectory.graphql","utf8"),variables:v}))')
submitted=$(curl -fsS "$gateway/graphql" -H 'content-type: application/json' -H "authorization: Bearer $ADMIN_KEY" -d "$body")
id=$(node -e 'const r=JSON.parse(process.argv[1]);if(!r.data?.submitTrajectory?.created){console.error(JSON.stringify(r));process.exit(1)}process.stdout.write(r.data.submitTrajectory.trajectory.id)' "$submitted")
read=$(curl -fsS "$gateway/graphql" -H 'content-type: application/json' -H "authorization: Bearer $ADMIN_KEY" \
  -d "{\"query\":\"{ trajectory(id: \\\"$id\\\") { id status reward { total } } }\"}")
node -e 'const r=JSON.parse(process.argv[1]);const t=r.data?.trajectory;if(!t||t.id!==process.argv[2]||!(t.reward?.total>0)){console.error(JSON.stringify(r));process.exit(1)}console.log("   stored "+t.id+" ("+t.status+", reward "+t.reward.total.toFixed(3)+"), read back through the gateway")' "$read" "$id"

echo "-- the console and GraphiQL, built into the image"
curl -fsS "$gateway/" | grep -q '<title>MedIllustrator-AI console</title>' || { echo "the gateway does not serve the console at /"; exit 1; }
curl -fsS "$gateway/graphiql" | grep -q '<title>GraphiQL' || { echo "the gateway does not serve GraphiQL at /graphiql"; exit 1; }
echo "   / serves the console, /graphiql GraphiQL"

echo "-- the deploy workflows' smoke tests against the containers"
SMOKE_URL="$gateway/graphql" SMOKE_KEY="$ADMIN_KEY" npx tsx scripts/smoke.ts

echo "== image check passed: $((size / 1024 / 1024)) MiB, stack ready in $(printf '%.1f' "$boot") s"
