#!/usr/bin/env bash
# Builds the SSH host image (default tag faultline-ssh-host:bookworm) without any container
# registry: apt resolves openssh-server against the base image's own package list
# (its /var/lib/dpkg/status), downloads only what the base lacks from this machine's
# Debian mirror, and the image installs those .debs on the Faultline base image
# (docker/build-base.sh). Skipped when the image exists. FAULTLINE_SSH_DEBS: a directory
# holding the .debs, to build without apt.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
TAG="${1:-${FAULTLINE_SSH_HOST_IMAGE:-faultline-ssh-host:bookworm}}"
label=ssh-host-image
. "$here/deb-image.sh"

deb_start "$TAG" ssh-host
debs="$ctx/image/debs"
mkdir -p "$debs/partial"
if [ -n "${FAULTLINE_SSH_DEBS:-}" ]; then
  cp "$FAULTLINE_SSH_DEBS"/*.deb "$debs/"
else
  command -v apt-get >/dev/null 2>&1 || {
    log "apt-get is missing: set FAULTLINE_SSH_DEBS to a directory with openssh-server and the .debs it needs"; exit 2; }
  docker run --rm --entrypoint cat "$base" /var/lib/dpkg/status > "$ctx/status"
  fetch() {
    apt-get -q -y --no-install-recommends -o Dir::State::status="$ctx/status" -o Dir::Cache::archives="$debs" \
      -o Debug::NoLocking=1 --download-only install openssh-server >"$ctx/apt.log" 2>&1
  }
  if ! fetch; then
    log "apt-get download failed; running apt-get update once"
    apt-get update -q >"$ctx/apt.log" 2>&1 || true
    fetch || { log "downloading openssh-server failed:"; cat "$ctx/apt.log" >&2; exit 1; }
  fi
fi
rmdir "$debs/partial" 2>/dev/null || true
ls "$debs"/openssh-server_*.deb >/dev/null 2>&1 || { log "no openssh-server .deb in $debs"; exit 2; }
cp "$here/ssh-host/Dockerfile" "$here/ssh-host/entrypoint.sh" "$ctx/image/"
deb_build "$TAG" "$ctx/image" --build-arg "BASE_IMAGE=$base"
log "built $TAG ($(cd "$debs" && ls | tr '\n' ' '))"
