#!/bin/sh
# berth plan and a no-op apply of a saved plan against stored state (SQLite), issue 12's targets:
# a plan of 500 services with 20 env vars each under 100 ms; a no-op plan apply under 50 ms.
# Measures, in three fresh JVMs: the pure planner (Planner.plan), ApplyService.preview (what
# POST /api/v1/plan runs: parse, SQLite read, plan, digests) and ApplyService.apply of a saved plan
# that changes nothing (apply lock taken and released in SQLite, serial and digest checks, plan).
# Usage: bench/plan/run.sh [SERVICES] [ROUNDS] (default 500 100)
set -eu
cd "$(dirname "$0")/../.."
./mvnw -B -o -q -pl berth-store -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cp="berth-store/target/test-classes:berth-store/target/classes:$(cat berth-store/target/bench.classpath)"
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
for run in 1 2 3; do
  echo "## fresh JVM $run"
  java -cp "$cp" dev.berth.store.PlanBench "${1:-500}" "${2:-100}"
done
