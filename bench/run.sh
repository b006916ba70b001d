#!/usr/bin/env bash
# Runs the peers (PyTorch, tutorial NumPy) and the OptSpec JMH benchmarks in one go and prints the
# ratios; bench/RESULTS.md explains the figures. From the repository root:
#
#   bash bench/run.sh            # build, peers, ours, table (about 4 minutes)
#   SKIP_BUILD=1 bash bench/run.sh
#   PEERS=/path/to/peers JMH_ARGS="-f 1 -wi 5 -i 5" bash bench/run.sh
#
# Environment, the same for the peers and for us: OPENBLAS_CORETYPE is unset (this machine sets it to
# Haswell, which halves OpenBLAS; unset, OpenBLAS 0.3.21 picks its AVX-512 "Cooperlake" kernels), i.e.
# the peers' "avx512" column. Both sides load the same system OpenBLAS (libblas.so.3).
# Peers run /usr/bin/python3 (Debian's, with python3-torch and python3-numpy) with torch threads
# "1" and "default" (torch 1 intra-op thread, OpenBLAS 2) and foreach off (torch 1.13's default);
# the best of those is the PyTorch figure. NumPy: OpenBLAS 2 and 1 threads, best taken.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
peers="${PEERS:-/work/shared/bench/peers}"
py="${PYTHON:-/usr/bin/python3}"
out="${OUT:-$here/runs/$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
unset OPENBLAS_CORETYPE

if [ -z "${SKIP_BUILD:-}" ]; then
  # clean: the generated trainers are only regenerated when javac runs again
  # shellcheck disable=SC2086
  (cd "$root" && mvn -B -q -ntp ${MVN_ARGS:-} clean install -DskipTests) >&2
fi

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "host: $(nproc) cpus, $(lscpu | sed -n 's/^Model name: *//p'), load: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $(java -version 2>&1 | head -1) ($(readlink -f "$(command -v java)"))"
  echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-<unset>}"
} | tee "$out/env.txt" >&2

echo "== peers: PyTorch ==" >&2
"$py" "$peers/torch_bench.py" --workloads W1,W2,W3,W4,W5 --threads 1,default --foreach 0 \
  --jsonl "$out/peers.jsonl" | tee "$out/torch.txt" >&2
echo "== peers: tutorial NumPy ==" >&2
"$py" "$peers/seed_numpy_bench.py" --threads 2,1 --jsonl "$out/peers.jsonl" | tee "$out/numpy.txt" >&2

echo "== OptSpec: specs W4, W5 (also compiled by the build, as the benchmarks' @TrainingSpec) ==" >&2
for w in w4_factorization w5_rnn; do
  "$root/optspec" check "$here/src/main/resources/org/optspec/bench/$w.optspec" | tee "$out/$w.check.txt" >&2
done

echo "== OptSpec: JMH ==" >&2
# shellcheck disable=SC2086
java -jar "$here/target/benchmarks.jar" 'LinearRegression|DigitsMlp|WideMlp|Factorization|RnnBenchmark|DigitsStep' \
  ${JMH_ARGS:-} -prof gc -rf json -rff "$out/jmh.json" | tee "$out/jmh.txt" >&2

echo "== OptSpec: bytes allocated per step (stepping thread, exact) ==" >&2
java -cp "$here/target/benchmarks.jar" org.optspec.bench.AllocationCheck | tee "$out/alloc.txt" >&2

"$py" "$here/summarize.py" "$out" | tee "$out/summary.md"
