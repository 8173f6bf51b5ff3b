#!/usr/bin/env bash
# Smoke test of the LMS demo without Berth: starts two Web replicas and one Worker the way
# Berth's local runtime does (own process group, PORT and BERTH_* set, cwd = this folder),
# enqueues jobs through both webs, waits for the worker to finish them, stops everything with
# SIGTERM and checks the graceful exits, then runs the nightly Report.
#
#   ./smoke-test.sh                                   # with `java` from PATH
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java ./smoke-test.sh
#   KEEP=1 ./smoke-test.sh                            # keep the temp dir (data + logs)
#
# Exit 0 when every check passes, 1 otherwise (the failing check and the logs are printed).
# Uses a fresh temporary LMS_DATA_DIR, so it never touches ./.data. Needs bash, curl and a JDK;
# each process runs in its own process group (set -m), as under Berth.
set -u -o pipefail
cd "$(dirname "$0")"

JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}
TIMEOUT=${TIMEOUT:-120}   # seconds allowed for startup and for draining the queue
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lms-smoke.XXXXXX")
export LMS_DATA_DIR="$TMP/data"
LOGS="$TMP/logs"
mkdir -p "$LOGS" "$LMS_DATA_DIR/processing"
PIDS=()
set -m # every background job gets its own process group, as Berth gives each replica

say() { printf 'smoke: %s\n' "$*"; }
fail() {
  say "FAIL: $*"
  for f in "$LOGS"/*.log; do printf -- '--- %s\n' "$f"; tail -n 25 "$f"; done
  exit 1
}
cleanup() {
  for p in "${PIDS[@]}"; do
    if kill -KILL -- "-$p" 2>/dev/null; then wait "$p" 2>/dev/null; fi
  done
  if [ "${KEEP:-0}" = 1 ]; then say "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

# start NAME PORT PROGRAM: like Berth, `sh -c` in a new process group. `exec` makes java the
# group leader so `wait` reports java's own exit code rather than the shell's.
start() {
  PORT=$2 BERTH_SERVICE=${1%%-*} BERTH_RELEASE=smoke BERTH_REPLICA=$1 LOG_LEVEL=info \
    sh -c "exec $JAVA $JAVA_OPTS $3" >"$LOGS/$1.log" 2>&1 &
  PIDS+=($!)
  eval "PID_${1//-/_}=$!"
}

# stop NAME: SIGTERM to the group, wait (at most 35 s, Berth's grace is 30 s), echo exit code
stop() {
  local pid
  pid=$(eval "echo \$PID_${1//-/_}")
  kill -TERM -- "-$pid"
  for _ in $(seq 350); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && fail "$1 still running 35 s after SIGTERM"
  wait "$pid"
}

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local deadline=$((SECONDS + $1)) what=$2
  shift 2
  until "$@"; do
    [ $SECONDS -lt $deadline ] || fail "timed out waiting for $what"
    sleep 0.1
  done
}

healthy() { [ "$(curl -s -m 2 "http://127.0.0.1:$1/health")" = ok ]; }
done_count() { find "$LMS_DATA_DIR/done" -name '*.done' 2>/dev/null | wc -l; }
has_done() { [ "$(done_count)" -ge "$1" ]; }
in_log() { grep -q -- "$2" "$LOGS/$1.log"; }
expect() { # expect STATUS METHOD URL [curl args...] -> body in $BODY
  local want=$1 method=$2 url=$3 out code
  shift 3
  out=$(curl -s -m 5 -X "$method" -w '\n%{http_code}' "$url" "$@") || fail "$method $url: no answer"
  code=${out##*$'\n'}
  BODY=${out%$'\n'*}
  BODY=${BODY%$'\n'}
  [ "$code" = "$want" ] || fail "$method $url: status $code, expected $want; body: $BODY"
}

say "using $("$JAVA" -version 2>&1 | head -n 1), opts: $JAVA_OPTS"

# A job left behind by a worker that died two minutes ago: the new worker must requeue it.
printf 'id=999999\ncourse=git-101\ntitle=Git Essentials\nstudent=orphan\n' \
  >"$LMS_DATA_DIR/processing/000999999.job"
touch -d '2 minutes ago' "$LMS_DATA_DIR/processing/000999999.job"

P1=$(free_port)
P2=$(free_port)
[ "$P1" != "$P2" ] || P2=$(free_port)
t0=$SECONDS
start web-1 "$P1" Web.java
start web-2 "$P2" Web.java
start worker-1 "" Worker.java
wait_for "$TIMEOUT" "web-1 /health" healthy "$P1"
wait_for "$TIMEOUT" "web-2 /health" healthy "$P2"
say "both webs healthy after $((SECONDS - t0)) s (3 JVMs compiling at once)"
grep -h "listening on" "$LOGS"/web-*.log

expect 200 GET "http://127.0.0.1:$P1/"
grep -q "web-1" <<<"$BODY" || fail "home page does not name the replica"
expect 200 GET "http://127.0.0.1:$P2/api/courses"
grep -q '"id": "java-101"' <<<"$BODY" || fail "course list lacks java-101: $BODY"
expect 200 GET "http://127.0.0.1:$P2/api/courses/k8s-301"
expect 404 GET "http://127.0.0.1:$P1/api/courses/nope"
grep -q '"error"' <<<"$BODY" || fail "404 body is not a JSON error: $BODY"
expect 400 POST "http://127.0.0.1:$P1/api/enroll?course=java-101"
expect 404 POST "http://127.0.0.1:$P1/api/enroll?course=nope&student=x"
expect 400 POST "http://127.0.0.1:$P1/api/enroll" -H 'Content-Type: application/json' -d '{"course":'

ids=()
for s in alice bob carol; do
  expect 202 POST "http://127.0.0.1:$P1/api/enroll?course=java-101&student=$s"
  ids+=("$(sed -n 's/.*"id": \([0-9]*\).*/\1/p' <<<"$BODY")")
done
for s in dave erin; do
  expect 202 POST "http://127.0.0.1:$P2/api/enroll" -H 'Content-Type: application/json' \
    -d "{\"course\": \"sql-201\", \"student\": \"$s\"}"
  ids+=("$(sed -n 's/.*"id": \([0-9]*\).*/\1/p' <<<"$BODY")")
done
expect 202 POST "http://127.0.0.1:$P2/api/enroll" -d 'course=k8s-301&student=Fran%C3%A7oise'
ids+=("$(sed -n 's/.*"id": \([0-9]*\).*/\1/p' <<<"$BODY")")
[ "$(printf '%s\n' "${ids[@]}" | grep -c .)" = 6 ] || fail "missing job ids: ${ids[*]}"
[ "$(printf '%s\n' "${ids[@]}" | sort -u | wc -l)" = 6 ] || fail "duplicate job ids: ${ids[*]}"
expect 200 GET "http://127.0.0.1:$P1/queue"
grep -Eq '^\{"depth": [0-9]+\}$' <<<"$BODY" || fail "/queue is not {\"depth\": N}: $BODY"
say "6 jobs enqueued through both webs (ids ${ids[*]}), queue $BODY"

wait_for "$TIMEOUT" "7 done jobs (6 + 1 recovered)" has_done 7
in_log worker-1 "job 999999: recovered" || fail "orphaned job was not recovered"
in_log worker-1 "job 999999 enroll orphan in git-101: done in" || fail "recovered job not processed"
in_log worker-1 "enroll Françoise in k8s-301: done in" || fail "non-ASCII student mangled"
expect 200 GET "http://127.0.0.1:$P2/queue"
[ "$BODY" = '{"depth": 0}' ] || fail "queue not empty after processing: $BODY"
expect 200 GET "http://127.0.0.1:$P2/"
grep -q "Fran&ccedil;oise\|Françoise" <<<"$BODY" || fail "home page lacks recent jobs"
say "worker processed all jobs"

# Graceful worker stop: TERM while a job runs; that job must still complete.
expect 202 POST "http://127.0.0.1:$P1/api/enroll?course=http-201&student=last"
last=$(sed -n 's/.*"id": \([0-9]*\).*/\1/p' <<<"$BODY")
wait_for 30 "job $last to start" in_log worker-1 "job $last enroll last in http-201: started"
stop worker-1
rc=$?
[ $rc = 0 ] || fail "worker exit code $rc after SIGTERM, expected 0"
in_log worker-1 "stop requested" || fail "worker did not log the stop"
grep -A5 "stop requested" "$LOGS/worker-1.log" | grep -q "job $last .*done in" ||
  fail "worker did not finish job $last after SIGTERM"
has_done 8 || fail "job $last has no done file"
say "worker finished job $last after SIGTERM and exited 0"

for w in web-1 web-2; do
  stop $w
  rc=$?
  [ $rc = 0 ] || fail "$w exit code $rc after SIGTERM, expected 0"
  in_log $w "stopped" || fail "$w did not log its graceful stop"
  in_log $w "POST /api/enroll 202" || fail "$w did not log requests"
done
say "both webs stopped gracefully with exit 0"

report=$(sh -c "exec $JAVA $JAVA_OPTS Report.java" 2>&1) || fail "Report failed: $report"
printf '%s\n' "$report"
grep -q "total: 8 enrollments" <<<"$report" || fail "report total is not 8"
grep -q "sql-201 .* 2 done" <<<"$report" || fail "report lacks sql-201 count"
touch "$TMP/not-a-dir"
if LMS_DATA_DIR="$TMP/not-a-dir" sh -c "exec $JAVA $JAVA_OPTS Report.java" >/dev/null 2>&1; then
  fail "Report exited 0 on an unreadable data dir"
fi
say "PASS in $((SECONDS - t0)) s"
