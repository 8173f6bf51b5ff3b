#!/bin/sh
# Applies an environment of 100 services to fabric8's mock API server (CRUD mode) with Berth's
# applier: first apply, unchanged re-apply (no write expected), one service changed; time and API
# calls of each, per round (a fresh environment each). Issue 11: report time and calls.
# Usage: bench/kubernetes/apply.sh [SERVICES] [ROUNDS] (default 100 5)
set -eu
cd "$(dirname "$0")/../.."
./mvnw -B -o -q -pl berth-kubernetes -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cp="berth-kubernetes/target/test-classes:berth-kubernetes/target/classes:$(cat berth-kubernetes/target/bench.classpath)"
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
java -cp "$cp" dev.berth.kubernetes.apply.ApplyBench "${1:-100}" "${2:-5}"
