#!/usr/bin/env bash
# host-binary.sh etcd|nats: extracts a system's server for hosts reached by SSH (the SSH
# environment copies it there): the binary the system's image runs, from the same Debian .deb
# (build-etcd-image.sh, build-nats-image.sh), into docker/<system>/target/. Skipped when it is
# there. FAULTLINE_ETCD_DEBS / FAULTLINE_NATS_DEBS: a directory holding the .debs, to extract
# without apt.
set -euo pipefail

system=${1:?usage: host-binary.sh etcd|nats}
here=$(cd "$(dirname "$0")" && pwd)
case "$system" in
  etcd) binary=etcd; from=usr/bin/etcd; debs=FAULTLINE_ETCD_DEBS; package=etcd-server ;;
  nats) binary=nats-server; from=usr/sbin/nats-server; debs=FAULTLINE_NATS_DEBS; package=nats-server ;;
  *) echo "host-binary.sh: no host binary for '$system' (etcd or nats)" >&2; exit 2 ;;
esac
out="$here/$system/target"
[ -x "$out/$binary" ] && exit 0
label=$system-binary
. "$here/deb-image.sh"
ctx=$(mktemp -d "/tmp/faultline-$system-binary.XXXXXX")
trap 'rm -rf "$ctx"' EXIT
mkdir -p "$ctx/debs" "$ctx/root" "$out"
deb_fetch "$ctx/debs" "$debs" "$package"
"${system}_extract" "$ctx/debs" "$ctx/root"
cp "$ctx/root/$from" "$out/$binary.part"
mv "$out/$binary.part" "$out/$binary"
log "extracted $out/$binary ($package $version)"
