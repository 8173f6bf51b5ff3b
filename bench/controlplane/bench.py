#!/usr/bin/env python3
"""Control-plane benchmarks for Berth: what the control plane adds to an apply, idle memory, `berth status`.

Starts `./berth up` exactly as a user does (the launcher and its JVM flags) on free ports with a
throw-away data directory, once with the default JDK (17) and, when a JDK 24 or newer is present
(AOT_JAVA_HOME, else the newest under /usr/lib/jvm), once with it, where the launcher adds its
ahead-of-time cache. The cache is made first, by one `./berth up` (its time is reported), so that
the figures are of a user's second and later starts. Then, for each JDK:
  1. overhead of a warm apply: for a 3-service spec (one web, two workers), the time from
     `POST /api/v1/apply` to every replica ready, minus the app's own start time (the same web
     command started by hand until its port accepts), median and p90 over the rounds after the
     first (destroying in between). Readiness is polled every POLL_MS (5 ms): polling every
     millisecond took 10-15 ms of CPU away from the control plane and the starting app on 2 cores;
  2. the first apply after `berth up`, IDLE_SECONDS (10) after start, over COLD_STARTS (5) fresh
     starts per JDK, the JDKs alternating so that both see the same load;
  3. idle resident memory of the control plane (VmRSS), with nothing deployed and with the spec
     running;
and, with the default JDK, the wall time of `berth status` (the ./berth launcher and plain
`java -jar`). Prints a Markdown report; run.sh writes it to RESULTS.md.
"""
import glob, json, os, platform, shutil, socket, statistics, subprocess, sys, tempfile, time, urllib.request

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


def jdk_env(java_home):
    env = dict(os.environ)
    if java_home:
        env["JAVA_HOME"] = java_home
        env["PATH"] = os.path.join(java_home, "bin") + os.pathsep + env.get("PATH", "")
    return env


def java_version(java_home):
    java = os.path.join(java_home, "bin", "java") if java_home else "java"
    return subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]


def aot_java_home():
    """A JDK 24 or newer: AOT_JAVA_HOME, else the newest under /usr/lib/jvm; None if there is none."""
    if os.environ.get("AOT_JAVA_HOME"):
        return os.environ["AOT_JAVA_HOME"]
    best = None
    for release in glob.glob("/usr/lib/jvm/*/release"):
        for line in open(release):
            if line.startswith("JAVA_VERSION="):
                major = int(line.split('"')[1].split(".")[0])
                if major >= 24 and (best is None or major > best[0]):
                    best = (major, os.path.dirname(release))
    return best and best[1]


def start_berth(work, name, java_home=None, deadline_s=120, extra_env=None):
    """Starts `./berth up` on free ports with its own data dir and CLI config; returns (process, api, env)."""
    api_port, router_port = free_port(), free_port()
    config = os.path.join(work, name + "-config.json")
    env = dict(jdk_env(java_home), BERTH_CONFIG=config, NO_COLOR="1", **(extra_env or {}))
    log = open(os.path.join(work, name + "-up.log"), "w")
    up = subprocess.Popen([os.path.join(ROOT, "berth"), "up", "--data-dir", os.path.join(work, name + "-data"),
                           "--api-port", str(api_port), "--router-port", str(router_port), "--stop-grace", "5s"],
                          stdout=log, stderr=log, env=env)
    deadline = time.time() + deadline_s
    while "Berth is up" not in open(log.name).read():
        if time.time() > deadline or up.poll() is not None:
            sys.exit("berth up did not start; see " + log.name)
        time.sleep(0.05)
    cfg = json.load(open(config))
    return up, Api(cfg["url"], cfg["token"]), env


def stop_berth(up):
    up.terminate()
    try:
        up.wait(timeout=30)
    except subprocess.TimeoutExpired:
        up.kill()


def cpu_seconds(pid):
    """CPU time (user + system) the process has used so far, in seconds (10 ms resolution)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


CPU = {}  # pid -> CPU seconds the control plane used during its last apply_until_ready


def apply_until_ready(api, app, pid=None):
    """Seconds from POST /apply until every replica is ready (and, given the control plane's pid,
    the CPU time it used meanwhile, in CPU[pid]: unlike wall time, barely changed by other load)."""
    c0 = cpu_seconds(pid) if pid else 0
    t0 = time.perf_counter()
    api.call("POST", "/api/v1/apply", {"spec": SPEC, "sourceDir": app, "environment": "production"})
    while not all_ready(api.call("GET", "/api/v1/projects/bench/environments/production")):
        time.sleep(POLL_SECONDS)
    elapsed = time.perf_counter() - t0
    if pid:
        CPU[pid] = cpu_seconds(pid) - c0
    return elapsed


def destroy(api):
    api.call("DELETE", "/api/v1/projects/bench/environments/production")
    while api.call("GET", "/api/v1/projects/bench/environments/production/replicas"):
        time.sleep(0.01)


def measure_jdk(work, app, label, java_home, extra_env=None):
    """One `berth up`: idle memory, the first apply (cold), warm applies, memory with the spec running."""
    up, api, env = start_berth(work, slug(label), java_home, extra_env=extra_env)
    try:
        time.sleep(IDLE_SECONDS)
        idle_rss = rss_kb(up.pid)  # the launcher execs java: same pid
        totals, cpus = [], []
        for i in range(ROUNDS):
            totals.append(apply_until_ready(api, app, up.pid))
            cpus.append(CPU[up.pid])
            if i < ROUNDS - 1:
                destroy(api)
        running_rss = rss_kb(up.pid)
        cmdline = open(f"/proc/{up.pid}/cmdline").read().replace("\0", " ")
        aot = "-XX:AOTCache=" in cmdline or "berth-up-" in cmdline
    finally:
        stop_berth(up)
    return {"first": totals[0], "warm": totals[1:], "first_cpu": cpus[0], "warm_cpu": cpus[1:],
            "idle_rss": idle_rss, "running_rss": running_rss, "aot": aot}


def slug(label):
    return "".join(c if c.isalnum() else "-" for c in label.lower())


def main():
    if not os.path.isfile(JAR):
        sys.exit("build the jar first: ./berth --version")
    work = tempfile.mkdtemp(prefix="berth-bench-")
    app = os.path.join(work, "app"); os.makedirs(app)
    with open(os.path.join(app, "app.py"), "w") as f:
        f.write(APP)
    base_home = os.environ.get("BASE_JAVA_HOME")
    base = "JDK " + java_version(base_home).split('"')[1].split(".")[0]
    # (label, JAVA_HOME, extra environment): the default JDK without and with the launcher's
    # start-up archive, then a JDK 24+ with its AOT cache
    jdks = [(base + ", BERTH_AOT=off", base_home, {"BERTH_AOT": "off"}), (base + " + CDS archive", base_home, {})]
    aot_home = aot_java_home()
    cache_seconds = None
    try:
        # the launcher makes the default JDK's archive on the first `berth up` after a build
        up, _, _ = start_berth(work, "cds-prime", base_home, deadline_s=900)
        stop_berth(up)
        if aot_home:
            jdks.append(("JDK %s + AOT cache" % java_version(aot_home).split('"')[1].split(".")[0], aot_home, {}))
            # the launcher makes its cache on the first `berth up` after a build: let it, and time it
            t0 = time.perf_counter()
            up, _, _ = start_berth(work, "aot-prime", aot_home, deadline_s=900)
            cache_seconds = time.perf_counter() - t0
            stop_berth(up)
        starts = app_start_time(app)
        results = {}
        for label, home, extra in jdks:
            results[label] = measure_jdk(work, app, label, home, extra)
        colds = {label: [results[label]["first"]] for label, _, _ in jdks}
        cold_cpus = {label: [results[label]["first_cpu"]] for label, _, _ in jdks}
        for k in range(1, COLD_STARTS):
            for label, home, extra in jdks:  # alternating, so that every variant sees the same load
                up, api, _ = start_berth(work, f"cold{k}-{slug(label)}", home, extra_env=extra)
                try:
                    time.sleep(IDLE_SECONDS)
                    colds[label].append(apply_until_ready(api, app, up.pid))
                    cold_cpus[label].append(CPU[up.pid])
                finally:
                    stop_berth(up)

        # `berth status` wall time, default JDK
        up, api, env = start_berth(work, "status", jdks[0][1])
        try:
            apply_until_ready(api, app)

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
        finally:
            stop_berth(up)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ms = lambda xs, q=None: 1000 * (statistics.median(xs) if q is None else statistics.quantiles(xs, n=10)[8])
    app_median = statistics.median(starts)
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    load = open("/proc/loadavg").read().split()[:3]
    print("| measure | " + " | ".join(label for label, _, _ in jdks) + " | target |")
    print("|---|" + "---:|" * len(jdks) + "---|")
    row = lambda name, f, target="": print(f"| {name} | " + " | ".join(f(label) for label, _, _ in jdks) + f" | {target} |")
    row("warm apply to all 3 services ready (total), median / p90",
        lambda l: f"{ms(results[l]['warm']):.1f} / {ms(results[l]['warm'], 9):.1f} ms")
    row("the web app's own start (launched by hand until its port accepts), median", lambda l: f"{1000 * app_median:.1f} ms")
    row("**control plane adds to a warm apply** (total minus the app's own start), median / p90",
        lambda l: f"**{ms([t - app_median for t in results[l]['warm']]):.1f}** / {ms([t - app_median for t in results[l]['warm']], 9):.1f} ms",
        "under 100 ms")
    row(f"first apply after `berth up` ({IDLE_SECONDS:g} s after start), {COLD_STARTS} starts: total, median / max",
        lambda l: f"{ms(colds[l]):.1f} / {1000 * max(colds[l]):.1f} ms")
    row("**control plane adds to the first apply after start**, median / max",
        lambda l: f"**{ms([t - app_median for t in colds[l]]):.1f}** / {1000 * (max(colds[l]) - app_median):.1f} ms",
        "under 400 ms")
    row("control plane's CPU time (user + system) during a warm apply, median",
        lambda l: f"{ms(results[l]['warm_cpu']):.0f} ms")
    row("control plane's CPU time during the first apply after start, median / max",
        lambda l: f"{ms(cold_cpus[l]):.0f} / {1000 * max(cold_cpus[l]):.0f} ms")
    row("idle resident memory (VmRSS), nothing deployed, 10 s after start", lambda l: f"{results[l]['idle_rss'] / 1024:.0f} MiB", "under 200 MB")
    row("resident memory with the 3-service spec running", lambda l: f"{results[l]['running_rss'] / 1024:.0f} MiB")
    row("the launcher gave `up` its start-up archive or AOT cache", lambda l: "yes" if results[l]["aot"] else "no")
    print()
    print(f"""| `berth status` ({jdks[0][0]}) | median | p90 | target |
|---|---:|---:|---|
| `./berth status` wall time (launcher, CDS archive) | **{ms(launcher):.0f} ms** | {ms(launcher, 9):.0f} ms | under 500 ms |
| `java -jar berth.jar status` (no launcher, no archive) | {ms(plain):.0f} ms | {ms(plain, 9):.0f} ms | |
""")
    if cache_seconds is not None:
        print(f"Making the AOT cache (the first `./berth up` after a build on {jdks[-1][0].split(' +')[0]}, training run included) took {cache_seconds:.0f} s.")
    print(f"""
{ROUNDS} rounds per JDK (the warm figures: the {ROUNDS - 1} after the first apply; the first-apply figures: the first apply of {COLD_STARTS} fresh `berth up`s per JDK, each {IDLE_SECONDS:g} s after start), readiness polled every {POLL_SECONDS * 1000:g} ms. JDKs: {"; ".join(label + ": " + java_version(home) for label, home, _ in jdks)}. Machine: {os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}; load average after the run {' '.join(load)} (other agents share the machine).
""")


if __name__ == "__main__":
    main()
