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
label=etcd-image
. "$here/deb-image.sh"

# An image from before the power-loss file system (no io.faultline.powerfs label) is rebuilt.
deb_start "$TAG" etcd io.faultline.powerfs
deb_fetch "$ctx/debs" FAULTLINE_ETCD_DEBS etcd-server etcd-client
etcd_extract "$ctx/debs" "$ctx/root"
bash "$here/powerfs/build.sh"
cp "$ctx/root/usr/bin/etcd" "$ctx/root/usr/bin/etcdctl" "$here/etcd/Dockerfile" "$here/powerfs/target/faultline-powerfs" "$ctx/image/"
deb_build "$TAG" "$ctx/image" --build-arg "BASE_IMAGE=$base" --build-arg "ETCD_DEB_VERSION=$version"
log "built $TAG (etcd-server $version, base $base)"
