#!/usr/bin/env bash
# Compiles faultline-powerfs (docker/powerfs/powerfs.c) into $1 (default docker/powerfs/target),
# with libfuse3 linked in statically: the binary then needs nothing in an image but glibc.
# It is built on this host (Debian 12, as the images' bookworm base). Installs gcc,
# pkg-config and libfuse3-dev when missing (as root with apt-get); skipped when the binary
# is newer than its source.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out="${1:-$here/target}"
bin="$out/faultline-powerfs"
log() { echo "[powerfs] $*" >&2; }

mkdir -p "$out"
# Rebuilt when the source or this script (its compiler flags) changed.
if [ -x "$bin" ] && [ "$bin" -nt "$here/powerfs.c" ] && [ "$bin" -nt "$here/build.sh" ]; then
  exit 0
fi
have_tools() {
  command -v gcc >/dev/null 2>&1 && command -v pkg-config >/dev/null 2>&1 && pkg-config --exists fuse3 2>/dev/null \
    && [ -f "$(pkg-config --variable=libdir fuse3)/libfuse3.a" ]
}
if ! have_tools; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    log "installing gcc, pkg-config and libfuse3-dev"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq gcc pkg-config libfuse3-dev >/dev/null 2>&1 || {
      apt-get update -qq >/dev/null && apt-get install -y -qq gcc pkg-config libfuse3-dev >/dev/null; }
  fi
  have_tools || { log "gcc, pkg-config and libfuse3-dev are needed (Debian: apt-get install gcc pkg-config libfuse3-dev)"; exit 2; }
fi
libdir=$(pkg-config --variable=libdir fuse3)
gcc -O2 -Wall -Wextra -o "$bin.part" "$here/powerfs.c" $(pkg-config --cflags fuse3) \
  "$libdir/libfuse3.a" -lpthread -ldl
mv "$bin.part" "$bin"
log "built $bin"
