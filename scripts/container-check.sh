#!/usr/bin/env bash
# Builds the project's image without any container registry and runs it for real:
#   1. a Debian bookworm base from the apt mirror (debootstrap --variant=minbase) plus this machine's
#      Node.js 20 and npm (Debian's nodejs is 18), imported with `podman import` as a local image.
#      Cached: the image (and its rootfs tarball under $HOMELAB_BASE_CACHE) is reused on reruns.
#   2. `podman build --build-arg BASE_IMAGE=<that base>` of the Dockerfile (npm ci inside the build
#      reaches the npm registry over the host's network).
#   3. a studio container and a collector container (same image) delivering to it; from the host:
#      GET /healthz answers, and readings the collector was sent arrive in GET /api/v1/readings.
# Runtime: runc (crun fails on this machine's hybrid cgroups), host networking, explicit ulimits.
# Every container and image it creates is removed on exit except the cached base and build stage.
# Usage: scripts/container-check.sh   (root; podman, runc, debootstrap on PATH)
set -euo pipefail
cd "$(dirname "$0")/.."

# One check at a time per machine: runs share the cached base and build-stage tags, and each
# one's prune at exit could remove layers another run's build is still using; two podman builds
# at once on a small machine also just take twice as long each.
LOCK=${HOMELAB_CONTAINER_LOCK:-/var/lock/homelab-container-check.lock}
exec 9>"$LOCK"
if ! flock -n 9; then
  echo "== waiting for another container check on this machine ($LOCK)"
  flock 9
fi

CACHE=${HOMELAB_BASE_CACHE:-/var/cache/homelab-container}
BASE=${HOMELAB_BASE_IMAGE:-localhost/homelab-base:bookworm-node20}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
TAG="localhost/homelab-edge:check-$$"
NAME="homelab-check-$$"
RUN=(podman run --runtime runc --network host --ulimit nofile=20000:20000 --ulimit nproc=4096:4096)
NODE_BIN=$(readlink -f "$(command -v node)")
CA_BUNDLE=${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}
NPM_DIR=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")   # …/lib/node_modules/npm
t0=$SECONDS
step() { echo "== [$((SECONDS - t0))s] $*"; }

cleanup() {
  podman rm -f "$NAME-collector" "$NAME-studio" >/dev/null 2>&1 || true
  podman rmi -f "$TAG" >/dev/null 2>&1 || true
  podman image prune -f >/dev/null 2>&1 || true   # the build stage's dangling layers
  [ -n "${ROOTFS:-}" ] && rm -rf "$ROOTFS"
  [ -n "${DATA:-}" ] && rm -rf "$DATA"
  return 0
}
trap cleanup EXIT

# 1. The base: reuse the image, else the cached tarball, else debootstrap.
node_ver=$("$NODE_BIN" --version)
if podman image exists "$BASE" && [ "$("${RUN[@]}" --rm "$BASE" node --version 2>/dev/null)" = "$node_ver" ]; then
  step "base $BASE cached (node $node_ver)"
else
  mkdir -p "$CACHE"
  tarball="$CACHE/bookworm-minbase-node-$node_ver.tar"
  if [ ! -s "$tarball" ]; then
    ROOTFS=$(mktemp -d /var/tmp/homelab-rootfs-XXXXXX)
    step "debootstrap bookworm minbase from $MIRROR"
    debootstrap --variant=minbase bookworm "$ROOTFS" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
      || { tail -20 "$CACHE/debootstrap.log" >&2; exit 1; }
    step "adding node $node_ver ($NODE_BIN) and npm ($NPM_DIR)"
    install -m 0755 "$NODE_BIN" "$ROOTFS/usr/bin/node"
    mkdir -p "$ROOTFS/usr/lib/node_modules"
    cp -a "$NPM_DIR" "$ROOTFS/usr/lib/node_modules/npm"
    ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$ROOTFS/usr/bin/npm"
    ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$ROOTFS/usr/bin/npx"
    # Node's headers: node-gyp compiles better-sqlite3 (no prebuilt binary: github.com is out of
    # reach) and would fetch them from nodejs.org, which is out of reach too (npm_config_nodedir).
    cp -a "$(dirname "$(dirname "$NODE_BIN")")/include/node" "$ROOTFS/usr/include/node"
    # This machine's trust store: the npm registry is reached through an egress proxy whose CA only
    # the host's bundle holds, and minbase has no ca-certificates (Node reads NODE_EXTRA_CA_CERTS).
    mkdir -p "$ROOTFS/etc/ssl/certs"
    cp "$CA_BUNDLE" "$ROOTFS/etc/ssl/certs/ca-certificates.crt"
    rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/*
    tar -C "$ROOTFS" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
    rm -rf "$ROOTFS"; ROOTFS=
  fi
  step "podman import $tarball as $BASE"
  podman import -q --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
    --change 'ENV npm_config_nodedir=/usr' --change 'CMD ["node"]' \
    "$tarball" "$BASE" >/dev/null
fi

# 2. The project's image on that base. The build stage is kept under a tag of its own so that its
# layers survive the prune at exit: the next run reuses the `npm ci` layer (which compiles
# better-sqlite3, most of the build's time) unless package.json or the lockfile changed.
BUILD_CACHE=${HOMELAB_BUILD_CACHE_IMAGE:-localhost/homelab-edge-build:cache}
BUILD=(podman build --runtime runc --network host --ulimit nofile=20000:20000 --ulimit nproc=4096:4096
  --build-arg BASE_IMAGE="$BASE" -f Dockerfile)
step "podman build --build-arg BASE_IMAGE=$BASE (build stage cached as $BUILD_CACHE)"
{ "${BUILD[@]}" --target build -t "$BUILD_CACHE" . && "${BUILD[@]}" -t "$TAG" . ; } \
  >"${TMPDIR:-/tmp}/$NAME-build.log" 2>&1 || { tail -40 "${TMPDIR:-/tmp}/$NAME-build.log" >&2; exit 1; }
rm -f "${TMPDIR:-/tmp}/$NAME-build.log"
step "built $TAG ($(podman image inspect --format '{{.Size}}' "$TAG") bytes)"

# 3. Studio + collector. Random free ports: other suites share this machine's loopback.
free_port() { "$NODE_BIN" -e 's=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
STUDIO_PORT=$(free_port); EDGE_PORT=$(free_port); EDGE_OPS=$(free_port)
DATA=$(mktemp -d /var/tmp/homelab-check-data-XXXXXX); chmod 0777 "$DATA"; mkdir -m 0777 "$DATA/studio" "$DATA/edge"
step "studio on 127.0.0.1:$STUDIO_PORT"
"${RUN[@]}" -d --name "$NAME-studio" -v "$DATA/studio:/data" "$TAG" \
  studio --host 127.0.0.1 --port "$STUDIO_PORT" --data-dir /data >/dev/null
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$STUDIO_PORT/healthz" >/dev/null 2>&1 && break; sleep 1; done
curl -fsS "http://127.0.0.1:$STUDIO_PORT/healthz" || { podman logs "$NAME-studio" >&2; exit 1; }
echo
step "studio answers /healthz"

step "collector on 127.0.0.1:$EDGE_PORT delivering to the studio"
"${RUN[@]}" -d --name "$NAME-collector" -v "$DATA/edge:/data" -e REAL_HEALTH=0 "$TAG" \
  edge --node pi-container --location lab --port "$EDGE_PORT" --data-dir /data \
  --studio-url "http://127.0.0.1:$STUDIO_PORT" >/dev/null
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$EDGE_PORT/healthz" >/dev/null 2>&1 && break; sleep 1; done
curl -fsS "http://127.0.0.1:$EDGE_PORT/healthz" >/dev/null || { podman logs "$NAME-collector" >&2; exit 1; }

# Readings sent to the collector's POST /push: two in each of three past 5-minute windows, then one
# in a fourth, which closes the third (a window closes when a later reading of its series arrives).
# Normal data leaves the node as one aggregate per window, so the studio must show three 5-minute
# points of exactly these counts, minima and maxima: nothing lost, nothing invented.
W=300000
base=$(( ($(date +%s) * 1000 / W - 6) * W ))
lines=""
for i in 0 1 2; do
  lines+="box-temperature temperature $((20 + i)).25 $((base + i * W + 60000))"$'\n'
  lines+="box-temperature temperature $((20 + i)).75 $((base + i * W + 120000))"$'\n'
done
lines+="box-temperature temperature 23.5 $((base + 3 * W + 60000))"$'\n'
step "pushing 7 readings to the collector"
curl -fsS -X POST -H 'content-type: text/plain' --data-binary "$lines" "http://127.0.0.1:$EDGE_PORT/push"
echo
q="node=pi-container&sensor=box-temperature&from=$base&to=$((base + 3 * W))&step=5m"
got=""
for _ in $(seq 1 60); do
  got=$(curl -fsS "http://127.0.0.1:$STUDIO_PORT/api/v1/readings?$q" || true)
  node -e 'const p=JSON.parse(process.argv[1]).points; process.exit(p.length===3?0:1)' "$got" 2>/dev/null && break
  sleep 1
done
echo "$got"
BASE_MS=$base W=$W node -e '
  const { points } = JSON.parse(process.argv[1]);
  const base = Number(process.env.BASE_MS), w = Number(process.env.W);
  const want = [0, 1, 2].map((i) => ({ t: base + i * w, count: 2, min: 20 + i + 0.25, max: 20 + i + 0.75 }));
  const fmt = (p) => JSON.stringify({ t: p.t, count: p.count, min: p.min, max: p.max });
  const seen = points.map((p) => ({ t: p.t ?? p.ts ?? p.bucket, count: p.count, min: p.min, max: p.max }));
  if (JSON.stringify(seen.map(fmt)) !== JSON.stringify(want.map(fmt))) {
    console.error("!! the studio shows", JSON.stringify(seen), "expected", JSON.stringify(want)); process.exit(1);
  }' "$got" || { podman logs "$NAME-collector" 2>&1 | tail -20 >&2; exit 1; }
step "the studio holds the collector's 3 windows (6 readings: counts, min, max as sent)"
echo "OK container check in $((SECONDS - t0))s"
