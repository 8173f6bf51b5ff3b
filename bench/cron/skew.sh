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
#
# Then, with the control plane stopped, two baselines of the same N commands on the same machine
# in the same run (BASELINE=0 skips them), each for MINUTES minute boundaries:
#   direct - at the boundary, a bash loop starts the N commands (setsid sh -c, in the background)
#            as fast as it can: what any supervisor that forks at the instant pays;
#   parked - the N shells are forked 20 s before and wait on a named pipe that is opened at the
#            boundary: what is left is the command itself (sh wakes up and forks date), the
#            floor of this machine for this command.
# The load average (1 min) is recorded before each part.
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
sleep $(( end - now - 21 ))
LOAD_BERTH=$(cut -d' ' -f1 /proc/loadavg)
sleep 21

load() { cut -d' ' -f1 /proc/loadavg; }
echo "$LOAD_BERTH" >"$WORK/load-berth"
mkdir -p "$WORK/direct" "$WORK/parked"
if [ "${BASELINE:-1}" != 0 ]; then
  log "stopping the control plane for the baselines"
  kill -TERM "$BERTH_PID" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$BERTH_PID" 2>/dev/null || break; sleep 0.2; done
  BERTH_PID=
  nap() { [ "$1" -gt 0 ] && sleep "$1"; return 0; }
  CMD="echo \"\$(date +%s%N) \$BERTH_SCHEDULED_AT\" > \$OUT/\$BERTH_RUN"
  for m in $(seq 1 "$MINUTES"); do # direct: fork at the boundary
    now=$(date +%s); b=$(( (now / 60 + 1) * 60 ))
    nap $(( b - now - 1 )); load >"$WORK/load-direct"
    at=$(date -u -d "@$b" +%Y-%m-%dT%H:%M:%SZ)
    while [ "$(date +%s)" -lt "$b" ]; do :; done
    for i in $(seq 1 "$N"); do
      OUT=$WORK/direct BERTH_RUN=d$m-$i BERTH_SCHEDULED_AT=$at setsid sh -c "$CMD" &
    done
    wait
  done
  for m in $(seq 1 "$MINUTES"); do # parked: forked ahead, released at the boundary
    now=$(date +%s); b=$(( (now / 60 + 1) * 60 ))
    [ $(( b - now )) -lt 25 ] && b=$(( b + 60 ))
    nap $(( b - now - 21 )); load >"$WORK/load-parked"
    at=$(date -u -d "@$b" +%Y-%m-%dT%H:%M:%SZ)
    rm -f "$WORK/go"; mkfifo "$WORK/go"
    for i in $(seq 1 "$N"); do
      OUT=$WORK/parked BERTH_RUN=p$m-$i BERTH_SCHEDULED_AT=$at GO=$WORK/go \
        setsid sh -c "read x < \"\$GO\"; $CMD" &
    done
    nap $(( b - $(date +%s) - 1 ))
    while [ "$(date +%s)" -lt "$b" ]; do :; done
    : >"$WORK/go"
    wait
  done
fi

python3 - "$WORK" "$N" "$MINUTES" >"$RESULTS.tmp" <<'PY'
import datetime, os, sys
work, n, minutes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def skews(d):
    out = []
    for f in os.listdir(d):
        ns, scheduled = open(os.path.join(d, f)).read().split()
        t = datetime.datetime.fromisoformat(scheduled.replace("Z", "+00:00")).timestamp()
        out.append(int(ns) / 1e6 - t * 1000)
    return sorted(out)
def pct(v, p):
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]
def load(name):
    try:
        return open(os.path.join(work, "load-" + name)).read().strip()
    except OSError:
        return "?"
print("# Cron start skew\n")
print(f"Produced by `bench/cron/skew.sh` (N={n}, MINUTES={minutes}) on "
      f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%dT%H:%MZ}, {os.cpu_count()} cores, "
      "shared with other agents' builds and tests.\n")
print(f"{n} cron services firing every minute, together; skew = the run's process start (its first "
      "command reads the wall clock) minus its scheduled time. Baselines: the same commands "
      "started by a bash loop at the minute (direct), or forked 20 s ahead and released at the "
      "minute (parked); the p99 ratio is Berth's over the baseline's.\n")
print("| what | load (1 min) | runs | expected | min | p50 | p90 | p99 | max | Berth p99 / this p99 |")
print("|---|---|---|---|---|---|---|---|---|---|")
berth = skews(os.path.join(work, "starts"))
for name, d in (("berth", "starts"), ("direct", "direct"), ("parked", "parked")):
    v = skews(os.path.join(work, d))
    if not v:
        continue
    ratio = pct(berth, 99) / pct(v, 99) if pct(v, 99) > 0 else float("nan")
    print(f"| {name} | {load(name)} | {len(v)} | {n * minutes} | {v[0]:.1f} ms | {pct(v, 50):.1f} ms | "
          f"{pct(v, 90):.1f} ms | {pct(v, 99):.1f} ms | {v[-1]:.1f} ms | {ratio:.2f} |")
PY
mv "$RESULTS.tmp" "$RESULTS"
cat "$RESULTS"
