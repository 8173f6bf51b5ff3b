#!/usr/bin/env python3
"""Deploy benchmark driver (run by bench/deploy/run.sh, which starts `./berth up` and cleans up).

Against the control plane at $BERTH_URL (router on 127.0.0.1:$ROUTER_PORT), with `./berth apply`
run as a user runs it from an app directory, ROUNDS times each:
  rolling    a rolling deploy (env change) of a 3-replica web service under LOAD_RATE requests/s
  neverready a release whose health path 404s, rolled back at its progressDeadline (20s), under load
  crash      a release whose command exits at once (crash loop), rolled back, under load
  errors     a release that becomes ready but answers 500 on /, rolled back by the watch after going live
then, without load, QUIET_DEPLOYS rolling deploys (the control plane's own time from events) and
PACK_RUNS applies of a ~100 MB / 5,000-file directory (the CLI's "Uploaded code ... MB/s").
Prints a Markdown report on stdout; progress on stderr.
"""
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
WORK = os.environ.get("WORK", "")
URL = os.environ.get("BERTH_URL", "")
TOKEN = os.environ.get("BERTH_TOKEN", "")
ROUTER_PORT = int(os.environ.get("ROUTER_PORT", "0"))
ROUNDS = int(os.environ.get("ROUNDS", "3"))
RATE = float(os.environ.get("LOAD_RATE", "50"))
QUIET_DEPLOYS = int(os.environ.get("QUIET_DEPLOYS", "3"))
PACK_RUNS = int(os.environ.get("PACK_RUNS", "3"))
PACK_FILES = int(os.environ.get("PACK_FILES", "5000"))
PACK_MB = float(os.environ.get("PACK_MB", "100"))
DEADLINE_S = 20
PROJECT, ENV = "deploybench", "production"
HOST = f"web.{ENV}.{PROJECT}.localhost"
APP = os.path.join(WORK, "app")
STEADY = {"rolling": 12, "neverready": 26, "crash": 12, "errors": 12}  # seconds of load before the apply
LOADGEN = None  # the running load generator, stopped by the signal handler too


def log(msg):
    print("== " + msg, file=sys.stderr, flush=True)


def ts(iso):
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def api(path):
    req = urllib.request.Request(URL + path, headers={"Authorization": "Bearer " + TOKEN})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def events_after(after_id, project=PROJECT):
    out = []
    while True:
        q = urllib.parse.urlencode({"project": project, "environment": ENV, "after": after_id, "limit": 1000})
        page = api("/api/v1/events?" + q)
        if not page:
            return out
        out += page
        after_id = page[-1]["id"]


def last_event_id():
    evs = events_after(0)
    return evs[-1]["id"] if evs else 0


def berth(*args, cwd=APP):
    """Runs ./berth as a user does; returns (exit code, output, wall seconds, start epoch)."""
    env = dict(os.environ, NO_COLOR="1")
    t0 = time.time()
    p = subprocess.run([os.path.join(ROOT, "berth"), *args], cwd=cwd, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return p.returncode, p.stdout, time.time() - t0, t0


def write_spec(version, variant="good"):
    health = "{http: /never, interval: 200ms}" if variant == "neverready" else "{http: /health, interval: 200ms}"
    crash = '\n      CRASH: "1"' if variant == "crash" else ""
    crash += '\n      ERRORS: "1"' if variant == "errors" else ""
    with open(os.path.join(APP, "berth.yaml"), "w") as f:
        f.write(f"""version: 1
project: {PROJECT}
services:
  web:
    type: web
    command: exec python3 server.py
    replicas: 3
    env:
      VERSION: "{version}"{crash}
    health: {health}
    deploy: {{progressDeadline: {DEADLINE_S}s}}
""")


def start_load(name):
    global LOADGEN
    out = os.path.join(WORK, f"load-{name}.txt")
    LOADGEN = (subprocess.Popen([sys.executable, os.path.join(HERE, "loadgen.py"), "--port", str(ROUTER_PORT),
                                 "--host-header", HOST, "--rate", str(RATE), "--out", out]), out)
    return time.time()


def stop_load():
    global LOADGEN
    p, out = LOADGEN
    p.send_signal(signal.SIGTERM)
    p.wait(timeout=60)
    LOADGEN = None
    rows = []
    for line in open(out):
        due, end, lat, status, body = line.split(" ", 4)
        rows.append((float(due), float(end), float(lat), int(status), body.strip()))
    return rows


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(p / 100 * len(s) + 0.5)) - 1))]


def window(rows, t0, t1):
    sel = [r for r in rows if t0 <= r[0] < t1]
    ok = [r for r in sel if r[3] == 200]
    # a 500 the app answered (the errors scenario's bad release) is not a request the deploy failed
    app_errors = [r for r in sel if r[3] == 500 and r[4].startswith("error-")]
    lat = [r[2] for r in ok]
    versions = {}
    for r in ok:
        versions[r[4]] = versions.get(r[4], 0) + 1
    return {"sent": len(sel), "failed": len(sel) - len(ok) - len(app_errors), "app_errors": len(app_errors), "p50": pct(lat, 50), "p99": pct(lat, 99),
            "max": max(lat) if lat else float("nan"), "versions": versions,
            "errors": sorted({f"{r[3]} {r[4]}" for r in sel if r[3] != 200 and r not in app_errors})}


def wait_status(pred, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        st = api(f"/api/v1/projects/{PROJECT}/environments/{ENV}")
        if pred(st):
            return time.time()
        time.sleep(0.1)
    raise SystemExit("timed out waiting for the environment's state: " + json.dumps(st)[:2000])


def settled(st):
    """Every replica of web ready, none stopping, the service on one release."""
    s = [x for x in st["services"] if x["name"] == "web"][0]
    reps = s.get("replicas", [])
    return s["ready"] == 3 and s["desired"] == 3 and len(reps) == 3 and all(r["ready"] for r in reps)


def by_type(evs, typ, replicas=None):
    return [e for e in evs if e["type"] == typ and (replicas is None or e["replica"] in replicas)]


def new_replicas(evs, version):
    return {e["replica"] for e in by_type(evs, "ReplicaCreated") if e["message"] == f"replica of release {version}"}


def release_of(output):
    m = re.search(r"-> release (v\d+)", output)
    return m and m.group(1)


def union_len(intervals):
    total, end = 0.0, None
    for a, b in sorted(intervals):
        if end is None or a > end:
            total += b - a
            end = b
        elif b > end:
            total += b - end
            end = b
    return total


def breakdown(evs, version, cli_start):
    """The control plane's own time in one rolling deploy, from its events."""
    news = new_replicas(evs, version)
    applied = ts(by_type(evs, "Applied")[0]["at"])
    live = ts([e for e in by_type(evs, "ReleaseLive") if e["message"].startswith(version + " ")][0]["at"])
    started = {e["replica"]: ts(e["at"]) for e in by_type(evs, "ReplicaStarted", news)}
    ready = {e["replica"]: ts(e["at"]) for e in by_type(evs, "ReplicaReady", news)}
    created = {e["replica"]: ts(e["at"]) for e in by_type(evs, "ReplicaCreated", news)}
    own = union_len([(started[r], ready[r]) for r in news if r in started and r in ready])
    stops = []
    stopping = {e["replica"]: ts(e["at"]) for e in by_type(evs, "ReplicaStopping")}
    for e in by_type(evs, "ReplicaStopped"):
        if e["replica"] in stopping and e["replica"] not in news:
            stops.append(ts(e["at"]) - stopping[e["replica"]])
    order = sorted(news, key=lambda r: created[r])
    steps = [created[order[i + 1]] - ready[order[i]] for i in range(len(order) - 1)
             if order[i] in ready and order[i + 1] in created]
    return {"cli_to_applied": applied - cli_start, "applied_to_live": live - applied, "own": own,
            "cp_server": live - applied - own, "cp_cli": live - cli_start - own,
            "first_create": min(created.values()) - applied,
            "spawn": statistics.median([started[r] - created[r] for r in news if r in started]),
            "start_ready": statistics.median([ready[r] - started[r] for r in news if r in ready]),
            "step": statistics.median(steps) if steps else float("nan"),
            "ready_to_live": live - max(ready.values()),
            "old_stop": statistics.median(stops) if stops else float("nan"), "live": live}


VERSION = [0]


def gc():
    """(young count, young s, full count, full s) of `berth up`'s JVM so far, from jstat; None without it."""
    try:
        out = subprocess.run(["jstat", "-gc", os.environ.get("BERTH_PID", "0")], capture_output=True, text=True,
                             timeout=20).stdout.split("\n")
        col = dict(zip(out[0].split(), out[1].split()))
        return int(col["YGC"]), float(col["YGCT"]), int(col["FGC"]), float(col["FGCT"])
    except Exception:
        return None


def gc_delta(a, b):
    if not a or not b:
        return "–"
    return f"{b[0] - a[0]} young ({(b[1] - a[1]) * 1000:.0f} ms), {b[2] - a[2]} full ({(b[3] - a[3]) * 1000:.0f} ms)"


def next_version():
    VERSION[0] += 1
    return str(VERSION[0])


def scenario(kind, rnd):
    """One deploy under load; returns its figures."""
    wait_status(settled)
    version = next_version()
    write_spec(version, kind if kind != "rolling" else "good")
    before_id = last_event_id()
    old_version = api(f"/api/v1/projects/{PROJECT}/environments/{ENV}")["services"][0]["release"]
    load_start = start_load(f"{kind}-{rnd}")
    time.sleep(STEADY[kind])
    gc0 = gc()
    code, out, wall, t_apply = berth("apply", "--yes", "-m", f"bench {kind} {rnd}")
    rel = release_of(out)
    log(f"{kind} round {rnd}: berth apply exit {code} after {wall:.1f}s, release {rel}")
    res = {"kind": kind, "round": rnd, "exit": code, "wall": wall, "release": rel,
           "apply_out": out.strip().splitlines()[-3:]}
    if kind == "rolling":
        if code != 0:
            res["bug"] = "rolling deploy did not go live: " + out
        wait_status(settled, 60)
    else:
        # wait for the rollback, then for the bad replicas to be gone and the old ones all ready
        deadline = time.time() + 90
        while time.time() < deadline and not by_type(events_after(before_id), "ReleaseRolledBack"):
            time.sleep(0.1)
        wait_status(settled, 60)
    gc1 = gc()
    time.sleep(0.5)
    evs = events_after(before_id)
    news = new_replicas(evs, rel) if rel else set()
    stopped_new = [ts(e["at"]) for e in by_type(evs, "ReplicaStopped", news)]
    stopped_old = [ts(e["at"]) for e in by_type(evs, "ReplicaStopped") if e["replica"] not in news]
    time.sleep(2)
    rows = stop_load()
    applied = ts(by_type(evs, "Applied")[0]["at"]) if by_type(evs, "Applied") else t_apply
    if kind == "rolling":
        lives = [ts(e["at"]) for e in by_type(evs, "ReleaseLive")]
        end = max(lives + stopped_old) if lives else time.time()
        res["cp"] = breakdown(evs, rel, t_apply) if lives else None
        newv = [r[0] for r in rows if r[3] == 200 and r[4] == version]
        oldv = [r[0] for r in rows if r[3] == 200 and r[4] != version and r[0] >= t_apply]
        res["first_new"] = (min(newv) - applied) if newv else None
        res["last_old_after_live"] = (max(oldv) - max(lives)) if oldv and lives else None
        res["all_new_after"] = not [r for r in rows if r[3] == 200 and r[0] > end + 0.3 and r[4] != version]
    else:
        rb = by_type(evs, "ReleaseRolledBack")
        if not rb:
            res["bug"] = f"no ReleaseRolledBack event for {rel}"
            end = time.time()
        else:
            t_rb = ts(rb[0]["at"])
            end = max([t_rb] + stopped_new)
            res["rolledback_msg"] = rb[0]["message"]
            res["apply_to_rb"] = t_rb - t_apply
            res["applied_to_rb"] = t_rb - applied
            res["rb_to_bad_stopped"] = (max(stopped_new) - t_rb) if stopped_new else None
            bad = [r[0] for r in rows if (r[3] == 200 and r[4] == version) or r[4] == f"error-{version}"]
            res["bad_served"] = len(bad)
            # all traffic on the old release from: the last answer of the bad release, or the rollback
            res["rb_to_all_old"] = max(0.0, (max(bad) - t_rb) if bad else 0.0)
            if kind == "neverready":
                res["signal"] = applied + DEADLINE_S  # the deadline counts from the rollout's start
            elif kind == "errors":
                # the watch judges from the release going live (its 500s started during the rollout)
                lives = [ts(e["at"]) for e in by_type(evs, "ReleaseLive") if e["message"].startswith(rel + " ")]
                res["signal"] = lives[0] if lives else t_rb
                errs = [r[0] for r in rows if r[4] == f"error-{version}"]
                res["first_500_to_rb"] = (t_rb - min(errs)) if errs else None
            else:
                # a crash loop is a new replica restarted twice (docs/deploys.md): the signal is
                # the second ReplicaRestarted; the second exit came one CrashLoopBackOff (1 s) earlier
                restarts = [ts(e["at"]) for e in by_type(evs, "ReplicaRestarted", news) if ts(e["at"]) <= t_rb]
                exits = [ts(e["at"]) for e in by_type(evs, "ReplicaExited", news) if ts(e["at"]) <= t_rb]
                res["signal"] = restarts[-1] if restarts else t_rb
                res["exit_to_rb"] = (t_rb - exits[-1]) if exits else None
                res["exits"] = len(exits)
            res["signal_to_rb"] = t_rb - res["signal"]
        res["old_stopped"] = len(stopped_old)
        if stopped_old and kind != "errors":  # a watch may judge after old replicas were replaced
            res["bug"] = (res.get("bug", "") + f" {len(stopped_old)} replica(s) of the live release stopped "
                          "during a deploy that was rolled back").strip()
    dur = end - t_apply
    res["deploy"] = window(rows, t_apply, end)
    res["steady"] = window(rows, max(load_start + 1.0, t_apply - dur), t_apply)
    res["whole"] = window(rows, 0, 1e12)
    res["dur"] = dur
    res["steady_dur"] = min(dur, t_apply - load_start - 1.0)
    res["old_version"] = old_version
    res["gc"] = gc_delta(gc0, gc1)
    return res


def quiet_deploy(i):
    wait_status(settled)
    version = next_version()
    write_spec(version)
    before_id = last_event_id()
    code, out, wall, t0 = berth("apply", "--yes", "-m", f"bench quiet {i}")
    rel = release_of(out)
    wait_status(settled, 60)
    time.sleep(0.5)
    evs = events_after(before_id)
    log(f"quiet deploy {i}: exit {code}, {wall:.1f}s, {rel}")
    return breakdown(evs, rel, t0) if code == 0 else {"bug": out}


def own_start_time(n=5):
    """The app's own start-to-ready time, started by hand: spawn to the first 200 on /health."""
    import http.client
    import socket
    samples = []
    for _ in range(n):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        t0 = time.perf_counter()
        p = subprocess.Popen(["sh", "-c", "exec python3 server.py"], cwd=APP, env=dict(os.environ, PORT=str(port)))
        while True:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                c.request("GET", "/health")
                if c.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.002)
        samples.append(time.perf_counter() - t0)
        p.terminate()
        p.wait()
    return statistics.median(samples)


def pack_runs():
    d = os.path.join(WORK, "pack")
    os.makedirs(os.path.join(d, "data"), exist_ok=True)
    size = int(PACK_MB * 1e6 / PACK_FILES)
    for i in range(PACK_FILES):
        with open(os.path.join(d, "data", f"{i // 100:02d}-{i:05d}.bin"), "wb") as f:
            f.write(os.urandom(size))
    with open(os.path.join(d, "berth.yaml"), "w") as f:
        f.write("version: 1\nproject: packbench\nservices:\n  worker:\n    type: worker\n"
                "    command: exec sleep 100000\n")
    out = []
    for i in range(PACK_RUNS):
        with open(os.path.join(d, "run.txt"), "w") as f:  # new code each time: a new digest, a full upload
            f.write(f"run {i} {time.time()}\n")
        before = 0
        evs0 = events_after(0, "packbench")
        before = evs0[-1]["id"] if evs0 else 0
        code, text, wall, t0 = berth("apply", "--yes", cwd=d)
        m = re.search(r"Uploaded code \S+ \(([\d.]+) (\w+), (\d+) files, ([\d.]+) MB/s\)", text)
        evs = events_after(before, "packbench")
        applied = by_type(evs, "Applied")
        res = {"exit": code, "wall": wall, "line": (m.group(0) if m else text.strip()[:300]),
               "mbps": float(m.group(4)) if m else float("nan"),
               "to_applied": (ts(applied[0]["at"]) - t0) if applied else float("nan")}
        log(f"pack run {i + 1}: {res['line']}; apply exit {code} after {wall:.1f}s")
        out.append(res)
    total = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(d) for f in fs)
    return out, total


def med(values):
    values = [v for v in values if v is not None and v == v]
    return statistics.median(values) if values else float("nan")


def ms(v):
    return "–" if v is None or v != v else f"{v * 1000:.0f}"


def fmt(v, unit=" ms"):
    return "–" if v is None or v != v else f"{v:.1f}{unit}"


def report(results, quiet, packs, pack_bytes, own):
    print("### Deploys under load (%.0f requests/s through the router, one new connection each)\n" % RATE)
    print("Each row is one deploy; `deploy` is the window from the `berth apply` command's start to the "
          "release live and the old replicas stopped (rolling) or to the rollback done and the bad "
          "replicas stopped (rollbacks); `steady` is the same duration of the same load right before "
          "it. Latency counts from when each request was due.\n")
    print("| scenario | round | apply exit | window s | sent (deploy / steady) | failed (deploy / steady) "
          "| p50 ms (deploy / steady) | p99 ms (deploy / steady) | max ms (deploy) | answers by version (deploy) | GC in `berth up`, apply to settled |")
    print("|---|---:|---:|---:|---|---|---|---|---:|---|---|")
    for r in results:
        d, s = r["deploy"], r["steady"]
        print(f"| {r['kind']} | {r['round']} | {r['exit']} | {r['dur']:.1f} | {d['sent']} / {s['sent']} "
              f"| **{d['failed']}** / {s['failed']} | {d['p50']:.1f} / {s['p50']:.1f} | {d['p99']:.1f} / {s['p99']:.1f} "
              f"| {d['max']:.1f} | {', '.join(f'v={k}: {n}' for k, n in sorted(d['versions'].items()))} | {r['gc']} |")
    print()
    for kind in ("rolling", "neverready", "crash", "errors"):
        rs = [r for r in results if r["kind"] == kind]
        if not rs:
            continue
        print(f"- **{kind}**, median of {len(rs)}: failed during the deploy **{med([r['deploy']['failed'] for r in rs]):.0f}** "
              f"(all rounds: {sum(r['deploy']['failed'] for r in rs)} of {sum(r['deploy']['sent'] for r in rs)} sent; "
              f"over each whole load run: {sum(r['whole']['failed'] for r in rs)} of {sum(r['whole']['sent'] for r in rs)}"
              + (f"; 500s answered by the bad release, not counted as failed: {sum(r['deploy']['app_errors'] for r in rs)}" if kind == "errors" else "")
              + "); "
              f"p50 {med([r['deploy']['p50'] for r in rs]):.1f} ms vs steady {med([r['steady']['p50'] for r in rs]):.1f} ms; "
              f"p99 {med([r['deploy']['p99'] for r in rs]):.1f} ms vs steady {med([r['steady']['p99'] for r in rs]):.1f} ms; "
              f"window {med([r['dur'] for r in rs]):.1f} s")
        errs = sorted({e for r in rs for e in r["deploy"]["errors"] + r["whole"]["errors"]})
        if errs:
            print(f"  - failures seen: {', '.join(errs)}")
        for r in rs:
            if r.get("bug"):
                print(f"  - round {r['round']}: **{r['bug']}**")
    print()
    roll = [r for r in results if r["kind"] == "rolling"]
    if roll:
        print("Rolling deploy: first answer from the new release %s ms after `Applied` (median); "
              "answers from the old release after `ReleaseLive`: last one %s ms after it (median; "
              "negative: none after); only the new version answered after the deploy window in %d of %d rounds.\n"
              % (ms(med([r["first_new"] for r in roll])), ms(med([r["last_old_after_live"] for r in roll])),
                 sum(1 for r in roll if r["all_new_after"]), len(roll)))
    print("### Automatic rollback under load\n")
    print("| scenario | round | `berth apply` start → `ReleaseRolledBack` | `Applied` → `ReleaseRolledBack` "
          "| failing signal → `ReleaseRolledBack` | `ReleaseRolledBack` → all traffic on the old release "
          "| `ReleaseRolledBack` → bad replicas stopped | answers from the bad release | old replicas stopped | reason |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        if r["kind"] == "rolling" or "apply_to_rb" not in r:
            continue
        print(f"| {r['kind']} | {r['round']} | {r['apply_to_rb']:.2f} s | {r['applied_to_rb']:.2f} s "
              f"| {ms(r['signal_to_rb'])} ms | {ms(r['rb_to_all_old'])} ms | {ms(r['rb_to_bad_stopped'])} ms "
              f"| {r['bad_served']} | {r['old_stopped']} | {r['rolledback_msg'][:160]} |")
    print()
    for kind, sig in (("neverready", f"the deadline, `Applied` + {DEADLINE_S} s"),
                      ("crash", "the bad replica's second `ReplicaRestarted`"),
                      ("errors", "the bad release's `ReleaseLive`, when its watch begins")):
        rs = [r for r in results if r["kind"] == kind and "apply_to_rb" in r]
        if rs:
            print(f"- **{kind}**, medians: apply → rolled back **{med([r['apply_to_rb'] for r in rs]):.2f} s**; "
                  f"signal ({sig}) → `ReleaseRolledBack` **{ms(med([r['signal_to_rb'] for r in rs]))} ms**; "
                  f"`ReleaseRolledBack` → all traffic on the old release **{ms(med([r['rb_to_all_old'] for r in rs]))} ms**; "
                  f"→ bad replicas stopped {ms(med([r['rb_to_bad_stopped'] for r in rs]))} ms"
                  + (f"; from the bad replica's last exit (before its second restart) to `ReleaseRolledBack` "
                     f"{ms(med([r.get('exit_to_rb') for r in rs]))} ms" if kind == "crash" else "")
                  + (f"; from the bad release's first 500 to `ReleaseRolledBack` "
                     f"{ms(med([r.get('first_500_to_rb') for r in rs]))} ms" if kind == "errors" else ""))
    print()
    print("### The control plane's own time in a rolling deploy (3 replicas, maxSurge 1, maxUnavailable 0)\n")
    print(f"The app's own start-to-ready time, started by hand (spawn to the first 200 on /health, median of 5): "
          f"{own * 1000:.0f} ms.\n")
    print("| deploy | CLI start → `Applied` | `Applied` → `ReleaseLive` | replicas' own start→ready (union) "
          "| **control plane (`Applied` → live − own)** | `Applied` → live − 3 × the app's start by hand "
          "| from the CLI start − own | `Applied` → 1st created "
          "| created → started (median) | started → ready (median) | ready → next created (median) "
          "| last ready → live | old replica stopping → stopped (median) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = [(f"under load, round {r['round']}", r["cp"]) for r in roll if r.get("cp")]
    rows += [(f"no load, {i + 1}", q) for i, q in enumerate(quiet) if "bug" not in q]
    for name, c in rows:
        print(f"| {name} | {ms(c['cli_to_applied'])} | {ms(c['applied_to_live'])} | {ms(c['own'])} | **{ms(c['cp_server'])}** "
              f"| {ms(c['applied_to_live'] - 3 * own)} | {ms(c['cp_cli'])} | {ms(c['first_create'])} | {ms(c['spawn'])} | {ms(c['start_ready'])} "
              f"| {ms(c['step'])} | {ms(c['ready_to_live'])} | {ms(c['old_stop'])} |")
    print()
    for label, sel in (("under load", [c for n, c in rows if n.startswith("under")]),
                       ("no load", [c for n, c in rows if n.startswith("no load")])):
        if sel:
            print(f"- {label}, median: control plane **{ms(med([c['cp_server'] for c in sel]))} ms** from `Applied` "
                  f"({ms(med([c['cp_cli'] for c in sel]))} ms from the `berth apply` command's start, its JVM start, "
                  f"packing and upload included); `Applied` → live {ms(med([c['applied_to_live'] for c in sel]))} ms, "
                  f"of which the replicas' own start→ready {ms(med([c['own'] for c in sel]))} ms; "
                  f"`Applied` → live minus three starts of the app by hand "
                  f"{ms(med([c['applied_to_live'] - 3 * own for c in sel]))} ms")
    for q in quiet:
        if "bug" in q:
            print(f"- **a quiet deploy failed: {q['bug'][:300]}**")
    print()
    print(f"### Packing: `berth apply` of a {pack_bytes / 1e6:.0f} MB directory ({PACK_FILES} random files + berth.yaml)\n")
    print("| run | CLI line | MB/s (CLI) | `berth apply` start → `Applied` | apply wall (to running) |")
    print("|---:|---|---:|---:|---:|")
    for i, p in enumerate(packs):
        print(f"| {i + 1} | `{p['line']}` | {p['mbps']:.1f} | {p['to_applied']:.2f} s | {p['wall']:.2f} s |")
    print()
    print(f"- median **{med([p['mbps'] for p in packs]):.1f} MB/s** as the CLI reports it (pack + upload, after a "
          f"first pass that digests the files); {pack_bytes / 1e6 / med([p['to_applied'] for p in packs]):.1f} MB/s "
          f"from the command's start to `Applied` (JVM start, digest pass, pack and upload, server-side check "
          f"and store)")


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--report":  # re-render a kept run's raw.json
        raw = json.load(open(sys.argv[2]))
        report(raw["results"], raw["quiet"], raw["packs"], raw["pack_bytes"], raw["own"])
        return
    os.makedirs(APP, exist_ok=True)
    shutil.copy(os.path.join(HERE, "server.py"), os.path.join(APP, "server.py"))

    def on_signal(*_):
        if LOADGEN:
            LOADGEN[0].kill()
        sys.exit(130)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    write_spec(next_version())
    code, out, wall, _ = berth("apply", "--yes", "-m", "bench first release")
    if code != 0:
        raise SystemExit("the first apply failed:\n" + out)
    log(f"first release live after {wall:.1f}s")
    results = []
    try:
        for rnd in range(1, ROUNDS + 1):
            for kind in ("rolling", "neverready", "crash", "errors"):
                results.append(scenario(kind, rnd))
        quiet = [quiet_deploy(i) for i in range(QUIET_DEPLOYS)]
        own = own_start_time()
        packs, pack_bytes = pack_runs()
    finally:
        if LOADGEN:
            LOADGEN[0].kill()
    json.dump({"results": results, "quiet": quiet, "packs": packs, "pack_bytes": pack_bytes, "own": own},
              open(os.path.join(WORK, "raw.json"), "w"), indent=1, default=str)
    report(results, quiet, packs, pack_bytes, own)


if __name__ == "__main__":
    main()
