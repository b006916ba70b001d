#!/usr/bin/env bash
# Runs the peers (PyTorch, tutorial NumPy) and the OptSpec JMH benchmarks in one go and prints the
# ratios; bench/RESULTS.md explains the figures. From the repository root:
#
#   bash bench/run.sh            # build, then per workload: peers, ours (about 4 minutes)
#   SKIP_BUILD=1 bash bench/run.sh
#   PEERS=/path/to/peers JMH_ARGS="-f 1 -wi 5 -i 5" WORKLOADS="W3 W5" bash bench/run.sh
#
# The peers are found next to the repository (../shared/bench/peers) unless PEERS says otherwise.
# Peers and ours are interleaved workload by workload (W1: PyTorch, NumPy, JMH; W2: ...), so that a
# change of load during the run hits both sides of a ratio alike; the load is recorded before every
# workload (env.txt, and the table's heading).
#
# Environment, the same for the peers and for us: OPENBLAS_CORETYPE is unset (this machine sets it to
# Haswell, which halves OpenBLAS; unset, OpenBLAS 0.3.21 picks its AVX-512 "Cooperlake" kernels), i.e.
# the peers' "avx512" column. Both sides load the same system BLAS (libblas.so.3; env.txt says which).
# Peers run /usr/bin/python3 (Debian's, with python3-torch and python3-numpy) with torch threads
# "1" and "default" (torch 1 intra-op thread, OpenBLAS 2) and foreach off (torch 1.13's default);
# the best of those is the PyTorch figure. NumPy: OpenBLAS 2 and 1 threads, best taken.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
peers="${PEERS:-$(cd "$root/.." && pwd)/shared/bench/peers}"
workloads="${WORKLOADS:-W1 W2 W3 W4 W5}"
[ -f "$peers/torch_bench.py" ] || { echo "run.sh: no peers at $peers (set PEERS=DIR)" >&2; exit 2; }
py="${PYTHON:-/usr/bin/python3}"
out="${OUT:-$here/runs/$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
# the records name files relative to the repository (this machine's checkout path means nothing to a reader)
cd "$root"
out="$(realpath --relative-to="$root" "$out")"
unset OPENBLAS_CORETYPE

if [ -z "${SKIP_BUILD:-}" ]; then
  # clean: the generated trainers are only regenerated when javac runs again; package, not install
  # shellcheck disable=SC2086
  (cd "$root" && mvn -B -q -ntp ${MVN_ARGS:-} clean package -DskipTests) >&2
fi

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "host: $(nproc) cpus, $(lscpu | sed -n 's/^Model name: *//p')"
  echo "load at start: $(uptime)"
  echo "java: $(java -version 2>&1 | head -1) ($(readlink -f "$(command -v java)"))"
  echo "libblas.so.3 -> $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || echo '?')"
  echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-<unset>}"
} | tee "$out/env.txt" >&2

echo "== OptSpec: specs W4, W5 (also compiled by the build, as the benchmarks' @TrainingSpec) ==" >&2
for w in w4_factorization w5_rnn; do
  ./optspec check "bench/src/main/resources/org/optspec/bench/$w.optspec" | tee "$out/$w.check.txt" >&2
done

# the JMH benchmarks of each workload (W2 also runs the digits sample's step)
benchmarks() {
  case "$1" in
    W1) echo 'LinearRegressionBenchmark' ;;
    W2) echo 'DigitsMlpBenchmark|DigitsStepBenchmark' ;;
    W3) echo 'WideMlpBenchmark' ;;
    W4) echo 'FactorizationBenchmark' ;;
    W5) echo 'RnnBenchmark' ;;
  esac
}
for w in $workloads; do
  echo "load before $w: $(uptime)" | tee -a "$out/env.txt" >&2
  echo "== $w: PyTorch ==" >&2
  "$py" "$peers/torch_bench.py" --workloads "$w" --threads 1,default --foreach 0 \
    --jsonl "$out/peers.jsonl" | tee -a "$out/torch.txt" >&2
  case "$w" in W1 | W2 | W5)
    echo "== $w: tutorial NumPy ==" >&2
    "$py" "$peers/seed_numpy_bench.py" --workloads "$w" --threads 2,1 --jsonl "$out/peers.jsonl" | tee -a "$out/numpy.txt" >&2 ;;
  esac
  echo "== $w: OptSpec JMH ==" >&2
  # shellcheck disable=SC2086
  java -jar "$here/target/benchmarks.jar" "$(benchmarks "$w")" ${JMH_ARGS:-} -prof gc -rf json -rff "$out/jmh-$w.json" \
    | tee -a "$out/jmh.txt" >&2
done
echo "load at end: $(uptime)" | tee -a "$out/env.txt" >&2
# one jmh.json for summarize.py
"$py" -c 'import json, sys; json.dump([b for f in sys.argv[2:] for b in json.load(open(f))], open(sys.argv[1], "w"), indent=1)' \
  "$out/jmh.json" "$out"/jmh-W*.json

echo "== OptSpec: bytes allocated per step (stepping thread, exact) ==" >&2
java -cp "$here/target/benchmarks.jar" org.optspec.bench.AllocationCheck | tee "$out/alloc.txt" >&2

"$py" "$here/summarize.py" "$out" | tee "$out/summary.md"
