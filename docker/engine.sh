#!/usr/bin/env bash
# Makes sure a Docker engine answers. Idempotent and quiet when one already does.
# On Debian/Ubuntu as root it installs the distribution's engine and starts the
# daemon in the background; anywhere else it says what the user must do.
set -euo pipefail

log() { echo "[engine] $*" >&2; }

if docker info >/dev/null 2>&1; then
  exit 0
fi

if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  cat >&2 <<'MSG'
[engine] No Docker engine answers `docker info`.
[engine] Start Docker (e.g. `sudo systemctl start docker`, or Docker Desktop) and
[engine] make sure your user may use it, then run this command again.
MSG
  exit 2
fi

if ! command -v dockerd >/dev/null 2>&1 || ! command -v iptables >/dev/null 2>&1 \
   || ! command -v debootstrap >/dev/null 2>&1; then
  log "installing docker.io, debootstrap and iptables from the distribution's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq docker.io debootstrap iptables >/dev/null
fi

if ! pgrep -x dockerd >/dev/null 2>&1; then
  log "starting dockerd in the background (log: /var/log/faultline-dockerd.log)"
  setsid dockerd >/var/log/faultline-dockerd.log 2>&1 < /dev/null &
fi

for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    log "engine is up"
    exit 0
  fi
  sleep 1
done
log "dockerd did not answer within 60 s; see /var/log/faultline-dockerd.log"
exit 1
