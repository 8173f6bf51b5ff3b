#!/bin/sh
# Cross-checks Berth's cron math against the npm package cron-parser:
# the next 1,000 fire times of 120 expressions in 5 zones (600 cases).
# Usage (from the repository root, after ./mvnw -B -o -q -pl berth-core compile):
#   bench/cron/run.sh [N]
set -eu
cd "$(dirname "$0")"
N=${1:-1000}
[ -d node_modules/cron-parser ] || npm ci --silent
CP=../../berth-core/target/classes:$(ls ~/.m2/repository/com/cronutils/cron-utils/9.2.1/cron-utils-9.2.1.jar):$(ls ~/.m2/repository/org/slf4j/slf4j-api/2.0.20/slf4j-api-2.0.20.jar)
mkdir -p ../results
javac -d ../results/cron-classes -cp "$CP" Export.java Expressions.java
java -cp "../results/cron-classes:$CP" Export "$N" > ../results/cron-export.jsonl
node compare.mjs ../results/cron-export.jsonl
