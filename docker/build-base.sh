#!/usr/bin/env bash
# Builds a local JRE 17 base image without any container registry:
# debootstrap of Debian bookworm (minbase) with a headless JRE, iptables,
# iproute2, procps and fuse3 (for the power-loss file system, docker/powerfs), imported with `docker import`. Skipped when the image exists.
# The Debian mirror is read from this machine's apt sources, never hard-coded.
set -euo pipefail

IMAGE="${1:-faultline-base:bookworm}"
log() { echo "[base] $*" >&2; }

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  exit 0
fi
command -v debootstrap >/dev/null 2>&1 || {
  log "debootstrap is missing: run docker/engine.sh as root, or: apt-get install -y debootstrap"; exit 2; }

mirror_from_apt_sources() {
  local uri
  # deb822 sources (URIs: ...) first, then one-line sources (deb URI suite ...).
  uri=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null \
          | awk '{print $2}' | grep -E '/debian/?$' | head -n1 || true)
  if [ -z "$uri" ]; then
    uri=$(grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
            | awk '{for (i=2;i<=NF;i++) if ($i ~ /^(https?|file):/) {print $i; exit}}' \
            | grep -E '/debian/?$' | head -n1 || true)
  fi
  echo "$uri"
}

MIRROR="${FAULTLINE_DEBIAN_MIRROR:-$(mirror_from_apt_sources)}"
[ -n "$MIRROR" ] || { log "no Debian mirror found in /etc/apt/sources*; set FAULTLINE_DEBIAN_MIRROR"; exit 2; }

ROOT=$(mktemp -d /tmp/faultline-base.XXXXXX)
trap 'rm -rf "$ROOT"' EXIT
log "debootstrap bookworm minbase into $ROOT (about a minute)"
debootstrap --variant=minbase \
  --include=openjdk-17-jre-headless,iptables,iproute2,procps,fuse3 \
  bookworm "$ROOT" "$MIRROR" >"$ROOT.log" 2>&1 || {
    log "debootstrap failed; last lines of $ROOT.log:"; tail -n 20 "$ROOT.log" >&2; exit 1; }
rm -rf "$ROOT"/var/cache/apt/archives/*.deb "$ROOT"/var/lib/apt/lists/*
tar -C "$ROOT" -c . | docker import \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["/bin/bash"]' - "$IMAGE" >/dev/null
rm -f "$ROOT.log"
log "built $IMAGE"
