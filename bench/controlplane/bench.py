#!/usr/bin/env python3
"""Control-plane benchmarks for Berth: apply-to-ready overhead, idle memory, `berth status` time.

Starts `berth up` from the built jar on free ports with a throw-away data directory, then:
  1. overhead: for a 3-service spec (one web, two workers), the time from `POST /api/v1/apply`
     to every replica ready, minus the app's own start time (the same web command started by hand
     until its port accepts), median and p90 over N rounds (destroying in between). The first
     apply after `berth up` runs on a younger JVM (after berth up's start-up rehearsal, see
     docs/benchmarks.md) and is reported on its own, as the median and maximum over COLD_STARTS
     fresh starts (5), each IDLE_SECONDS (10) after start; median and p90 are over the rounds
     after it. Readiness is polled every POLL_MS
     (5 ms): polling the status API every millisecond took 10-15 ms of CPU away from the control
     plane and the starting app on 2 cores, more than the 2.5 ms it adds on average by waiting;
  2. idle resident memory of the control plane (VmRSS), with nothing deployed and with the spec
     running;
  3. wall time of `berth status` (the ./berth launcher and plain `java -jar`), median over runs.
Prints a Markdown report; run.sh writes it to RESULTS.md.
"""
import json, os, platform, shutil, socket, statistics, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
JAR = os.path.join(ROOT, "berth-cli", "target", "berth.jar")
ROUNDS = int(os.environ.get("ROUNDS", "15"))
POLL_SECONDS = float(os.environ.get("POLL_MS", "5")) / 1000
COLD_STARTS = int(os.environ.get("COLD_STARTS", "5"))
IDLE_SECONDS = float(os.environ.get("IDLE_SECONDS", "10"))

APP = r'''
import http.server, os
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.send_header("Content-Length", "2"); self.end_headers(); self.wfile.write(b"ok")
    def log_message(self, *a): pass
http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
'''

SPEC = """project: bench
services:
  web:
    type: web
    command: python3 app.py
    health: {tcp: true}
  worker:
    type: worker
    command: exec sleep 100000
  mailer:
    type: worker
    command: exec sleep 100000
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Api:
    def __init__(self, url, token):
        self.url, self.token = url, token

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Authorization": "Bearer " + self.token,
                                              "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            if e.code == 404:
                return None
            raise


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def app_start_time(app_dir):
    """Seconds from launching the web command by hand until its port accepts."""
    samples = []
    for _ in range(ROUNDS):
        port = free_port()
        env = dict(os.environ, PORT=str(port))
        t0 = time.perf_counter()
        p = subprocess.Popen(["sh", "-c", "exec python3 app.py"], cwd=app_dir, env=env)
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.05).close()
                break
            except OSError:
                time.sleep(0.0005)
        samples.append(time.perf_counter() - t0)
        p.terminate(); p.wait()
    return samples


def all_ready(st):
    if not st:
        return False
    return all(s["ready"] == s["desired"] and s["state"] == "running" for s in st["services"])


def start_berth(work, name):
    """Starts `berth up` on free ports with its own data dir and CLI config; returns (process, api, env)."""
    api_port, router_port = free_port(), free_port()
    config = os.path.join(work, name + "-config.json")
    env = dict(os.environ, BERTH_CONFIG=config, NO_COLOR="1")
    log = open(os.path.join(work, name + "-up.log"), "w")
    up = subprocess.Popen([os.path.join(ROOT, "berth"), "up", "--data-dir", os.path.join(work, name + "-data"),
                           "--api-port", str(api_port), "--router-port", str(router_port), "--stop-grace", "5s"],
                          stdout=log, stderr=log, env=env)
    deadline = time.time() + 60
    while not os.path.exists(config):
        if time.time() > deadline or up.poll() is not None:
            sys.exit("berth up did not start; see " + log.name)
        time.sleep(0.05)
    time.sleep(0.5)
    cfg = json.load(open(config))
    return up, Api(cfg["url"], cfg["token"]), env


def stop_berth(up):
    up.terminate()
    try:
        up.wait(timeout=30)
    except subprocess.TimeoutExpired:
        up.kill()


def apply_until_ready(api, app):
    """Seconds from POST /apply until every replica is ready."""
    t0 = time.perf_counter()
    api.call("POST", "/api/v1/apply", {"spec": SPEC, "sourceDir": app, "environment": "production"})
    while not all_ready(api.call("GET", "/api/v1/projects/bench/environments/production")):
        time.sleep(POLL_SECONDS)
    return time.perf_counter() - t0


def main():
    if not os.path.isfile(JAR):
        sys.exit("build the jar first: ./berth --version")
    work = tempfile.mkdtemp(prefix="berth-bench-")
    app = os.path.join(work, "app"); os.makedirs(app)
    with open(os.path.join(app, "app.py"), "w") as f:
        f.write(APP)
    up, api, env = start_berth(work, "main")
    try:
        time.sleep(IDLE_SECONDS)
        idle_rss = rss_kb(up.pid)  # the launcher execs java: same pid

        starts = app_start_time(app)
        app_median = statistics.median(starts)

        totals = []
        for i in range(ROUNDS):
            totals.append(apply_until_ready(api, app))
            if i < ROUNDS - 1:
                api.call("DELETE", "/api/v1/projects/bench/environments/production")
                while api.call("GET", "/api/v1/projects/bench/environments/production/replicas"):
                    time.sleep(0.01)
        running_rss = rss_kb(up.pid)

        def timed(cmd, n=20):
            out = []
            for _ in range(n):
                t0 = time.perf_counter()
                subprocess.run(cmd, cwd=app, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
                out.append(time.perf_counter() - t0)
            return out

        subprocess.run([os.path.join(ROOT, "berth"), "--version"], env=env, stdout=subprocess.DEVNULL, check=True)
        launcher = timed([os.path.join(ROOT, "berth"), "status", "--project", "bench"])
        plain = timed(["java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR, "status", "--project", "bench"])
        json_out = timed([os.path.join(ROOT, "berth"), "status", "--project", "bench", "-o", "json"])
    finally:
        stop_berth(up)

    # More cold starts: a fresh `berth up` each, idle as long as the first, then one apply.
    colds = [totals[0]]
    try:
        for k in range(1, COLD_STARTS):
            up, api, _ = start_berth(work, f"cold{k}")
            try:
                time.sleep(IDLE_SECONDS)
                colds.append(apply_until_ready(api, app))
            finally:
                stop_berth(up)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ms = lambda xs, q=None: 1000 * (statistics.median(xs) if q is None else statistics.quantiles(xs, n=10)[8])
    warm = totals[1:]
    cold_overheads = [t - app_median for t in colds]
    overheads = [t - app_median for t in warm]
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    jv = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    load = open("/proc/loadavg").read().split()[:3]
    print(f"""| measure | median | p90 | target |
|---|---:|---:|---|
| apply to all 3 services ready (total) | {ms(warm):.1f} ms | {ms(warm, 9):.1f} ms | |
| the web app's own start (launched by hand until its port accepts) | {ms(starts):.1f} ms | {ms(starts, 9):.1f} ms | |
| **control-plane overhead** (total minus the app's own start) | **{ms(overheads):.1f} ms** | {ms(overheads, 9):.1f} ms | under 100 ms |
| first apply after `berth up` ({IDLE_SECONDS:g} s after start), {len(colds)} starts: total | {ms(colds):.1f} ms | max {1000 * max(colds):.1f} ms | |
| **first apply after `berth up`: overhead** | **{ms(cold_overheads):.1f} ms** | max {1000 * max(cold_overheads):.1f} ms | under 100 ms |
| `./berth status` wall time (launcher, CDS archive) | **{ms(launcher):.0f} ms** | {ms(launcher, 9):.0f} ms | under 500 ms |
| `java -jar berth.jar status` (no launcher, no archive) | {ms(plain):.0f} ms | {ms(plain, 9):.0f} ms | |
| `./berth status -o json` | {ms(json_out):.0f} ms | {ms(json_out, 9):.0f} ms | |

| control plane resident memory (VmRSS) | value | target |
|---|---:|---|
| idle, nothing deployed, 10 s after start | **{idle_rss / 1024:.0f} MiB** | under 200 MB |
| with the 3-service spec running | {running_rss / 1024:.0f} MiB | |

{ROUNDS} rounds each (the apply figures: {ROUNDS - 1} after the cold first one; the cold figures: the first apply of {len(colds)} fresh `berth up`s, each {IDLE_SECONDS:g} s after start), readiness polled every {POLL_SECONDS * 1000:g} ms. Machine: {os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}; {jv};
load average after the run {' '.join(load)}.
""")


if __name__ == "__main__":
    main()
