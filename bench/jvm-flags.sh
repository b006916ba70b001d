#!/usr/bin/env bash
# Which JVM settings make `./optspec train` finish soonest: whole processes, the variants alternating run
# by run (A B C ... A B C ...), median wall time of each. From the repository root, after building the CLI:
#
#   bash bench/jvm-flags.sh                       # digits and W3, 5 runs per variant, warm trainer cache
#   CACHE=cold RUNS=8 WORKLOADS=digits bash bench/jvm-flags.sh   # a fresh cache every run: javac runs each time
#   VARIANTS='OPTSPEC_JVM_TUNING=0;OPTSPEC_JVM_TUNING=0|OPTSPEC_JAVA_OPTS=-XX:+UseParallelGC' bash bench/jvm-flags.sh
#
# A variant is the environment of one launcher run: assignments joined by '|', variants by ';' in VARIANTS. The
# first variant is the baseline of the "x first" column. The launcher's own settings (OPTSPEC_JVM_TUNING, the JIT
# directives, the class-data archive; -Xshare:off in OPTSPEC_JAVA_OPTS turns the archive off) apply unless a
# variant turns them off.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
peers="${PEERS:-$(cd "$root/.." && pwd)/shared/bench/peers}"
py="${PYTHON:-/usr/bin/python3}"
runs="${RUNS:-5}"
workloads="${WORKLOADS:-digits W3}"
cache_kind="${CACHE:-warm}"
data="${E2E_DATA:-$root/bench/target/e2e-data}"
out="${OUT:-$here/runs/jvm-flags-$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
unset OPENBLAS_CORETYPE
"$py" "$here/e2e/make_data.py" "$data"
# shellcheck source=e2e/workloads.sh
. "$here/e2e/workloads.sh"
default_variants='OPTSPEC_JVM_TUNING=1;OPTSPEC_JVM_TUNING=0;OPTSPEC_JVM_TUNING=0|OPTSPEC_JAVA_OPTS=-XX:+UseSerialGC;OPTSPEC_JVM_TUNING=0|OPTSPEC_JAVA_OPTS=-XX:CompileThresholdScaling=2;OPTSPEC_JVM_TUNING=0|OPTSPEC_JAVA_OPTS=-XX:TieredStopAtLevel=1'
IFS=';' read -r -a variants <<< "${VARIANTS:-$default_variants}"
[ "$cache_kind" = warm ] || [ "$cache_kind" = cold ] || { echo "jvm-flags.sh: CACHE is warm or cold" >&2; exit 2; }
echo "load at start: $(uptime)" | tee "$out/env.txt" >&2
echo "java: $(java -version 2>&1 | head -1) (${JAVA_HOME:-$(readlink -f "$(command -v java)")}), trainer cache: $cache_kind" | tee -a "$out/env.txt" >&2
cache="$out/cache"
for w in $workloads; do
  read -r -a ours <<< "$(ours_args "$w")"
  for v in "${variants[@]}"; do  # untimed: each variant's class-data archive (made once per JVM options), a warm cache
    IFS='|' read -r -a assignments <<< "$v"
    env OPTSPEC_CACHE_DIR="$cache" "${assignments[@]}" "$root/optspec" train "${ours[@]}" --progress lines > /dev/null 2>&1
  done
  for i in $(seq "$runs"); do
    for v in "${variants[@]}"; do
      IFS='|' read -r -a assignments <<< "$v"
      run_cache="$cache"
      if [ "$cache_kind" = cold ]; then run_cache="$(mktemp -d "$out/cold.XXXX")"; fi
      t0=$(date +%s%N)
      env OPTSPEC_CACHE_DIR="$run_cache" "${assignments[@]}" "$root/optspec" train "${ours[@]}" --progress lines > "$out/last.log" 2>&1 \
        || { cat "$out/last.log" >&2; exit 1; }
      t1=$(date +%s%N)
      if [ "$cache_kind" = cold ]; then rm -rf "$run_cache"; fi
      printf '%s\t%s\t%s\n' "$w" "$v" "$(( (t1 - t0) / 1000 ))" >> "$out/times.tsv"
    done
    echo "  $w run $i done" >&2
  done
done
echo "load at end: $(uptime)" | tee -a "$out/env.txt" >&2
rm -rf "$cache"
# the record names files relative to the repository, as e2e.sh's do (JDK 25's native-access warning prints the jar's
# absolute path); after the timed runs, so it costs none of them
sed -i "s#$root/##g" "$out/last.log"
"$py" - "$out" <<'PY' | tee "$out/summary.md"
import collections, statistics, sys
t = collections.defaultdict(list)
for line in open(f"{sys.argv[1]}/times.tsv"):
    w, v, us = line.rstrip("\n").split("\t")
    t[(w, v)].append(int(us) / 1e6)
for l in open(f"{sys.argv[1]}/env.txt"):
    print(f"    {l.rstrip()}")
print("\n| workload | variant (environment) | median s (min–max) | × first | runs |\n|---|---|---|---|---|")
for w in dict.fromkeys(k[0] for k in t):
    base = statistics.median(next(xs for (w2, _), xs in t.items() if w2 == w))
    for (w2, v), xs in t.items():
        if w2 == w:
            m = statistics.median(xs)
            print(f"| {w} | `{v.replace('|', ' ')}` | {m:.2f} ({min(xs):.2f}–{max(xs):.2f}) | {base / m:.2f} | {len(xs)} |")
PY
