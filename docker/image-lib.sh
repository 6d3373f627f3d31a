# Sourced by the image scripts: exits when the image exists, builds the base image when missing.
# Needs: TAG (the image to build), here (the docker/ folder), log().

# Stops the calling script (exit 0) when $TAG exists already.
skip_if_built() {
  if docker image inspect "$TAG" >/dev/null 2>&1; then exit 0; fi
}

# Sets base to the Faultline base image, building it when the engine lacks it.
ensure_base() {
  base="${FAULTLINE_BASE_IMAGE:-faultline-base:bookworm}"
  if ! docker image inspect "$base" >/dev/null 2>&1; then
    bash "$here/build-base.sh" "$base"
  fi
}
