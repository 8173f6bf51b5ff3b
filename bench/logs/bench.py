#!/usr/bin/env python3
"""Log read benchmark: `berth logs worker -n N` vs `berth status` vs `tail -n N` on the same file.

Starts `./berth up` on free ports with a throw-away data directory and client config (BERTH_CONFIG),
deploys one worker that prints LINES short lines ("line 1" ... "line 3000000") and then sleeps,
waits until the last line is readable through the API, then times, in ROUNDS alternating rounds:
  - `./berth logs worker -n N --project benchlogs > /dev/null` (the launcher as a user runs it),
  - `./berth status --project benchlogs > /dev/null`,
  - `tail -n N LIVE_FILE > /dev/null` on the replica's live log file (it holds the last N lines),
and, to show where the time goes:
  - `./berth --version` (JVM start and class loading, no request),
  - the API call alone (GET .../logs?limit=N from Python: server scan, JSON, transfer),
  - `./berth logs ... -o json` (the same page, each line copied as JSON instead of formatted).
Prints medians (and min/max) of wall time, the ratios, and the CPU time each command and the
control plane used (wall time on a shared machine includes waiting for a CPU; CPU time does not).
"""
import glob, json, os, platform, resource, socket, statistics, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BERTH = os.path.join(ROOT, "berth")
ROUNDS = int(os.environ.get("ROUNDS", "7"))
LINES = int(os.environ.get("LINES", "3000000"))
N = int(os.environ.get("N", "100000"))
PROJECT = "benchlogs"

SPEC = f"""project: {PROJECT}
services:
  worker:
    type: worker
    command: awk 'BEGIN {{ for (i = 1; i <= {LINES}; i++) print "line " i }}' && exec sleep 1000000
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api(cfg, method, path, body=None, timeout=120):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(cfg["url"] + path, data=data, method=method,
                                 headers={"Authorization": "Bearer " + cfg["token"],
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.read()


SERVER_PID = None


def server_cpu():
    """CPU seconds (user + system) the control plane has used so far."""
    with open(f"/proc/{SERVER_PID}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


CPU = {}  # name -> [(client CPU, server CPU)] per run


def timed(cmd, env, name=None):
    c0, s0 = children_cpu(), server_cpu()
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - t0
    if name:
        CPU.setdefault(name, []).append((children_cpu() - c0, server_cpu() - s0))
    return wall


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    work = tempfile.mkdtemp(prefix="berth-bench-logs-")
    app = os.path.join(work, "app"); os.makedirs(app)
    data = os.path.join(work, "data")
    config = os.path.join(work, "config.json")
    env = dict(os.environ, BERTH_CONFIG=config, NO_COLOR="1")
    log = open(os.path.join(work, "up.log"), "w")
    global SERVER_PID
    up = subprocess.Popen([BERTH, "up", "--data-dir", data, "--api-port", str(free_port()),
                           "--router-port", str(free_port())], stdout=log, stderr=log, env=env)
    SERVER_PID = up.pid  # the launcher execs java: the same process
    try:
        deadline = time.time() + 120
        while not os.path.exists(config):
            if time.time() > deadline or up.poll() is not None:
                sys.exit("berth up did not start; see " + log.name)
            time.sleep(0.1)
        time.sleep(0.5)
        cfg = json.load(open(config))
        api(cfg, "POST", "/api/v1/apply", {"spec": SPEC, "sourceDir": app, "environment": "production"})
        logs = f"/api/v1/projects/{PROJECT}/environments/production/services/worker/logs"
        t0 = time.time()
        while True:
            try:
                page = json.loads(api(cfg, "GET", logs + "?limit=1"))
                if page["lines"] and page["lines"][-1]["text"] == f"line {LINES}":
                    break
            except urllib.error.HTTPError:
                pass
            if time.time() - t0 > 600:
                sys.exit("the worker's last line never showed up in its log")
            time.sleep(0.5)
        written = time.time() - t0
        live = [p for p in glob.glob(os.path.join(data, "logs", PROJECT, "production", "worker", "*.log"))]
        if len(live) != 1:
            sys.exit(f"expected one live log file, found {live}")
        live = live[0]
        files = sorted(glob.glob(os.path.join(os.path.dirname(live), "*.log*")))
        disk = sum(os.path.getsize(p) for p in files if ".log" in os.path.basename(p))
        with open(live, "rb") as f:
            live_lines = sum(1 for _ in f)
        if live_lines < N:
            sys.exit(f"the live file holds {live_lines} lines, fewer than {N}: tail would read less")
        time.sleep(2)  # the worker is idle now: measure reads only

        base = [BERTH]
        cmds = {
            "logs": base + ["logs", "worker", "-n", str(N), "--project", PROJECT],
            "status": base + ["status", "--project", PROJECT],
            "tail": ["tail", "-n", str(N), live],
            "version": base + ["--version"],
            "logs_json": base + ["logs", "worker", "-n", str(N), "--project", PROJECT, "-o", "json"],
        }
        # the output is right: N lines, ending with the last one written
        out = subprocess.run(cmds["logs"], env=env, capture_output=True, text=True, check=True).stdout.splitlines()
        assert len(out) == N and out[-1].endswith(f" line {LINES}"), (len(out), out[-1:])
        for name in cmds:  # warm the page cache and the launcher
            timed(cmds[name], env)
        samples = {k: [] for k in list(cmds) + ["api"]}
        loads = [loadavg()]
        for _ in range(ROUNDS):
            for name, cmd in cmds.items():
                samples[name].append(timed(cmd, env, name))
            s0 = server_cpu()
            t = time.perf_counter()
            body = api(cfg, "GET", logs + f"?limit={N}")
            samples["api"].append(time.perf_counter() - t)
            CPU.setdefault("api", []).append((0.0, server_cpu() - s0))
        loads.append(loadavg())
        med = {k: statistics.median(v) for k, v in samples.items()}
        ms = lambda k: f"{med[k] * 1000:.0f} ms ({min(samples[k]) * 1000:.0f}-{max(samples[k]) * 1000:.0f})"
        cpu = os.cpu_count()
        with open("/proc/cpuinfo") as f:
            model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "?")
        print(f"Machine: {platform.node()}, {cpu} cores ({model}), {platform.system()} {platform.release()}, "
              f"{subprocess.run(['java', '-version'], capture_output=True, text=True).stderr.splitlines()[0]}. "
              f"Load average before/after the rounds: {loads[0]} / {loads[1]} (other agents share the machine).")
        print()
        print(f"Log: one worker wrote {LINES:,} lines (`line 1` ... `line {LINES}`) in {written:.0f} s; "
              f"{disk / 1e6:.0f} MB on disk in {len(files)} files; the live file holds {live_lines:,} lines. "
              f"{ROUNDS} rounds, commands alternating; median (min-max).")
        print()
        print("Wall time, and CPU time (user + system, from getrusage and /proc; CPU time is what the load")
        print("of other processes inflates least) of the command's own process and of the control plane.")
        print()
        print("| command | wall median (min-max) | vs `berth status` | CPU of the command | CPU of the control plane |")
        print("|---|---|---|---|---|")
        rows = [("logs", f"`berth logs worker -n {N}`"), ("status", "`berth status`"),
                ("tail", f"`tail -n {N}` on the live file"), ("version", "`berth --version` (JVM start, no request)"),
                ("api", f"API call alone (`GET .../logs?limit={N}`, {len(body) / 1e6:.1f} MB JSON, from Python)"),
                ("logs_json", f"`berth logs worker -n {N} -o json`")]
        cpu_ms = lambda k, i: f"{statistics.median(c[i] for c in CPU[k]) * 1000:.0f} ms"
        for k, label in rows:
            client = "-" if k == "api" else cpu_ms(k, 0)
            print(f"| {label} | {ms(k)} | {med[k] / med['status']:.2f}x | {client} | {cpu_ms(k, 1)} |")
        print()
        ratio = med["logs"] / med["status"]
        print(f"**`berth logs -n {N}` / `berth status` = {ratio:.2f}x** (target: at most 2x): "
              f"{'met' if ratio <= 2 else 'NOT met'}. "
              f"`berth logs` / `tail -n {N}` = {med['logs'] / med['tail']:.0f}x. "
              f"CPU (command + control plane): `berth logs` "
              f"{sum(statistics.median(c[i] for c in CPU['logs']) for i in (0, 1)) * 1000:.0f} ms, "
              f"`berth status` {sum(statistics.median(c[i] for c in CPU['status']) for i in (0, 1)) * 1000:.0f} ms.")
    finally:
        up.terminate()
        try:
            up.wait(timeout=60)
        except subprocess.TimeoutExpired:
            up.kill()
        log.close()
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
