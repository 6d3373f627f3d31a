# Sourced by the scripts that build a system's image from Debian's packages without any
# container registry (build-etcd-image.sh, build-nats-image.sh). They set `label` (the
# log prefix) first.

log() { echo "[$label] $*" >&2; }

# deb_start TAG NAME [LABEL]: ends the script when the image TAG exists (with LABEL set to 1,
# when one is named: an image from before that label is rebuilt); else sets `base` (the base
# image: $FAULTLINE_BASE_IMAGE, else faultline-base:bookworm, built when missing) and `ctx`
# (a build directory with debs/ and image/ in it, removed when the script ends).
deb_start() {
  if [ -n "${3:-}" ]; then
    [ "$(docker image inspect -f "{{index .Config.Labels \"$3\"}}" "$1" 2>/dev/null)" = "1" ] && exit 0
  else
    docker image inspect "$1" >/dev/null 2>&1 && exit 0
  fi
  base="${FAULTLINE_BASE_IMAGE:-faultline-base:bookworm}"
  if ! docker image inspect "$base" >/dev/null 2>&1; then
    bash "$(dirname "${BASH_SOURCE[0]}")/build-base.sh" "$base" >&2
  fi
  ctx=$(mktemp -d "/tmp/faultline-$2-image.XXXXXX")
  trap 'rm -rf "$ctx"' EXIT
  mkdir -p "$ctx/debs" "$ctx/image"
}

# deb_fetch DIR VAR PACKAGE...: the packages' .deb files into DIR, copied from the directory
# that the environment variable VAR names, else fetched with `apt-get download` from this
# machine's Debian mirror (with one `apt-get update` when the first try fails).
deb_fetch() {
  local dir=$1 var=$2; shift 2
  local from="${!var:-}" p
  if [ -n "$from" ]; then
    for p in "$@"; do cp "$from"/"${p}"_*.deb "$dir/"; done
    return
  fi
  command -v apt-get >/dev/null 2>&1 || {
    log "apt-get is missing: set $var to a directory with the $* .debs"; exit 2; }
  if ! (cd "$dir" && apt-get download -q "$@") >"$dir/../apt.log" 2>&1; then
    log "apt-get download failed; running apt-get update once"
    apt-get update -q >"$dir/../apt.log" 2>&1 || true
    (cd "$dir" && apt-get download -q "$@") >"$dir/../apt.log" 2>&1 || {
      log "apt-get download $* failed:"; cat "$dir/../apt.log" >&2; exit 1; }
  fi
}

# deb_build TAG CONTEXT [docker build arguments...]: builds quietly; the build log on failure.
deb_build() {
  local tag=$1 ctx=$2; shift 2
  if ! docker build -q "$@" -t "$tag" "$ctx" >"$ctx.build.log" 2>&1; then
    log "docker build failed:"; cat "$ctx.build.log" >&2; rm -f "$ctx.build.log"; exit 1
  fi
  rm -f "$ctx.build.log"
}

# nats_extract DEBS ROOT: the nats-server .deb in DEBS unpacked into ROOT; sets `version`, which must be 2.9.
nats_extract() {
  local server
  server=$(ls "$1"/nats-server_*.deb)
  version=$(dpkg-deb -f "$server" Version)
  case "$version" in
    2.9.*) ;;
    *) log "nats-server $version is not 2.9 (the harness is written for Debian bookworm's 2.9.10)"; exit 2 ;;
  esac
  dpkg-deb -x "$server" "$2"
}

# etcd_extract DEBS ROOT: the etcd .debs in DEBS unpacked into ROOT; sets `version` (etcd-server's), which must be 3.4.
etcd_extract() {
  local server deb
  server=$(ls "$1"/etcd-server_*.deb)
  version=$(dpkg-deb -f "$server" Version)
  case "$version" in
    3.4.*) ;;
    *) log "etcd-server $version is not 3.4 (the harness is written for Debian bookworm's 3.4)"; exit 2 ;;
  esac
  for deb in "$1"/*.deb; do dpkg-deb -x "$deb" "$2"; done
}
