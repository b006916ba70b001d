#!/usr/bin/env bash
# Data-parallel training on Spark (docs/SPARK.md), W3-sized: the 784-1024-1024-10 MLP (1.86 M parameters, batch 256,
# Adam, float32) on 4096 random rows, one epoch (16 steps) with the synchronous strategy, on a standalone cluster
# started on this machine with 1 and then 2 executors of one core each, and in process without Spark. Prints
# steps/s, the speed-up, and per step the broadcast, the job (and the tasks' compute in it), the driver's update and
# the sync overhead (job time beyond the compute of one partition). Not a timed test; bench/RESULTS.md quotes it.
#
#   bash bench/spark-data-parallel.sh               # builds the spark module's test classes first
#   MAVEN_REPO=/path/to/m2 bash bench/spark-data-parallel.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
repo=()
[ -n "${MAVEN_REPO:-}" ] && repo=("-Dmaven.repo.local=$MAVEN_REPO")
cp_file="$(mktemp)"
# the reactor's modules resolve to their target/classes; each module writes the file, the spark module last
mvn -B -ntp -q "${repo[@]}" -pl spark -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null
cp="$root/spark/target/test-classes:$root/spark/target/classes:$(cat "$cp_file")"  # absolute: the executors run in their own folders
rm -f "$cp_file"
opens="$(sed -n 's:.*<spark.addOpens>\(.*\)</spark.addOpens>.*:\1:p' spark/pom.xml)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
# shellcheck disable=SC2086
java -Xmx3g $opens -Doptspec.spark.addOpens="$opens" -cp "$cp" org.optspec.spark.SparkDataParallelBench
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
