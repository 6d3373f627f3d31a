#!/usr/bin/env bash
# Runs `faultline bench-checker`'s generated shapes, then Porcupine on the very same files, on
# this machine, in one go (see docs/checker.md#benchmark).
#
#   checker/porcupine-driver/compare.sh PORCUPINE_CHECKOUT [bench-checker options...]
#
# PORCUPINE_CHECKOUT is a local clone of github.com/anishathalye/porcupine (it has no
# dependencies, so the driver builds offline). SEED (default 1) picks the histories,
# SHAPES_DIR (default $TMPDIR/faultline-shapes) keeps them, FAULTLINE_JAVA_OPTS defaults to
# -Xms2g -Xmx2g (a fixed heap: G1 shrinks a growable one after the System.gc() the bench runs
# before each timed check, and the young collections that follow land inside the check), TIMEOUT (default 60s) is Porcupine's budget per file and PORCUPINE_MAX_GIB (default
# 8) caps its address space (it grows by hundreds of MiB a second on the hardest shapes).
# Options after the checkout go to bench-checker: --shapes-match kv-mixed checks only the
# shapes of Porcupine's kv workload, for example.
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: $0 PORCUPINE_CHECKOUT [bench-checker options...]" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
porcupine=$(cd "$1" && pwd)
shift
seed=${SEED:-1}
dir=${SHAPES_DIR:-${TMPDIR:-/tmp}/faultline-shapes}

build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
cp "$here/main.go" "$here/go.mod" "$build/"
(cd "$build" && go mod edit -replace "github.com/anishathalye/porcupine=$porcupine" \
  && GOFLAGS=-mod=mod GOPROXY=off go build -o porcupinedriver .)

FAULTLINE_JAVA_OPTS=${FAULTLINE_JAVA_OPTS:--Xms2g -Xmx2g} "$root/faultline" bench-checker --skip-reference \
  --generated-ops 0 --seed "$seed" --shapes-dir "$dir" "$@"

echo
echo "Porcupine on the same files (check time, peak Go heap):"
# bench-checker lists the files it checked, each with the model to check it as.
while IFS=$'\t' read -r name model; do
  printf '%s: ' "$name"
  (ulimit -v $(( ${PORCUPINE_MAX_GIB:-8} * 1024 * 1024 ))
   "$build/porcupinedriver" -model "$model" -timeout "${TIMEOUT:-60s}" "$dir/$name" 2>&1 | head -n 2 || true)
done < "$dir/shapes-seed$seed.tsv"
