#!/usr/bin/env bash
# Berth's router as shipped (inside `berth up`) against nginx as a reverse proxy, side by side, in
# front of the same replica.
#
#   bench/router/run.sh            # installs wrk and nginx if missing, runs, writes RESULTS.md
#   HOLD=1 bench/router/run.sh     # only starts the three targets and leaves them up (profiling)
#   LOADS=sat bench/router/run.sh  # only the saturating load (sat, paced: both, the default)
#
# Nothing is built apart from what `./berth` itself builds on first use, so it runs on a clean clone.
# BERTH_JAVA_OPTS, if set, reaches `berth up` as the launcher passes it; the results show the JVM's
# command line either way.
#
# What runs, all on this machine:
#   berth   `./berth up` exactly as a user starts it (the launcher and its JVM flags, the defaults;
#           only its own --data-dir and free --api-port/--router-port), with a web service applied
#           by `./berth apply` whose one replica is nginx answering a fixed body
#   nginx   nginx (NGINX_WORKERS workers, upstream keepalive 64, the forwarding headers Berth adds)
#           proxying to that same replica
#   direct  the replica itself, for the baseline of the added latency
# Two loads: saturating (THREADS x CONNS, closed loop) and moderate (PACED_CONNS connections that
# each pause PACED_DELAY_MS between requests). Per load every target gets a WARMUP warm-up (the JVM
# needs it for its JIT, the others get the same), then ROUNDS measured rounds of DURATION, the
# targets taking turns so a burst of other work on the machine hits all three alike; the table
# shows each target's median round. Everything shares this machine's cores, wrk too: read the
# ratios between targets, not the absolute numbers.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
THREADS=${THREADS:-1}
CONNS=${CONNS:-32}
DURATION=${DURATION:-8s}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-30s}
PACED_CONNS=${PACED_CONNS:-10}
PACED_DELAY_MS=${PACED_DELAY_MS:-5}
LOADS=${LOADS:-sat paced} # sat: saturating; paced: moderate
NGINX_WORKERS=${NGINX_WORKERS:-1}
RESULTS=${RESULTS:-$HERE/RESULTS.md}
WORK=${BENCH_WORK:-$(mktemp -d /tmp/berth-router-bench.XXXXXX)}
HOST_HEADER=web.production.routerbench.localhost

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

# The app Berth deploys: one web replica, nginx with one worker answering a fixed 23-byte body on
# $PORT. It records its port and pid in $WORK/app/run by absolute path (`berth apply` uploads the
# directory, and the replica runs from the control plane's copy of it), so the other targets can
# reach the very same process.
write_app() {
  local app=$WORK/app
  mkdir -p "$app/run"
  cat >"$app/replica.conf.in" <<CONF
worker_processes 1;
pid @RUN@/replica.pid;
error_log @RUN@/replica-error.log warn;
daemon off;
events { worker_connections 8192; multi_accept on; }
http {
  client_body_temp_path @RUN@/body; proxy_temp_path @RUN@/proxy;
  fastcgi_temp_path @RUN@/fcgi; uwsgi_temp_path @RUN@/uwsgi; scgi_temp_path @RUN@/scgi;
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:@PORT@ backlog=4096;
    location / { default_type text/plain; return 200 "hello from the replica\n"; }
  }
}
CONF
  cat >"$app/berth.yaml" <<YAML
version: 1
project: routerbench
services:
  web:
    type: web
    command: >-
      mkdir -p run && sed -e "s|@PORT@|\$PORT|g" -e "s|@RUN@|\$PWD/run|g" replica.conf.in > run/replica.conf &&
      echo \$PORT > $app/run/port && echo \$\$ > $app/run/pid &&
      exec $NGINX -e "\$PWD/run/replica-startup.log" -p "\$PWD/run" -c "\$PWD/run/replica.conf"
    replicas: 1
    health: {http: /}
YAML
}

write_proxy_conf() {
  mkdir -p "$WORK/proxy"
  cat >"$WORK/proxy/proxy.conf" <<CONF
worker_processes $NGINX_WORKERS;
pid $WORK/proxy/proxy.pid;
error_log $WORK/proxy/error.log warn;
daemon off;
events { worker_connections 8192; multi_accept on; }
http {
  client_body_temp_path $WORK/proxy/body; proxy_temp_path $WORK/proxy/proxy;
  fastcgi_temp_path $WORK/proxy/fcgi; uwsgi_temp_path $WORK/proxy/uwsgi; scgi_temp_path $WORK/proxy/scgi;
  access_log off;
  keepalive_requests 1000000;
  upstream replica {
    server 127.0.0.1:$REPLICA_PORT;
    keepalive 64;
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
}

BERTH_PID=
NGINX_PID=
cleanup() {
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
  if [ -n "$BERTH_PID" ] && kill -0 "$BERTH_PID" 2>/dev/null; then
    kill -TERM "$BERTH_PID" 2>/dev/null || true # berth up stops its replicas on SIGTERM
    for _ in $(seq 1 100); do kill -0 "$BERTH_PID" 2>/dev/null || break; sleep 0.2; done
  fi
  wait 2>/dev/null || true
  [ -z "${BENCH_WORK:-}" ] && [ -z "${KEEP_WORK:-}" ] && rm -rf "$WORK"
  return 0
}
trap cleanup EXIT

wait_ready() { # url
  for _ in $(seq 1 150); do
    if curl -fs -o /dev/null -H "Host: $HOST_HEADER" "$1"; then return 0; fi
    sleep 0.2
  done
  echo "not ready: $1" >&2
  return 1
}

start_berth() {
  log "building the launcher's jar if needed (./berth --version)"
  "$ROOT/berth" --version >/dev/null
  API_PORT=$(free_port)
  ROUTER_PORT=$(free_port)
  # Its own home and client config, so the bench never overwrites the user's saved token.
  mkdir -p "$WORK/home"
  log "starting ./berth up --data-dir $WORK/data --api-port $API_PORT --router-port $ROUTER_PORT"
  HOME=$WORK/home BERTH_CONFIG=$WORK/home/config.json \
    "$ROOT/berth" up --data-dir "$WORK/data" --api-port "$API_PORT" --router-port "$ROUTER_PORT" \
    >"$WORK/berth-up.log" 2>&1 &
  BERTH_PID=$!
  for _ in $(seq 1 300); do
    grep -q 'Token' "$WORK/berth-up.log" 2>/dev/null && break
    kill -0 "$BERTH_PID" 2>/dev/null || { cat "$WORK/berth-up.log" >&2; exit 1; }
    sleep 0.2
  done
  TOKEN=$(sed -n 's/^ *Token *//p' "$WORK/berth-up.log" | head -1)
  [ -n "$TOKEN" ] || { echo "berth up printed no token" >&2; cat "$WORK/berth-up.log" >&2; exit 1; }
  log "applying the web service (./berth apply)"
  # Not under the bench's HOME: should the launcher rebuild its jar here (sources edited since the
  # build above), it must use the user's Maven repository, not download one into $WORK/home.
  (cd "$WORK/app" && BERTH_CONFIG=$WORK/home/config.json \
    BERTH_URL=http://127.0.0.1:$API_PORT BERTH_TOKEN=$TOKEN "$ROOT/berth" apply --yes) >"$WORK/apply.log" 2>&1 \
    || { cat "$WORK/apply.log" >&2; exit 1; }
  REPLICA_PORT=$(cat "$WORK/app/run/port")
  REPLICA_PID=$(cat "$WORK/app/run/pid")
}

start_nginx() {
  NGINX_PORT=$(free_port)
  write_proxy_conf
  "$NGINX" -e "$WORK/proxy/startup.log" -p "$WORK/proxy" -c "$WORK/proxy/proxy.conf" &
  NGINX_PID=$!
}

wrk_run() { # url load duration [script args...]
  local url=$1 load=$2 duration=$3
  if [ "$load" = sat ]; then
    wrk -t"$THREADS" -c"$CONNS" -d"$duration" -H "Host: $HOST_HEADER" -s "$HERE/result.lua" "$url"
  else
    RESULT_LUA="$HERE/result.lua" PACED_DELAY_MS=$PACED_DELAY_MS \
      wrk -t1 -c"$PACED_CONNS" -d"$duration" -H "Host: $HOST_HEADER" -s "$HERE/paced.lua" "$url"
  fi
}

# cpu_ticks <pid> [with-children]: CPU time (user + system, in clock ticks) of a process (and its
# children: nginx's workers). Berth is measured alone, without its replica.
cpu_ticks() {
  local total=0 pid pids=$1
  [ "${2:-}" = with-children ] && pids="$1 $(pgrep -P "$1" | tr '\n' ' ')"
  for pid in $pids; do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# measure <name> <url> <load: sat|paced> -> "<name> <load> rps=... p50=... ... cpu_us=..."
# where cpu_us is the CPU time the measured server (replica, nginx or berth) spent per request.
measure() {
  local out pid kids before after
  case $1 in
    direct) pid=$REPLICA_PID kids=with-children ;;
    nginx) pid=$NGINX_PID kids=with-children ;;
    *) pid=$BERTH_PID kids= ;;
  esac
  before=$(cpu_ticks "$pid" $kids)
  out=$(wrk_run "$2" "$3" "$DURATION")
  after=$(cpu_ticks "$pid" $kids)
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

# gc_counts: "young-count young-seconds full-count full-seconds" of berth up's JVM (jstat), or empty
gc_counts() {
  command -v jstat >/dev/null || return 0
  jstat -gc "$BERTH_PID" 2>/dev/null | awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
    NR == 2 { print $c["YGC"], $c["YGCT"], $c["FGC"], $c["FGCT"] }'
}

gc_line() {
  [ -n "$GC_BEFORE" ] && [ -n "$GC_AFTER" ] || { echo "(jstat not available)"; return; }
  awk -v b="$GC_BEFORE" -v a="$GC_AFTER" 'BEGIN { split(b, x, " "); split(a, y, " ");
    printf "%d young collections (%.0f ms in all), %d full collections (%.0f ms in all)",
      y[1] - x[1], (y[2] - x[2]) * 1000, y[3] - x[3], (y[4] - x[4]) * 1000 }'
}

field() { # line key
  echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

main() {
  mkdir -p "$WORK"
  ensure_tools
  write_app
  start_berth
  start_nginx
  wait_ready "http://127.0.0.1:$REPLICA_PORT/"
  wait_ready "http://127.0.0.1:$NGINX_PORT/"
  wait_ready "http://127.0.0.1:$ROUTER_PORT/"
  log "replica :$REPLICA_PORT  nginx :$NGINX_PORT  berth router :$ROUTER_PORT (api :$API_PORT)"
  if [ -n "${HOLD:-}" ]; then
    log "HOLD set: everything stays up for profiling (berth up is pid $BERTH_PID); Ctrl-C ends it"
    wait "$BERTH_PID" || true
    return
  fi

  UPTIME_BEFORE=$(uptime)
  GC_BEFORE=$(gc_counts)
  local lines=() rounds_log=() load target r
  declare -A urls=([direct]="http://127.0.0.1:$REPLICA_PORT/" [nginx]="http://127.0.0.1:$NGINX_PORT/"
    [berth]="http://127.0.0.1:$ROUTER_PORT/")
  for load in $LOADS; do
    for target in direct nginx berth; do
      log "warming $target ($load, $WARMUP)"
      wrk_run "${urls[$target]}" $load "$WARMUP" >/dev/null
    done
    declare -A rounds=()
    for r in $(seq 1 "$ROUNDS"); do
      for target in direct nginx berth; do
        local m
        m=$(measure $target "${urls[$target]}" $load)
        log "round $r: $m"
        rounds_log+=("round $r: $m")
        rounds[$target]+="$m"$'\n'
      done
    done
    for target in direct nginx berth; do
      mapfile -t per < <(printf '%s' "${rounds[$target]}")
      lines+=("$(median "${per[@]}")")
    done
    unset rounds
  done
  UPTIME_AFTER=$(uptime)
  GC_AFTER=$(gc_counts)
  BERTH_RSS_KB=$(awk '/^VmRSS/ {print $2}' "/proc/$BERTH_PID/status" 2>/dev/null || echo '?')

  local table
  table=$(render_table "${lines[@]}")
  table+=$'\n\n'"Round by round (each round's targets ran back to back, so a burst of other work hits them alike):"$'\n\n'
  table+=$(per_round "${rounds_log[@]}")
  echo "$table"
  write_results "$table" "$(printf '%s\n' "${rounds_log[@]}")"
  log "wrote $RESULTS"
}

# per_round <"round N: name load k=v ..." lines>: per load and round, berth/nginx throughput and
# each proxy's added p99 (its p99 minus that round's direct p99), then the median of each ratio.
per_round() {
  printf '%s\n' "$@" | awk '
    function val(line, key,   i, n, kv, f) { n = split(line, f, " "); for (i = 1; i <= n; i++) { split(f[i], kv, "="); if (kv[1] == key) return kv[2] + 0 } return 0 }
    function med(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; j = i - 1; while (j >= 1 && a[j] > t) { a[j + 1] = a[j]; j-- } a[j + 1] = t } return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    { r = $2; sub(":", "", r); name = $3; load = $4; rps[load, r, name] = val($0, "rps"); p99[load, r, name] = val($0, "p99")
      if (!((load, r) in seen)) { seen[load, r] = 1; order[++n] = load SUBSEP r } }
    END {
      for (i = 1; i <= n; i++) {
        split(order[i], k, SUBSEP); load = k[1]; r = k[2]
        t = rps[load, r, "berth"] / rps[load, r, "nginx"]
        ba = p99[load, r, "berth"] - p99[load, r, "direct"]; na = p99[load, r, "nginx"] - p99[load, r, "direct"]
        printf "- %s round %s: throughput berth/nginx %.2fx; added p99 berth %+.3f ms, nginx %+.3f ms (berth/nginx %s)\n",
          load, r, t, ba, na, (na > 0 && ba >= 0) ? sprintf("%.2fx", ba / na) : "n/a: an added p99 is not positive"
        c = ++cnt[load]; tr[load, c] = t; if (na > 0 && ba >= 0) { pr[load, ++pc[load]] = ba / na }
      }
      for (load in cnt) {
        delete a; for (j = 1; j <= cnt[load]; j++) a[j] = tr[load, j]; mt = med(a, cnt[load])
        delete a; for (j = 1; j <= pc[load]; j++) a[j] = pr[load, j]
        printf "- %s, median of the rounds: throughput berth/nginx **%.2fx**; added p99 berth/nginx **%s**\n",
          load, mt, pc[load] ? sprintf("%.2fx", med(a, pc[load])) : "n/a"
      }
    }'
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
  for load in $LOADS; do
    local d n b
    d=$(printf '%s\n' "$@" | grep "^direct $load ")
    n=$(printf '%s\n' "$@" | grep "^nginx $load ")
    b=$(printf '%s\n' "$@" | grep "^berth $load ")
    out+=$(awk -v ld="$load" -v nrps="$(field "$n" rps)" -v brps="$(field "$b" rps)" \
      -v dp99="$(field "$d" p99)" -v np99="$(field "$n" p99)" -v bp99="$(field "$b" p99)" \
      -v dp50="$(field "$d" p50)" -v np50="$(field "$n" p50)" -v bp50="$(field "$b" p50)" \
      -v ncpu="$(field "$n" cpu_us)" -v bcpu="$(field "$b" cpu_us)" 'BEGIN {
        na = np99 - dp99; ba = bp99 - dp99
        printf "- %s: berth/nginx throughput **%.2fx**; added p99 vs direct: berth **%+.3f ms**, nginx %+.3f ms (berth/nginx %s); added p50: berth %+.3f ms, nginx %+.3f ms; proxy CPU per request berth/nginx %.2fx\n",
          (ld == "sat" ? "saturating" : "moderate"), brps / nrps, ba, na,
          (na > 0 ? sprintf("%.2fx", ba / na) : "n/a"), bp50 - dp50, np50 - dp50, (ncpu > 0 ? bcpu / ncpu : 0) }')
    out+=$'\n'
  done
  printf '%s' "$out"
}

write_results() {
  local table=$1 rounds=$2
  local cpu cores javav nginxv wrkv kernel opts
  cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')
  cores=$(nproc)
  javav=$(java -version 2>&1 | head -1)
  nginxv=$("$NGINX" -v 2>&1)
  wrkv=$( (wrk -v 2>&1 || true) | head -1 | cut -d' ' -f1-2)
  kernel=$(uname -r)
  opts=$(tr '\0' ' ' <"/proc/$BERTH_PID/cmdline" 2>/dev/null | sed "s|$WORK|<work>|g; s|$ROOT/||g" || echo '?')
  cat >"$RESULTS" <<MD
# Router benchmark: Berth's router inside \`berth up\` vs nginx

Produced by \`bench/router/run.sh\` on $(date -u '+%Y-%m-%d %H:%M') UTC. Per load, each target
got a ${WARMUP} warm-up, then ${ROUNDS} measured rounds of ${DURATION} with the same wrk
settings, the three targets taking turns; the table shows each target's median round (errors are
summed over the rounds). All three ran on this machine at the same time as wrk, so compare the
ratios within this table, not with other machines.

Machine load (\`uptime\`) before: \`${UPTIME_BEFORE}\`; after: \`${UPTIME_AFTER}\` (a load well above
the core count means other work shared the machine).

Garbage collection in \`berth up\` from the first warm-up to the last round: $(gc_line).

$table

Targets: \`berth\` = the router of \`./berth up\` as the launcher starts it (process:
\`$opts\`; resident memory at the end ${BERTH_RSS_KB} KiB), routing to a web service deployed
with \`./berth apply\`; \`nginx\` = nginx with ${NGINX_WORKERS} worker(s) as reverse proxy with
upstream keepalive 64 and the same forwarding headers Berth adds; \`direct\` = wrk to the
replica (that service's one replica: nginx, 1 worker, a fixed 23-byte body). "Added p99" is a
target's p99 minus the direct p99 under the same load. "Server CPU µs/req" is the CPU time
(user + system) of the measured server itself per request: the replica (master and worker) for
\`direct\`, the proxy (master and workers) for \`nginx\`, the whole \`berth up\` JVM (without its
replica) for \`berth\`.

Commands (ports picked free at run time):

\`\`\`
./berth up --data-dir <work>/data --api-port <free> --router-port <free>
./berth apply --yes        # in <work>/app, the berth.yaml written by run.sh
wrk -t$THREADS -c$CONNS -d$DURATION -H 'Host: $HOST_HEADER' -s bench/router/result.lua http://127.0.0.1:<port>/
PACED_DELAY_MS=$PACED_DELAY_MS wrk -t1 -c$PACED_CONNS -d$DURATION -H 'Host: $HOST_HEADER' -s bench/router/paced.lua http://127.0.0.1:<port>/
\`\`\`

Machine: $cores cores, $cpu; kernel $kernel; $javav; $nginxv; $wrkv.

Every round, in order:

\`\`\`
$rounds
\`\`\`
MD
}

main "$@"
