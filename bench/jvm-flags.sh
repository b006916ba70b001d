#!/usr/bin/env bash
# Which JVM options make `./optspec train` finish soonest: whole processes, warm trainer cache, the
# variants alternating run by run (A B C ... A B C ...), median wall time of each. From the repository
# root, after building the CLI:
#
#   bash bench/jvm-flags.sh                       # digits and W3, 5 runs per variant
#   RUNS=7 WORKLOADS="digits W1" bash bench/jvm-flags.sh
#
# Each variant is OPTSPEC_JAVA_OPTS for the launcher (which adds the class-data archive; -Xshare:off
# after it turns that off, to see what the archive is worth).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
peers="${PEERS:-$(cd "$root/.." && pwd)/shared/bench/peers}"
py="${PYTHON:-/usr/bin/python3}"
runs="${RUNS:-5}"
workloads="${WORKLOADS:-digits W3}"
data="${E2E_DATA:-$root/bench/target/e2e-data}"
out="${OUT:-$here/runs/jvm-flags-$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
unset OPENBLAS_CORETYPE
"$py" "$here/e2e/make_data.py" "$data"
# shellcheck source=e2e/workloads.sh
. "$here/e2e/workloads.sh"
variants=(
  "-Doptspec.variant=default"
  "-XX:+UseSerialGC"
  "-XX:TieredStopAtLevel=1"
  "-XX:+UseSerialGC -XX:TieredStopAtLevel=1"
  "-XX:+UseSerialGC -XX:CICompilerCount=2"
  "-Xshare:off"
)
echo "load at start: $(uptime)" | tee "$out/env.txt" >&2
cache="$out/cache"
for w in $workloads; do
  read -r -a ours <<< "$(ours_args "$w")"
  OPTSPEC_CACHE_DIR="$cache" "$root/optspec" train "${ours[@]}" --progress lines > /dev/null 2>&1
  for i in $(seq "$runs"); do
    for v in "${variants[@]}"; do
      t0=$(date +%s%N)
      OPTSPEC_CACHE_DIR="$cache" OPTSPEC_JAVA_OPTS="$v" "$root/optspec" train "${ours[@]}" --progress lines > "$out/last.log" 2>&1 \
        || { cat "$out/last.log" >&2; exit 1; }
      t1=$(date +%s%N)
      printf '%s\t%s\t%s\n' "$w" "$v" "$(( (t1 - t0) / 1000 ))" >> "$out/times.tsv"
    done
    echo "  $w run $i done" >&2
  done
done
echo "load at end: $(uptime)" | tee -a "$out/env.txt" >&2
"$py" - "$out" <<'PY' | tee "$out/summary.md"
import collections, statistics, sys
t = collections.defaultdict(list)
for line in open(f"{sys.argv[1]}/times.tsv"):
    w, v, us = line.rstrip("\n").split("\t")
    t[(w, v)].append(int(us) / 1e6)
for l in open(f"{sys.argv[1]}/env.txt"):
    print(f"    {l.rstrip()}")
print("\n| workload | OPTSPEC_JAVA_OPTS | median s (min–max) | × default |\n|---|---|---|---|")
for w in dict.fromkeys(k[0] for k in t):
    base = statistics.median(t[(w, "-Doptspec.variant=default")])
    for (w2, v), xs in t.items():
        if w2 == w:
            m = statistics.median(xs)
            print(f"| {w} | `{v}` | {m:.2f} ({min(xs):.2f}–{max(xs):.2f}) | {base / m:.2f} |")
PY
