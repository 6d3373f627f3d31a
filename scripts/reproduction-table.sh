#!/usr/bin/env bash
# The reproduction table of issue #26 (README, "NATS under power loss, corruption and kills"):
# each system under each fault with the same seeds and workload, one `faultline run` per cell,
# seed by seed so a stopped batch has measured every system about equally.
#   scripts/reproduction-table.sh [FAULTS] [SYSTEMS] [FIRST_SEED] [LAST_SEED]
#   defaults: power-loss,corrupt,kill-all  nats,etcd,faultline  1  10
# Every run directory goes under $OUT (default histories/runs/reproduction/<fault>-<system>/);
# one line per run is appended to $OUT/runs.tsv, and `scripts/reproduction-table.sh --table`
# prints the Markdown table from it. $FAULTLINE is the launcher (default ./faultline).
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${OUT:-$root/histories/runs/reproduction}
faultline=${FAULTLINE:-$root/faultline}
mkdir -p "$out"

if [ "${1:-}" = "--table" ]; then
  exec "$faultline" tally "$out/runs.tsv"
fi

faults=${1:-power-loss,corrupt,kill-all}
systems=${2:-nats,etcd,faultline}
first=${3:-1}
last=${4:-10}
# The workload of the power-loss profile for every fault; no cas (NATS 2.9.10's cas race,
# docs/findings.md, would flag every NATS run).
common=(--nodes 3 --time-limit "${TIME_LIMIT:-20s}" --concurrency 20 --keys 20 --read-after-write 50%
        --recheck-writes 3 --nemesis-interval 10s --recovery-timeout "${RECOVERY_TIMEOUT:-20s}"
        --op-mix read=50,write=40,delete=10 --no-progress)

for fault in ${faults//,/ }; do
  for seed in $(seq "$first" "$last"); do
    for system in ${systems//,/ }; do
      dir="$out/$fault-$system"
      mkdir -p "$dir"
      started=$(date -u +%FT%TZ)
      "$faultline" run --system "$system" --nemesis "$fault" --seed "$seed" --out "$dir" "${common[@]}" \
        >"$dir/seed-$seed.log" 2>&1
      code=$?
      run=$(ls -td "$dir"/*-kv-"$seed"/ 2>/dev/null | head -1)
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$fault" "$system" "$seed" "$code" "${run%/}" "$started" >>"$out/runs.tsv"
      echo "[table] $fault $system seed $seed -> exit $code ${run%/}"
    done
  done
done
