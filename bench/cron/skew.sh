#!/usr/bin/env bash
# Start skew of cron runs: actual process start minus scheduled time.
#
#   bench/cron/skew.sh                 # N=200 services, MINUTES=2, writes bench/cron/SKEW.md
#   N=50 MINUTES=3 bench/cron/skew.sh
#
# A fresh control plane started as a user starts it (`./berth up`, its own --data-dir, $HOME and
# free ports) gets N cron services that all fire every minute ("* * * * *", cpu 1m, memory 4Mi
# each, so they fit the machine together). Each run's command records, as its first act, the
# wall clock in nanoseconds and BERTH_SCHEDULED_AT into a file named by BERTH_RUN. After MINUTES
# scheduled minutes the bench reads the files: skew = process start - scheduled time, over
# N x MINUTES runs, every one of which fires in the same minute as N-1 others.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
N=${N:-200}
MINUTES=${MINUTES:-2}
RESULTS=${RESULTS:-$HERE/SKEW.md}
WORK=${BENCH_WORK:-$(mktemp -d /tmp/berth-cron-skew.XXXXXX)}

log() { printf '== %s\n' "$*" >&2; }
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
BERTH_PID=
cleanup() {
  if [ -n "$BERTH_PID" ] && kill -0 "$BERTH_PID" 2>/dev/null; then
    kill -TERM "$BERTH_PID" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$BERTH_PID" 2>/dev/null || break; sleep 0.2; done
  fi
  [ -z "${BENCH_WORK:-}" ] && [ -z "${KEEP_WORK:-}" ] && rm -rf "$WORK"
  return 0
}
trap cleanup EXIT

mkdir -p "$WORK/app" "$WORK/home" "$WORK/starts"
{
  echo "project: cronskew"
  echo "services:"
  for i in $(seq -w 1 "$N"); do
    echo "  c$i:"
    echo "    schedule: \"* * * * *\""
    echo "    command: echo \"\$(date +%s%N) \$BERTH_SCHEDULED_AT\" > $WORK/starts/\$BERTH_RUN"
    echo "    resources: {cpu: 1m, memory: 4Mi}"
  done
} >"$WORK/app/berth.yaml"

api=$(free_port)
router=$(free_port)
log "building the launcher's jar if needed (./berth --version)"
"$ROOT/berth" --version >/dev/null
log "./berth up --data-dir $WORK/data --api-port $api --router-port $router"
HOME=$WORK/home BERTH_CONFIG=$WORK/home/config.json \
  "$ROOT/berth" up --data-dir "$WORK/data" --api-port "$api" --router-port "$router" \
  >"$WORK/berth-up.log" 2>&1 &
BERTH_PID=$!
for _ in $(seq 1 300); do
  grep -q 'Token' "$WORK/berth-up.log" 2>/dev/null && break
  kill -0 "$BERTH_PID" 2>/dev/null || { cat "$WORK/berth-up.log" >&2; exit 1; }
  sleep 0.2
done
token=$(sed -n 's/^ *Token *//p' "$WORK/berth-up.log" | head -1)
(cd "$WORK/app" && HOME=$WORK/home BERTH_CONFIG=$WORK/home/config.json \
  BERTH_URL=http://127.0.0.1:$api BERTH_TOKEN=$token "$ROOT/berth" apply --yes >"$WORK/apply.log" 2>&1) \
  || { tail -n 30 "$WORK/apply.log" >&2; exit 1; }
# MINUTES whole minutes after the apply, then 20 s for the last runs to start
now=$(date +%s)
end=$(( (now / 60 + MINUTES) * 60 + 20 ))
log "applied $N cron services; waiting until $(date -u -d "@$end" +%H:%M:%S) UTC"
sleep $(( end - now ))

python3 - "$WORK/starts" "$N" "$MINUTES" >"$RESULTS.tmp" <<'PY'
import datetime, os, sys
d, n, minutes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
skews = []
for f in os.listdir(d):
    ns, scheduled = open(os.path.join(d, f)).read().split()
    t = datetime.datetime.fromisoformat(scheduled.replace("Z", "+00:00")).timestamp()
    skews.append(int(ns) / 1e6 - t * 1000)
skews.sort()
def pct(p):
    return skews[min(len(skews) - 1, int(round(p / 100 * (len(skews) - 1))))]
print("# Cron start skew\n")
print(f"Produced by `bench/cron/skew.sh` (N={n}, MINUTES={minutes}) on "
      f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%dT%H:%MZ}, {os.cpu_count()} cores, "
      "shared with other agents' builds and tests.\n")
print(f"{n} cron services firing every minute, together; skew = the run's process start (its first "
      "command reads the wall clock) minus its scheduled time.\n")
print(f"| runs | expected | min | p50 | p90 | p99 | max |")
print(f"|---|---|---|---|---|---|---|")
print(f"| {len(skews)} | {n * minutes} | {skews[0]:.1f} ms | {pct(50):.1f} ms | {pct(90):.1f} ms | "
      f"{pct(99):.1f} ms | {skews[-1]:.1f} ms |")
PY
mv "$RESULTS.tmp" "$RESULTS"
cat "$RESULTS"
