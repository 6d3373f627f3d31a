#!/usr/bin/env bash
# Builds the NATS image (default tag faultline-nats:2.9) without any container
# registry: Debian's nats-server package, and strace with libunwind8 (to watch the file
# store's syncs), are fetched with `apt-get download` from this machine's Debian mirror;
# nats-server's binary is extracted and copied onto the Faultline base image
# (docker/build-base.sh), strace is installed from its .deb. Skipped when the image
# exists. Set FAULTLINE_NATS_DEBS to a directory holding the three .deb files to build
# without apt.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
TAG="${1:-${FAULTLINE_NATS_IMAGE:-faultline-nats:2.9}}"
log() { echo "[nats-image] $*" >&2; }

if docker image inspect "$TAG" >/dev/null 2>&1; then
  exit 0
fi

base="${FAULTLINE_BASE_IMAGE:-faultline-base:bookworm}"
if ! docker image inspect "$base" >/dev/null 2>&1; then
  bash "$here/build-base.sh" "$base"
fi

packages=(nats-server strace libunwind8)
ctx=$(mktemp -d /tmp/faultline-nats-image.XXXXXX)
trap 'rm -rf "$ctx"' EXIT
debs="$ctx/debs"
mkdir -p "$debs"
if [ -n "${FAULTLINE_NATS_DEBS:-}" ]; then
  for p in "${packages[@]}"; do cp "$FAULTLINE_NATS_DEBS"/"${p}"_*.deb "$debs/"; done
else
  command -v apt-get >/dev/null 2>&1 || {
    log "apt-get is missing: set FAULTLINE_NATS_DEBS to a directory with the ${packages[*]} .debs"; exit 2; }
  fetch() { (cd "$debs" && apt-get download -q "${packages[@]}") >"$ctx/apt.log" 2>&1; }
  if ! fetch; then
    log "apt-get download failed; running apt-get update once"
    apt-get update -q >"$ctx/apt.log" 2>&1 || true
    fetch || { log "apt-get download ${packages[*]} failed:"; cat "$ctx/apt.log" >&2; exit 1; }
  fi
fi
server=$(ls "$debs"/nats-server_*.deb)
version=$(dpkg-deb -f "$server" Version)
case "$version" in
  2.9.*) ;;
  *) log "nats-server $version is not 2.9 (the harness is written for Debian bookworm's 2.9.10)"; exit 2 ;;
esac
dpkg-deb -x "$server" "$ctx/root"
rm "$server"
cp "$ctx/root/usr/sbin/nats-server" "$here/nats/Dockerfile" "$ctx/"
if ! docker build -q --build-arg "BASE_IMAGE=$base" --build-arg "NATS_DEB_VERSION=$version" \
     -t "$TAG" "$ctx" >"$ctx/build.log" 2>&1; then
  log "docker build failed:"; cat "$ctx/build.log" >&2; exit 1
fi
log "built $TAG (nats-server $version, base $base)"
