#!/usr/bin/env bash
# Builds the node image (default tag faultline-node:dev) from node/target.
# Base image: $FAULTLINE_BASE_IMAGE if set; else eclipse-temurin:17-jre when it is
# present or can be pulled; else a local faultline-base:bookworm (docker/build-base.sh).
# Docker's layer cache makes a rebuild with unchanged jars take about a second.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
TAG="${1:-${FAULTLINE_NODE_IMAGE:-faultline-node:dev}}"
log() { echo "[image] $*" >&2; }

jar="$root/node/target/faultline-node-0.1.0-SNAPSHOT.jar"
[ -f "$jar" ] && [ -d "$root/node/target/lib" ] || {
  log "node jar missing: build first (mvn -q package -DskipTests)"; exit 2; }

base="${FAULTLINE_BASE_IMAGE:-}"
if [ -z "$base" ]; then
  default=eclipse-temurin:17-jre
  if docker image inspect "$default" >/dev/null 2>&1 \
     || timeout 60 docker pull -q "$default" >/dev/null 2>&1; then
    base=$default
  else
    base=faultline-base:bookworm
    bash "$here/build-base.sh" "$base"
  fi
fi

ctx=$(mktemp -d /tmp/faultline-image.XXXXXX)
trap 'rm -rf "$ctx"' EXIT
mkdir -p "$ctx/lib"
cp "$here/node/Dockerfile" "$here/node/faultline-node" "$ctx/"
bash "$here/powerfs/build.sh"
cp "$here/powerfs/target/faultline-powerfs" "$ctx/"
cp "$jar" "$ctx/faultline-node.jar"
# Hard links keep the context cheap; the copy falls back when across devices.
cp -l "$root"/node/target/lib/*.jar "$ctx/lib/" 2>/dev/null || cp "$root"/node/target/lib/*.jar "$ctx/lib/"
if ! docker build -q --build-arg "BASE_IMAGE=$base" -t "$TAG" "$ctx" >"$ctx.log" 2>&1; then
  log "docker build failed:"; cat "$ctx.log" >&2; rm -f "$ctx.log"; exit 1
fi
rm -f "$ctx.log"
log "built $TAG (base $base)"
