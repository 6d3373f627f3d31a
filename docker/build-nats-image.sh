#!/usr/bin/env bash
# Builds the NATS image (default tag faultline-nats:2.9) without any container
# registry: Debian's nats-server package, and strace with libunwind8 (to watch what the
# file store syncs), are fetched with `apt-get download` from this machine's Debian
# mirror; nats-server's binary is extracted and copied onto the Faultline base image
# (docker/build-base.sh), strace is installed from its .deb. Skipped when the image
# exists. Set FAULTLINE_NATS_DEBS to a directory holding the three .deb files to build
# without apt.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
TAG="${1:-${FAULTLINE_NATS_IMAGE:-faultline-nats:2.9}}"
label=nats-image
. "$here/deb-image.sh"

# An image from before the power-loss file system (no io.faultline.powerfs label) is rebuilt.
deb_start "$TAG" nats io.faultline.powerfs
mkdir -p "$ctx/image/debs"
deb_fetch "$ctx/debs" FAULTLINE_NATS_DEBS nats-server strace libunwind8
nats_extract "$ctx/debs" "$ctx/root"
cp "$ctx/debs"/strace_*.deb "$ctx/debs"/libunwind8_*.deb "$ctx/image/debs/"
bash "$here/powerfs/build.sh"
cp "$ctx/root/usr/sbin/nats-server" "$here/nats/Dockerfile" "$here/powerfs/target/faultline-powerfs" "$ctx/image/"
deb_build "$TAG" "$ctx/image" --build-arg "BASE_IMAGE=$base" --build-arg "NATS_DEB_VERSION=$version"
log "built $TAG (nats-server $version, base $base)"
