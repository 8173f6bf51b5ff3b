#!/usr/bin/env bash
# Autoscaling figures (issue 10, "Performance"), on a real control plane started in-process by
# berth-server's AutoscaleBenchIT (skipped in normal builds; enabled by -Dberth.bench=autoscale):
#   1. reaction: 1,000 messages pushed into a Redis list -> the scale-up decision (`Autoscaled`
#      event), pollingInterval 1 s, each push at a random phase of the poll;
#   2. scale from zero: 100 concurrent requests at zero replicas of a python3 web service with an
#      http trigger and min 0: failed requests, and the first response's latency minus the app's
#      own start-to-listening time.
#
#   bench/autoscale/run.sh                 # writes bench/autoscale/RESULTS.md (or $RESULTS)
#   ROUNDS=4 bench/autoscale/run.sh        # a quick check
#
# Needs Redis on 127.0.0.1:6379 and python3 (as the ITs do). Records the machine's load average
# before and after, since other work shares it.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RESULTS=${RESULTS:-$HERE/RESULTS.md}
ROUNDS=${ROUNDS:-20}
OUT=$(mktemp /tmp/berth-autoscale-bench.XXXXXX)
trap 'rm -f "$OUT"' EXIT

before=$(cut -d' ' -f1-3 /proc/loadavg)
cd "$ROOT"
status=0
BENCH_OUT="$OUT" ./mvnw -B -o -q verify -pl berth-server -am -DskipTests -DskipITs=false \
  -Dit.test=AutoscaleBenchIT -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dberth.bench=autoscale -Dbench.rounds="$ROUNDS" -Dspotless.check.skip=true >&2 || status=$?
after=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "# Autoscaling benchmark — $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)," \
    "$(java -version 2>&1 | head -1); load average before: $before, after: $after" \
    "(other agents share the machine)."
  echo "Command: \`ROUNDS=$ROUNDS bench/autoscale/run.sh\`"
  echo
  cat "$OUT"
  [ "$status" = 0 ] || echo "(the run failed with status $status: see the build output above)"
} > "$RESULTS"
cat "$RESULTS"
exit "$status"
