#!/usr/bin/env bash
# Placement benchmarks of issue 13 (see docs/benchmarks.md). Usage: bench/placement/run.sh [seed] [quick]
# Builds berth-core, resolves Timefold Solver 1.32.0 (online on the first run), compiles this
# folder's sources against both, runs them and writes bench/placement/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
here=bench/placement
./mvnw -B -q -o -pl berth-core -DskipTests compile
mkdir -p $here/target/classes
./mvnw -B -q -o -pl berth-core dependency:build-classpath -Dmdep.outputFile=$root/$here/target/core-cp.txt >/dev/null
if ! ./mvnw -B -q -o -f $here/pom.xml dependency:build-classpath -Dmdep.outputFile=$root/$here/target/bench-cp.txt >/dev/null 2>&1; then
  ./mvnw -B -q -f $here/pom.xml dependency:build-classpath -Dmdep.outputFile=$root/$here/target/bench-cp.txt >/dev/null
fi
cp="berth-core/target/classes:$(cat $here/target/core-cp.txt):$(cat $here/target/bench-cp.txt)"
javac --release 17 -nowarn -d $here/target/classes -cp "$cp" $(find $here/src -name '*.java')
java -Xmx2g -cp "$here/target/classes:$cp" dev.berth.bench.placement.PlacementBench "$@" | tee $here/RESULTS.md
