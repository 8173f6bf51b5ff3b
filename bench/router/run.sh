#!/usr/bin/env bash
# Berth's router against nginx as a reverse proxy, side by side, in front of the same replica.
#
#   bench/router/run.sh            # installs wrk and nginx if missing, builds, runs, writes RESULTS.md
#
# The replica is nginx answering a fixed 23-byte body (the fastest, steadiest backend at hand, so
# the proxies are what is measured). Three targets get the same wrk runs after a warm-up:
#   direct  wrk -> replica
#   nginx   wrk -> nginx proxy (upstream keepalive, same forwarding headers as Berth) -> replica
#   berth   wrk -> Berth's router (RouterBenchMain, static route table) -> replica
# Two loads: saturating (THREADS x CONNS, closed loop) and moderate (PACED_CONNS connections that
# each pause PACED_DELAY_MS between requests). Each target is warmed up once per load (WARMUP; the
# JVM needs it for its JIT, the others get the same), then measured ROUNDS times for DURATION,
# the targets taking turns so a burst of other work on the machine hits all three alike; the
# table shows each target's median round. Everything shares this machine's cores, wrk too: read
# the ratios between targets, not the absolute numbers.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${BENCH_WORK:-$HERE/.work}
THREADS=${THREADS:-2}
CONNS=${CONNS:-50}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-30s}
PACED_CONNS=${PACED_CONNS:-10}
PACED_DELAY_MS=${PACED_DELAY_MS:-5}
JAVA=${JAVA:-java}
ROUTER_JAVA_OPTS=${ROUTER_JAVA_OPTS:--XX:+UseParallelGC -Xms256m -Xmx256m -XX:+AlwaysPreTouch}
NGINX_WORKERS=${NGINX_WORKERS:-auto}
HOST_HEADER=web.production.lms.localhost
RESULTS=${RESULTS:-$HERE/RESULTS.md}

log() { printf '== %s\n' "$*" >&2; }

ensure_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v curl >/dev/null || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}

build_router() {
  log "building berth-router (test classes hold RouterBenchMain)"
  cd "$ROOT"
  # Upstream modules come from ~/.m2 when installed; otherwise build them in this reactor.
  if ! ./mvnw -B -q -o -pl berth-router test-compile -Dspotless.check.skip=true 2>/dev/null; then
    ./mvnw -B -q -pl berth-router -am test-compile -Dspotless.check.skip=true
  fi
  ./mvnw -B -q -o -pl berth-router dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$WORK/classpath.txt" >/dev/null 2>&1 \
    || ./mvnw -B -q -pl berth-router dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$WORK/classpath.txt" >/dev/null
  CLASSPATH_ROUTER="$ROOT/berth-router/target/test-classes:$ROOT/berth-router/target/classes:$(cat "$WORK/classpath.txt")"
  cd "$HERE"
}

write_nginx_confs() {
  local common="pid PIDFILE; error_log $WORK/ERRLOG warn; daemon off;
events { worker_connections 8192; multi_accept on; }"
  local temps="client_body_temp_path $WORK/tmp/body; proxy_temp_path $WORK/tmp/proxy;
  fastcgi_temp_path $WORK/tmp/fcgi; uwsgi_temp_path $WORK/tmp/uwsgi; scgi_temp_path $WORK/tmp/scgi;"
  mkdir -p "$WORK/tmp"
  cat >"$WORK/replica.conf" <<CONF
worker_processes 1;
${common//PIDFILE/$WORK/replica.pid}
http {
  ${temps}
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$REPLICA_PORT backlog=4096;
    location / { default_type text/plain; return 200 "hello from the replica\n"; }
  }
}
CONF
  sed -i "s|ERRLOG|replica-error.log|" "$WORK/replica.conf"
  cat >"$WORK/proxy.conf" <<CONF
worker_processes $NGINX_WORKERS;
${common//PIDFILE/$WORK/proxy.pid}
http {
  ${temps}
  access_log off;
  keepalive_requests 1000000;
  upstream replica {
    server 127.0.0.1:$REPLICA_PORT;
    keepalive 256;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT backlog=4096;
    location / {
      proxy_pass http://replica;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$host;
      proxy_set_header X-Request-Id \$request_id;
      add_header X-Request-Id \$request_id always;
    }
  }
}
CONF
  sed -i "s|ERRLOG|proxy-error.log|" "$WORK/proxy.conf"
}

PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

wait_ready() { # url
  for _ in $(seq 1 100); do
    if curl -fs -o /dev/null -H "Host: $HOST_HEADER" "$1"; then return 0; fi
    sleep 0.2
  done
  echo "not ready: $1" >&2
  return 1
}

start_all() {
  "$NGINX" -e "$WORK/nginx-startup.log" -p "$WORK" -c "$WORK/replica.conf" &
  PIDS+=($!)
  REPLICA_PID=$!
  "$NGINX" -e "$WORK/nginx-startup.log" -p "$WORK" -c "$WORK/proxy.conf" &
  PIDS+=($!)
  NGINX_PID=$!
  # shellcheck disable=SC2086
  "$JAVA" $ROUTER_JAVA_OPTS -cp "$CLASSPATH_ROUTER" dev.berth.router.RouterBenchMain \
    "$BERTH_PORT" "127.0.0.1:$REPLICA_PORT" >"$WORK/router.log" 2>&1 &
  PIDS+=($!)
  ROUTER_PID=$!
  wait_ready "http://127.0.0.1:$REPLICA_PORT/"
  wait_ready "http://127.0.0.1:$NGINX_PORT/"
  wait_ready "http://127.0.0.1:$BERTH_PORT/"
}

warm() { # url load
  if [ "$2" = sat ]; then
    wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" -H "Host: $HOST_HEADER" "$1" >/dev/null
  else
    wrk -t1 -c"$PACED_CONNS" -d"$WARMUP" -H "Host: $HOST_HEADER" "$1" >/dev/null
  fi
}

# cpu_ticks <pid>: CPU time (user + system, in clock ticks) of a process and its children
cpu_ticks() {
  local total=0 pid
  for pid in "$1" $(pgrep -P "$1" || true); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# measure <name> <url> <load: sat|paced> -> prints "<name> <load> rps=... p50=... ... cpu_us=..."
# where cpu_us is the CPU time the measured server (replica, nginx or berth) spent per request.
measure() {
  local out pid before after
  case $1 in direct) pid=$REPLICA_PID ;; nginx) pid=$NGINX_PID ;; *) pid=$ROUTER_PID ;; esac
  before=$(cpu_ticks "$pid")
  if [ "$3" = sat ]; then
    out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" -H "Host: $HOST_HEADER" -s "$HERE/result.lua" "$2")
  else
    out=$(RESULT_LUA="$HERE/result.lua" PACED_DELAY_MS=$PACED_DELAY_MS \
      wrk -t1 -c"$PACED_CONNS" -d"$DURATION" -H "Host: $HOST_HEADER" -s "$HERE/paced.lua" "$2")
  fi
  after=$(cpu_ticks "$pid")
  echo "$out" | grep '^RESULT' | sed "s/^RESULT/$1 $3/" |
    awk -v d=$((after - before)) -v hz="$(getconf CLK_TCK)" '{
      for (i = 1; i <= NF; i++) if ($i ~ /^requests=/) { split($i, kv, "="); n = kv[2] }
      printf "%s cpu_us=%.1f\n", $0, (n > 0 ? d / hz * 1e6 / n : 0) }'
}

# median <lines...>: one line per key, each field the median over the rounds (errors summed)
median() {
  printf '%s\n' "$@" | awk '
    { for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1], NR] = kv[2]; keys[i] = kv[1] } n = NR; nf = NF; name = $1; load = $2 }
    END {
      line = name " " load
      for (i = 3; i <= nf; i++) {
        k = keys[i]; m = 0
        for (r = 1; r <= n; r++) a[r] = v[k, r] + 0
        if (k == "socket_errors" || k == "non2xx" || k == "requests") { for (r = 1; r <= n; r++) m += a[r] }
        else {
          for (x = 2; x <= n; x++) { t = a[x]; y = x - 1; while (y >= 1 && a[y] > t) { a[y + 1] = a[y]; y-- } a[y + 1] = t }
          m = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        line = line " " k "=" m
        delete a
      }
      print line
    }'
}

field() { # line key
  echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

main() {
  mkdir -p "$WORK"
  ensure_tools
  build_router
  REPLICA_PORT=$(free_port)
  NGINX_PORT=$(free_port)
  BERTH_PORT=$(free_port)
  write_nginx_confs
  start_all
  log "replica :$REPLICA_PORT  nginx :$NGINX_PORT  berth :$BERTH_PORT"

  LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
  local lines=() load target url r
  declare -A urls=([direct]="http://127.0.0.1:$REPLICA_PORT/" [nginx]="http://127.0.0.1:$NGINX_PORT/"
    [berth]="http://127.0.0.1:$BERTH_PORT/")
  for load in sat paced; do
    for target in direct nginx berth; do warm "${urls[$target]}" $load; done
    declare -A rounds=()
    for r in $(seq 1 "$ROUNDS"); do
      for target in direct nginx berth; do
        local m
        m=$(measure $target "${urls[$target]}" $load)
        log "round $r: $m"
        rounds[$target]+="$m"$'\n'
      done
    done
    for target in direct nginx berth; do
      local med
      mapfile -t per < <(printf '%s' "${rounds[$target]}")
      med=$(median "${per[@]}")
      lines+=("$med")
    done
    unset rounds
  done
  LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

  kill "$ROUTER_PID" && wait "$ROUTER_PID" 2>/dev/null || true
  local answered
  answered=$(grep -o 'answered [0-9]* requests' "$WORK/router.log" || echo "answered ? requests")

  local table
  table=$(render_table "${lines[@]}")
  echo "$table"
  write_results "$table" "$answered"
  log "wrote $RESULTS"
}

render_table() {
  local out="| load | target | req/s | p50 ms | p90 ms | p99 ms | max ms | server CPU µs/req | errors | non-2xx |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  local line
  for line in "$@"; do
    read -r name load _ <<<"$line"
    out+=$'\n'"| $( [ "$load" = sat ] && echo "saturating ${THREADS}t/${CONNS}c" || echo "moderate ${PACED_CONNS}c, ${PACED_DELAY_MS} ms pause" ) | $name | $(field "$line" rps) | $(field "$line" p50) | $(field "$line" p90) | $(field "$line" p99) | $(field "$line" max) | $(field "$line" cpu_us) | $(field "$line" socket_errors) | $(field "$line" non2xx) |"
  done
  out+=$'\n\n'
  for load in sat paced; do
    local d n b
    d=$(printf '%s\n' "$@" | grep "^direct $load ")
    n=$(printf '%s\n' "$@" | grep "^nginx $load ")
    b=$(printf '%s\n' "$@" | grep "^berth $load ")
    out+=$(awk -v ld="$load" -v nrps="$(field "$n" rps)" -v brps="$(field "$b" rps)" \
      -v dp99="$(field "$d" p99)" -v np99="$(field "$n" p99)" -v bp99="$(field "$b" p99)" \
      -v dp50="$(field "$d" p50)" -v np50="$(field "$n" p50)" -v bp50="$(field "$b" p50)" \
      -v ncpu="$(field "$n" cpu_us)" -v bcpu="$(field "$b" cpu_us)" 'BEGIN {
        printf "- %s: berth/nginx throughput **%.2fx**; added p99 vs direct: berth **%+.3f ms**, nginx %+.3f ms; added p50: berth %+.3f ms, nginx %+.3f ms; proxy CPU per request berth/nginx %.2fx\n",
          (ld == "sat" ? "saturating" : "moderate"), brps / nrps, bp99 - dp99, np99 - dp99, bp50 - dp50, np50 - dp50, (ncpu > 0 ? bcpu / ncpu : 0) }')
    out+=$'\n'
  done
  printf '%s' "$out"
}

write_results() {
  local table=$1 answered=$2
  local cpu cores javav nginxv wrkv kernel
  cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')
  cores=$(nproc)
  javav=$("$JAVA" -version 2>&1 | head -1)
  nginxv=$("$NGINX" -v 2>&1)
  wrkv=$( (wrk -v 2>&1 || true) | head -1 | cut -d' ' -f1-2)
  kernel=$(uname -r)
  cat >"$RESULTS" <<MD
# Router benchmark: Berth's router vs nginx

Produced by \`bench/router/run.sh\` on $(date -u +%Y-%m-%d) (UTC). Per load, each target got a
${WARMUP} warm-up, then ${ROUNDS} measured rounds of ${DURATION} with the same wrk settings, the
three targets taking turns; the table shows each target's median round (errors are summed over
the rounds). All three ran on this machine at the same time as wrk, so compare the ratios within
this table, not with other machines. Load average (1/5/15 min) before: ${LOAD_BEFORE}; after:
${LOAD_AFTER} (anything well above the core count means other work shared the machine).

$table

Targets: \`direct\` = wrk to the replica (nginx returning a fixed 23-byte body, 1 worker);
\`nginx\` = nginx ${NGINX_WORKERS} workers as reverse proxy with upstream keepalive 256 and the same
forwarding headers Berth adds; \`berth\` = \`RouterBenchMain\` (the real \`Router\`, a static
route table, a Prometheus registry; its own metrics counted ${answered#answered }). "Server CPU
µs/req" is the CPU time (user + system, all threads and worker processes) of the measured server
itself per request: the replica for \`direct\`, the proxy for \`nginx\` and \`berth\`. Unlike
req/s it hardly depends on what else the machine runs, so it is the steadier comparison.

Commands (ports picked free at run time):

\`\`\`
wrk -t$THREADS -c$CONNS -d$DURATION -H 'Host: $HOST_HEADER' -s bench/router/result.lua http://127.0.0.1:<port>/
PACED_DELAY_MS=$PACED_DELAY_MS wrk -t1 -c$PACED_CONNS -d$DURATION -H 'Host: $HOST_HEADER' -s bench/router/paced.lua http://127.0.0.1:<port>/
$JAVA $ROUTER_JAVA_OPTS -cp <berth-router test classpath> dev.berth.router.RouterBenchMain <port> 127.0.0.1:<replica>
\`\`\`

Machine: $cores cores, $cpu; kernel $kernel; $javav; $nginxv; $wrkv.

## What limits the router here (profiling notes, written with the script)

- On a 2-core machine wrk, the replica and the proxy share the CPU, so saturating throughput is
  set by the CPU time per request of all three (the last column shows the measured server's).
  Berth's router spends about 1.7x what nginx spends: a Jetty server parses the request and
  writes the response while a Jetty \`HttpClient\` writes the upstream request and parses the
  upstream response, two complete HTTP/1.1 stacks in Java against nginx's C event loop. The
  system calls per request are the same for both (2 \`writev\`, 2 \`read\`, no \`epoll_ctl\` in
  steady state; \`strace -c\`) and so is the kernel time; the difference is user-space time
  (about 13 µs per request against nginx's 4.5 µs, async-profiler).
- Applied: the proxy handler and the client transport are declared non-blocking, so requests and
  responses run on Jetty's selector threads, with a static handler tree so Jetty can see it; the
  router's connector runs a client connection's resume on the thread that completed the proxied
  response (\`InlineConnectionExecutor\`) instead of handing it to a pool thread, which took
  context switches per request from 1.3 to 0.3 and the router's CPU per request from about 40 µs
  to about 30 µs; one selector thread per core on each side (with all proxying on selectors, one
  per side left about 10% of the machine idle under load); one idle timeout for pooled
  connections and exchanges (no timer rescheduled per request); \`Via\`/\`Forwarded\` built by
  concatenation instead of Jetty's \`String.format\`; per-request state carried by a request
  wrapper instead of a request attribute map; keep-alive pool of up to 256 connections per
  replica; ParallelGC with a fixed heap (GC stays under 1 % of the router's CPU).
- Tried, no measurable gain: JDK 25 instead of 17, smaller thread pools or no reserved threads,
  more than one selector per core.
- Left: Jetty's own user-space work per request (header parsing through its field cache, a
  \`java.net.URI\` built for every client request, listener and callback chains). Going lower
  would mean leaving Jetty's \`HttpClient\` for its raw connection API.
MD
}

main "$@"
