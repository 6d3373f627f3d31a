#!/usr/bin/env bash
# Extracts etcd for hosts reached by SSH (the SSH environment copies it there): the binary the
# etcd image runs, from the same Debian etcd-server 3.4 .deb (build-etcd-image.sh), into
# docker/etcd/target/etcd. Skipped when it is there. FAULTLINE_ETCD_DEBS: a directory holding
# the etcd-server .deb, to extract without apt.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out="$here/etcd/target"
[ -x "$out/etcd" ] && exit 0
label=etcd-binary
. "$here/deb-image.sh"
ctx=$(mktemp -d /tmp/faultline-etcd-binary.XXXXXX)
trap 'rm -rf "$ctx"' EXIT
mkdir -p "$ctx/debs" "$ctx/root" "$out"
deb_fetch "$ctx/debs" FAULTLINE_ETCD_DEBS etcd-server
etcd_extract "$ctx/debs" "$ctx/root"
cp "$ctx/root/usr/bin/etcd" "$out/etcd.part"
mv "$out/etcd.part" "$out/etcd"
log "extracted $out/etcd (etcd-server $version)"
