#!/bin/sh
# Renders an environment of 500 services to Kubernetes objects (berth-kubernetes) in a fresh JVM:
# the first rendering (what `berth export` pays) and warm medians. Target (issue 11): under 200 ms.
# Usage: bench/kubernetes/run.sh [SERVICES] [ROUNDS] (default 500 200)
set -eu
cd "$(dirname "$0")/../.."
./mvnw -B -o -q -pl berth-kubernetes -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cp="berth-kubernetes/target/test-classes:berth-kubernetes/target/classes:$(cat berth-kubernetes/target/bench.classpath)"
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
for run in 1 2 3; do
  echo "## fresh JVM $run"
  java -cp "$cp" dev.berth.kubernetes.RenderBench "${1:-500}" "${2:-200}"
done
