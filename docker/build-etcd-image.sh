#!/usr/bin/env bash
# Builds the etcd image (default tag faultline-etcd:3.4) without any container
# registry: Debian's etcd-server and etcd-client packages are fetched with
# `apt-get download` from this machine's Debian mirror, their binaries extracted
# and copied onto the Faultline base image (docker/build-base.sh). Skipped when the
# image exists. Set FAULTLINE_ETCD_DEBS to a directory holding the two .deb files to
# build without apt. The power-loss file system (docker/powerfs) is compiled here and
# copied in.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
TAG="${1:-${FAULTLINE_ETCD_IMAGE:-faultline-etcd:3.4}}"
log() { echo "[etcd-image] $*" >&2; }

# An image from before the power-loss file system (no io.faultline.powerfs label) is rebuilt.
if [ "$(docker image inspect -f '{{index .Config.Labels "io.faultline.powerfs"}}' "$TAG" 2>/dev/null)" = "1" ]; then
  exit 0
fi

base="${FAULTLINE_BASE_IMAGE:-faultline-base:bookworm}"
if ! docker image inspect "$base" >/dev/null 2>&1; then
  bash "$here/build-base.sh" "$base"
fi

ctx=$(mktemp -d /tmp/faultline-etcd-image.XXXXXX)
trap 'rm -rf "$ctx"' EXIT
debs="$ctx/debs"
mkdir -p "$debs"
if [ -n "${FAULTLINE_ETCD_DEBS:-}" ]; then
  cp "$FAULTLINE_ETCD_DEBS"/etcd-server_*.deb "$FAULTLINE_ETCD_DEBS"/etcd-client_*.deb "$debs/"
else
  command -v apt-get >/dev/null 2>&1 || {
    log "apt-get is missing: set FAULTLINE_ETCD_DEBS to a directory with etcd-server and etcd-client .debs"; exit 2; }
  fetch() { (cd "$debs" && apt-get download -q etcd-server etcd-client) >"$ctx/apt.log" 2>&1; }
  if ! fetch; then
    log "apt-get download failed; running apt-get update once"
    apt-get update -q >"$ctx/apt.log" 2>&1 || true
    fetch || { log "apt-get download etcd-server etcd-client failed:"; cat "$ctx/apt.log" >&2; exit 1; }
  fi
fi
server=$(ls "$debs"/etcd-server_*.deb)
version=$(dpkg-deb -f "$server" Version)
case "$version" in
  3.4.*) ;;
  *) log "etcd-server $version is not 3.4 (the harness is written for Debian bookworm's 3.4)"; exit 2 ;;
esac
for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$ctx/root"; done
cp "$ctx/root/usr/bin/etcd" "$ctx/root/usr/bin/etcdctl" "$here/etcd/Dockerfile" "$ctx/"
bash "$here/powerfs/build.sh"
cp "$here/powerfs/target/faultline-powerfs" "$ctx/"
if ! docker build -q --build-arg "BASE_IMAGE=$base" --build-arg "ETCD_DEB_VERSION=$version" \
     -t "$TAG" "$ctx" >"$ctx/build.log" 2>&1; then
  log "docker build failed:"; cat "$ctx/build.log" >&2; exit 1
fi
log "built $TAG (etcd-server $version, base $base)"
