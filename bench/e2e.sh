#!/usr/bin/env bash
# Whole processes, side by side: `./optspec train` against a PyTorch script doing the same training from
# the same CSV, the runs alternating (ours warm, ours cold, peer, ours warm, ...) so that load drift hits
# every side alike; prints each side's median wall time and the ratios. bench/RESULTS.md has the figures.
# From the repository root, after building the CLI (see README):
#
#   bash bench/e2e.sh                      # digits W1 W2 W3 W4 W5, 5 runs each
#   RUNS=7 WORKLOADS="digits W2" bash bench/e2e.sh
#
#   digits  samples/.../digits/digits.optspec (20 epochs)  vs  ../shared/bench/peers/e2e_digits_torch.py
#   W1..W5  bench/src/main/resources/org/optspec/bench/w*.optspec with --data and --epochs giving the
#           peers' step counts (torch_bench.py), vs bench/e2e/torch_e2e.py on the same file
#
# "ours warm": the trainer-class cache already holds the spec's classes (one untimed run first);
# "ours cold": a fresh, empty cache directory for every run (what the very first run of a spec costs).
# The class-data-sharing archive (made by ./optspec on its first run) is present for both.
# Environment as in bench/run.sh: OPENBLAS_CORETYPE unset, the JDK on PATH, torch's default threads.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
peers="${PEERS:-$(cd "$root/.." && pwd)/shared/bench/peers}"
py="${PYTHON:-/usr/bin/python3}"
runs="${RUNS:-5}"
workloads="${WORKLOADS:-digits W1 W2 W3 W4 W5}"
out="${OUT:-$here/runs/e2e-$(date -u +%Y%m%d-%H%M%S)}"
data="${E2E_DATA:-$root/bench/target/e2e-data}"
mkdir -p "$out"
unset OPENBLAS_CORETYPE
[ -f "$peers/e2e_digits_torch.py" ] || { echo "e2e.sh: no peers at $peers (set PEERS=DIR)" >&2; exit 2; }
[ -f "$root/cli/target/optspec.jar" ] || { echo "e2e.sh: build the CLI first: mvn -B -ntp -q -pl cli -am -DskipTests package" >&2; exit 2; }
"$py" "$here/e2e/make_data.py" "$data"

# shellcheck source=e2e/workloads.sh
. "$here/e2e/workloads.sh"

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "host: $(nproc) cpus, $(lscpu | sed -n 's/^Model name: *//p')"
  echo "load at start: $(uptime)"
  echo "java: $(java -version 2>&1 | head -1) ($(readlink -f "$(command -v java)")), OPTSPEC_JAVA_OPTS=${OPTSPEC_JAVA_OPTS:-<none>}"
  echo "python: $("$py" -c 'import sys, torch; print(sys.version.split()[0], "torch", torch.__version__)')"
  echo "libblas.so.3 -> $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || echo '?')"
  echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-<unset>}, runs per side: $runs"
} | tee "$out/env.txt" >&2

# timed LABEL WORKLOAD CMD...: runs CMD once, appends "WORKLOAD LABEL SECONDS" to times.tsv
timed() {
  local label="$1" workload="$2"
  shift 2
  local t0 t1
  t0=$(date +%s%N)
  if ! "$@" > "$out/$workload.$label.log" 2>&1; then
    echo "e2e.sh: $workload $label failed:" >&2
    tail -20 "$out/$workload.$label.log" >&2
    exit 1
  fi
  t1=$(date +%s%N)
  echo "$workload $label $(( (t1 - t0) / 1000 ))" >> "$out/times.tsv"
}

warm_cache="$out/cache-warm"
for w in $workloads; do
  # shellcheck disable=SC2046
  read -r -a ours <<< "$(ours_args "$w")"
  read -r -a peer <<< "$(peer_cmd "$w")"
  echo "== $w: ./optspec train ${ours[*]#$root/}  vs  ${peer[*]#$root/}" >&2
  OPTSPEC_CACHE_DIR="$warm_cache" "$root/optspec" train "${ours[@]}" --progress lines > "$out/$w.fill.log" 2>&1  # fills the cache
  for i in $(seq "$runs"); do
    timed ours-warm "$w" env OPTSPEC_CACHE_DIR="$warm_cache" "$root/optspec" train "${ours[@]}" --progress lines
    cold="$(mktemp -d "$out/cache-cold.XXXX")"
    timed ours-cold "$w" env OPTSPEC_CACHE_DIR="$cold" "$root/optspec" train "${ours[@]}" --progress lines
    rm -rf "$cold"
    timed peer "$w" "${peer[@]}"
    echo "   run $i: $(tail -3 "$out/times.tsv" | awk '{printf "%s %.2f s  ", $2, $3 / 1e6}')" >&2
  done
done
echo "load at end: $(uptime)" | tee -a "$out/env.txt" >&2
rm -rf "$warm_cache"
# the records name files relative to the repository, as run.sh's do (JDK 25's native-access warning prints the jar's
# absolute path); after the timed runs, so it costs none of them
sed -i "s#$root/##g" "$out"/*.log

"$py" - "$out" <<'PY' | tee "$out/summary.md"
import statistics, sys, collections
out = sys.argv[1]
t = collections.defaultdict(list)
for line in open(f"{out}/times.tsv"):
    w, label, us = line.split()
    t[(w, label)].append(int(us) / 1e6)
env = open(f"{out}/env.txt").read().strip().splitlines()
print("# End to end: `./optspec train` vs PyTorch, whole processes, alternating runs\n")
for l in env:
    print(f"    {l}")
print("\n| workload | ours warm cache (median s) | ours cold cache | PyTorch | PyTorch / ours warm | PyTorch / ours cold | runs |")
print("|---|---|---|---|---|---|---|")
for w in dict.fromkeys(k[0] for k in t):
    warm, cold, peer = (statistics.median(t[(w, s)]) for s in ("ours-warm", "ours-cold", "peer"))
    r = lambda side: f"{min(t[(w, side)]):.2f}–{max(t[(w, side)]):.2f}"
    print(f"| {w} | {warm:.2f} ({r('ours-warm')}) | {cold:.2f} ({r('ours-cold')}) | {peer:.2f} ({r('peer')}) "
          f"| **{peer / warm:.2f}×** | {peer / cold:.2f}× | {len(t[(w, 'peer')])} |")
PY
