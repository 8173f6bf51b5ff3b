#!/usr/bin/env bash
# Control-plane work as the number of services grows: 100 against 1,000 small worker services.
#
#   bench/scale/run.sh                     # SIZES="100 1000", writes bench/scale/RESULTS.md
#   SIZES="100 1000 2000" bench/scale/run.sh
#   STEADY=60 bench/scale/run.sh           # seconds of steady state sampled (default 60)
#
# For each size, on a fresh control plane started exactly as a user starts it (`./berth up`, the
# launcher's JVM flags and defaults; only its own --data-dir, $HOME and free ports):
#   1. `./berth apply --yes` of a generated spec of N worker services, each one replica of
#      `sleep 1000000` requesting 1m cpu and 4Mi memory; the wall time until the command returns,
#      which is when every service is running (the CLI's own convergence watch);
#   2. after 10 s of settling, the control plane's CPU time over STEADY seconds of steady state
#      (utime+stime of the `berth up` JVM from /proc), nothing deployed changing;
#   3. the database (berth.db) and its WAL, the JVM's resident memory, and one `berth status`.
# The comparison is per service, as a ratio between sizes in the same run: if the work per service
# stays flat, the control plane's work grows linearly with the services, not faster.
# The machine is shared: read the ratios, and expect the absolute numbers to move between runs.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SIZES=${SIZES:-"100 1000"}
STEADY=${STEADY:-60}
RESULTS=${RESULTS:-$HERE/RESULTS.md}
WORK=${BENCH_WORK:-$(mktemp -d /tmp/berth-scale-bench.XXXXXX)}
TICKS=$(getconf CLK_TCK)

log() { printf '== %s\n' "$*" >&2; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

BERTH_PID=
stop_berth() {
  if [ -n "$BERTH_PID" ] && kill -0 "$BERTH_PID" 2>/dev/null; then
    kill -TERM "$BERTH_PID" 2>/dev/null || true # berth up stops its replicas on SIGTERM
    for _ in $(seq 1 600); do kill -0 "$BERTH_PID" 2>/dev/null || break; sleep 0.2; done
  fi
  BERTH_PID=
}
cleanup() {
  stop_berth
  for n in $SIZES; do kill_leftovers "scale$n" >/dev/null; done
  wait 2>/dev/null || true
  [ -z "${BENCH_WORK:-}" ] && [ -z "${KEEP_WORK:-}" ] && rm -rf "$WORK"
  return 0
}
trap cleanup EXIT

write_spec() { # n dir
  local n=$1 dir=$2
  mkdir -p "$dir"
  {
    echo "project: scale$n"
    echo "services:"
    for i in $(seq -w 1 "$n"); do
      echo "  w$i:"
      echo "    type: worker"
      echo "    command: sleep 1000000"
      echo "    resources: {cpu: 1m, memory: 4Mi}"
    done
  } >"$dir/berth.yaml"
}

cpu_ticks() { # pid -> utime+stime in clock ticks
  awk '{print $14 + $15}' "/proc/$1/stat"
}

now_ms() { date +%s%3N; }

run_size() { # n
  local n=$1 w=$WORK/n$1
  mkdir -p "$w/home"
  write_spec "$n" "$w/app"
  local api router
  api=$(free_port)
  router=$(free_port)
  log "[$n] ./berth up --data-dir $w/data --api-port $api --router-port $router"
  HOME=$w/home BERTH_CONFIG=$w/home/config.json \
    "$ROOT/berth" up --data-dir "$w/data" --api-port "$api" --router-port "$router" \
    >"$w/berth-up.log" 2>&1 &
  BERTH_PID=$!
  for _ in $(seq 1 300); do
    grep -q 'Token' "$w/berth-up.log" 2>/dev/null && break
    kill -0 "$BERTH_PID" 2>/dev/null || { cat "$w/berth-up.log" >&2; exit 1; }
    sleep 0.2
  done
  local token
  token=$(sed -n 's/^ *Token *//p' "$w/berth-up.log" | head -1)
  [ -n "$token" ] || { echo "berth up printed no token" >&2; cat "$w/berth-up.log" >&2; exit 1; }
  berth() { (cd "$w/app" && HOME=$w/home BERTH_CONFIG=$w/home/config.json \
    BERTH_URL=http://127.0.0.1:$api BERTH_TOKEN=$token "$ROOT/berth" "$@"); }

  log "[$n] ./berth apply --yes ($n services)"
  local t0 t1 c0 c1
  c0=$(cpu_ticks "$BERTH_PID")
  t0=$(now_ms)
  berth apply --yes --timeout 30m >"$w/apply.log" 2>&1 || { tail -n 30 "$w/apply.log" >&2; exit 1; }
  t1=$(now_ms)
  c1=$(cpu_ticks "$BERTH_PID")
  APPLY_MS[$n]=$((t1 - t0))
  APPLY_CPU_MS[$n]=$(( (c1 - c0) * 1000 / TICKS ))

  berth status -o json >"$w/status.json"
  RUNNING[$n]=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(1 for s in d["services"] if s["state"]=="running"))' "$w/status.json")
  PROCS[$n]=$(pgrep -c -f '^sleep 1000000$' || true)

  log "[$n] settling 10 s, then $STEADY s of steady state"
  sleep 10
  c0=$(cpu_ticks "$BERTH_PID")
  t0=$(now_ms)
  sleep "$STEADY"
  c1=$(cpu_ticks "$BERTH_PID")
  t1=$(now_ms)
  STEADY_CPU_MS[$n]=$(( (c1 - c0) * 1000 / TICKS ))
  STEADY_WALL_MS[$n]=$((t1 - t0))

  t0=$(now_ms)
  berth status >/dev/null
  t1=$(now_ms)
  STATUS_MS[$n]=$((t1 - t0))
  DB_KB[$n]=$(( $(stat -c %s "$w/data/berth.db") / 1024 ))
  WAL_KB[$n]=$(( $( (stat -c %s "$w/data/berth.db-wal" 2>/dev/null || echo 0) ) / 1024 ))
  RSS_KB[$n]=$(awk '/^VmRSS/ {print $2}' "/proc/$BERTH_PID/status")
  log "[$n] apply ${APPLY_MS[$n]} ms (control plane cpu ${APPLY_CPU_MS[$n]} ms), steady cpu ${STEADY_CPU_MS[$n]} ms in ${STEADY_WALL_MS[$n]} ms, running ${RUNNING[$n]}/$n"
  t0=$(now_ms)
  stop_berth
  t1=$(now_ms)
  SHUTDOWN_MS[$n]=$((t1 - t0))
  LEFTOVER[$n]=$(kill_leftovers "scale$n")
}

# Replicas of this bench's project still running after `berth up` exited (there should be none: it
# stops them all, SIGKILL after the grace): counted for the results, then killed, found by the BERTH_PROJECT
# marker in their environment, so the bench never leaves processes behind nor touches others.
kill_leftovers() { # project -> prints how many were left
  local n=0 p
  for p in $(pgrep -f '^sleep 1000000$' || true); do
    if tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qx "BERTH_PROJECT=$1"; then
      kill -KILL "$p" 2>/dev/null && n=$((n + 1))
    fi
  done
  echo "$n"
}

declare -A SHUTDOWN_MS LEFTOVER APPLY_MS APPLY_CPU_MS RUNNING PROCS STEADY_CPU_MS STEADY_WALL_MS STATUS_MS DB_KB WAL_KB RSS_KB

log "building the launcher's jar if needed (./berth --version)"
"$ROOT/berth" --version >/dev/null
for n in $SIZES; do
  run_size "$n"
done

per() { # value n -> value per service, 2 decimals
  awk -v v="$1" -v n="$2" 'BEGIN { printf "%.2f", v / n }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2fx", a / b }'; }

first=${SIZES%% *}
{
  echo "# Scale benchmark: control-plane work at $(echo "$SIZES" | sed 's/ / and /g') services"
  echo
  echo "Produced by \`bench/scale/run.sh\` (SIZES=\"$SIZES\", STEADY=$STEADY) on $(date -u +%Y-%m-%dT%H:%MZ),"
  echo "$(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(java -version 2>&1 | head -1),"
  echo "$(uname -sr). The machine is shared with other agents' builds and tests: the absolute numbers"
  echo "move between runs; compare the per-service columns within this run."
  echo
  echo "Each size: a fresh \`./berth up --data-dir <work> --api-port <free> --router-port <free>\`, then"
  echo "\`./berth apply --yes\` of N worker services (\`sleep 1000000\`, cpu 1m, memory 4Mi, one replica"
  echo "each) timed until it returns (all running); then ${STEADY} s of steady state."
  echo
  echo "| services | running | apply wall | apply wall / service | control-plane CPU during apply | CPU / service | steady CPU over ${STEADY} s | steady CPU / service | berth.db | WAL | RSS | \`berth status\` |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  for n in $SIZES; do
    printf '| %s | %s (%s processes) | %.1f s | %s ms | %.1f s | %s ms | %.2f s (%.1f%% of a core) | %s ms | %s KiB | %s KiB | %s MiB | %s ms |\n' \
      "$n" "${RUNNING[$n]}" "${PROCS[$n]}" "$(awk -v v="${APPLY_MS[$n]}" 'BEGIN{print v/1000}')" \
      "$(per "${APPLY_MS[$n]}" "$n")" "$(awk -v v="${APPLY_CPU_MS[$n]}" 'BEGIN{print v/1000}')" \
      "$(per "${APPLY_CPU_MS[$n]}" "$n")" \
      "$(awk -v v="${STEADY_CPU_MS[$n]}" 'BEGIN{print v/1000}')" \
      "$(awk -v c="${STEADY_CPU_MS[$n]}" -v w="${STEADY_WALL_MS[$n]}" 'BEGIN{print 100*c/w}')" \
      "$(per "${STEADY_CPU_MS[$n]}" "$n")" "${DB_KB[$n]}" "${WAL_KB[$n]}" "$((RSS_KB[$n] / 1024))" "${STATUS_MS[$n]}"
  done
  echo
  echo "Stopping: \`berth up\` was sent SIGTERM after each size (it stops its replicas, 30 s grace)."
  for n in $SIZES; do
    echo "At $n services it exited after $(awk -v v="${SHUTDOWN_MS[$n]}" 'BEGIN{print v/1000}') s, leaving ${LEFTOVER[$n]} replica processes running (killed by the bench)."
  done
  echo
  echo "Per-service ratios against $first services (1.00x = the work per service does not grow):"
  echo
  echo "| services | apply wall / service | apply CPU / service | steady CPU / service | berth.db / service |"
  echo "|---|---|---|---|---|"
  for n in $SIZES; do
    echo "| $n | $(ratio "$(per "${APPLY_MS[$n]}" "$n")" "$(per "${APPLY_MS[$first]}" "$first")") | $(ratio "$(per "${APPLY_CPU_MS[$n]}" "$n")" "$(per "${APPLY_CPU_MS[$first]}" "$first")") | $(ratio "$(per "${STEADY_CPU_MS[$n]}" "$n")" "$(per "${STEADY_CPU_MS[$first]}" "$first")") | $(ratio "$(per "${DB_KB[$n]}" "$n")" "$(per "${DB_KB[$first]}" "$first")") |"
  done
} >"$RESULTS.tmp"
mv "$RESULTS.tmp" "$RESULTS"
cat "$RESULTS"
