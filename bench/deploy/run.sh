#!/usr/bin/env bash
# Deploys as a user runs them: rolling deploys and automatic rollbacks of a 3-replica web service
# under constant load through the router, the control plane's own time in a deploy, and the packing
# throughput of `berth apply` (issue 8, "Performance").
#
#   bench/deploy/run.sh                     # writes bench/deploy/RESULTS.md (or $RESULTS)
#   ROUNDS=1 PACK_RUNS=1 bench/deploy/run.sh  # a quick check
#
# What runs, all on this machine:
#   `./berth up` exactly as a user starts it (the launcher and its JVM flags, the defaults; only its
#   own --data-dir, free --api-port/--router-port, and a temp BERTH_CONFIG/HOME so the user's saved
#   token is never touched); `./berth apply` from a temp app directory (bench/deploy/server.py, a
#   tiny python3 HTTP server, health {http: /health, interval: 200ms}, deploy {progressDeadline: 20s});
#   bench/deploy/loadgen.py, LOAD_RATE (50) requests/s at a fixed rate to 127.0.0.1:<router-port>
#   with the Host header web.production.deploybench.localhost; bench/deploy/bench.py drives the
#   scenarios (ROUNDS rounds of: rolling deploy, never-ready release, crash-looping release, release
#   answering 500s (rolled back by the watch after going live); then
#   QUIET_DEPLOYS deploys without load and PACK_RUNS applies of a ~100 MB, 5,000-file directory)
#   and prints the Markdown figures, reading times from the control plane's events.
# Everything it starts is stopped, and its temp directory removed, on exit (KEEP_WORK=1 keeps it).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RESULTS=${RESULTS:-$HERE/RESULTS.md}
WORK=$(mktemp -d /tmp/berth-deploy-bench.XXXXXX)
export WORK

log() { printf '== %s\n' "$*" >&2; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

BERTH_PID= DRIVER_PID= SAMPLER_PID=
cleanup() {
  set +e
  [ -n "$DRIVER_PID" ] && kill -TERM "$DRIVER_PID" 2>/dev/null && wait "$DRIVER_PID" 2>/dev/null
  [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null
  if [ -n "$BERTH_PID" ] && kill -0 "$BERTH_PID" 2>/dev/null; then
    kill -TERM "$BERTH_PID" # berth up stops its replicas on SIGTERM
    for _ in $(seq 1 200); do kill -0 "$BERTH_PID" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$BERTH_PID" 2>/dev/null && kill -KILL "$BERTH_PID"
  fi
  # Anything still running from this bench's directory (a replica left behind would be a bug in
  # `berth up`'s shutdown: it is reported, then stopped by its pid).
  local p left=()
  for p in /proc/[0-9]*; do
    case "$(readlink "$p/cwd" 2>/dev/null)" in "$WORK"*) left+=("${p#/proc/}") ;; esac
  done
  if [ ${#left[@]} -gt 0 ]; then
    log "processes left in $WORK after berth up stopped: ${left[*]} (killing them)"
    kill -KILL "${left[@]}" 2>/dev/null
  fi
  wait 2>/dev/null
  [ -z "${KEEP_WORK:-}" ] && rm -rf "$WORK"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

command -v python3 >/dev/null || { echo "needs python3 (the app, the load generator, the driver)" >&2; exit 1; }
cd "$ROOT"
if [ ! -f berth-cli/target/berth.jar ]; then
  log "building (./mvnw -B -q -DskipTests package -pl berth-cli -am)"
  ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package -pl berth-cli -am
fi
./berth --version >/dev/null # rebuilds the jar if the sources changed, makes the launcher's CDS archive

API_PORT=$(free_port)
ROUTER_PORT=$(free_port)
mkdir -p "$WORK/home"
export HOME=$WORK/home BERTH_CONFIG=$WORK/home/config.json ROUTER_PORT
UP_CMD="./berth up --data-dir $WORK/data --api-port $API_PORT --router-port $ROUTER_PORT"
log "starting $UP_CMD"
./berth up --data-dir "$WORK/data" --api-port "$API_PORT" --router-port "$ROUTER_PORT" >"$WORK/berth-up.log" 2>&1 &
BERTH_PID=$!
export BERTH_PID
for _ in $(seq 1 600); do
  grep -q 'Berth is up' "$WORK/berth-up.log" 2>/dev/null && break
  kill -0 "$BERTH_PID" 2>/dev/null || { cat "$WORK/berth-up.log" >&2; exit 1; }
  sleep 0.2
done
TOKEN=$(sed -n 's/^ *Token *//p' "$WORK/berth-up.log" | head -1)
[ -n "$TOKEN" ] || { echo "berth up printed no token" >&2; cat "$WORK/berth-up.log" >&2; exit 1; }
export BERTH_URL=http://127.0.0.1:$API_PORT BERTH_TOKEN=$TOKEN

# the 1-minute load average every 10 s, for the report
(while :; do cut -d' ' -f1 /proc/loadavg >>"$WORK/load.txt"; sleep 10; done) &
SAMPLER_PID=$!

STARTED=$(date -u '+%Y-%m-%d %H:%M')
UPTIME_BEFORE=$(uptime)
T0=$(date +%s)
python3 "$HERE/bench.py" >"$WORK/figures.md" &
DRIVER_PID=$!
wait "$DRIVER_PID"
DRIVER_PID=
UPTIME_AFTER=$(uptime)
ELAPSED=$(($(date +%s) - T0))
LOADS=$(sort -n "$WORK/load.txt" | sed -n '1p;$p' | paste -sd- -)
JVM=$(tr '\0' ' ' <"/proc/$BERTH_PID/cmdline" 2>/dev/null | sed "s|$WORK|<work>|g; s|$ROOT/||g")

{
  cat <<MD
# Deploy benchmark: rolling deploys and automatic rollbacks under load

Produced by \`bench/deploy/run.sh\` on $STARTED UTC (${ELAPSED} s, build excluded), from commit
$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- . 2>/dev/null || echo ' (with local changes)').

Command: \`$( [ -n "${ROUNDS:-}${LOAD_RATE:-}${PACK_RUNS:-}${QUIET_DEPLOYS:-}" ] && echo "ROUNDS=${ROUNDS:-3} LOAD_RATE=${LOAD_RATE:-50} PACK_RUNS=${PACK_RUNS:-3} QUIET_DEPLOYS=${QUIET_DEPLOYS:-3} ")bench/deploy/run.sh\`, which runs
\`${UP_CMD//$WORK/<work>}\` (process: \`$JVM\`) and \`./berth apply --yes\` from temp app directories.

Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'); kernel $(uname -r);
$(java -version 2>&1 | head -2 | paste -sd';' - | sed 's/;/; /'); Python $(python3 -c 'import platform; print(platform.python_version())').

Load: \`uptime\` before \`${UPTIME_BEFORE# }\`, after \`${UPTIME_AFTER# }\`; the 1-minute load average,
sampled every 10 s during the run, ranged ${LOADS:-?} (a load above the core count means other
work shared the machine).

MD
  cat "$WORK/figures.md"
} >"$WORK/results.md"
cat "$WORK/results.md"
cp "$WORK/results.md" "$RESULTS"
log "wrote $RESULTS"
