#!/usr/bin/env python3
"""Logs under a flood, against `berth up` as a user starts it.

Starts `./berth up` on free ports with a throw-away data directory and CLI config, deploys one
worker with `./berth apply` that waits for a signal, then writes 200-byte lines as fast as it can
for FLOOD_SECONDS (3), prints `flood over` and sleeps. Meanwhile, every SAMPLE_MS (50 ms), it sums
the sizes of the current replica's log files (`<id>.log`, `.log.N`, `.idx`, `.pos` and their
temporary files) and reads the control plane's CPU time from /proc. Reports the peak against the
documented bound, (maxFiles + 1) x maxBytes + 2 x the index cap + 4 KiB, as a ratio (at most 1.0
is the target), the control plane's CPU while the flood lasted, and whether `flood over` is the
last line of `berth logs worker` once the flood is over. Also times `berth logs worker -n 60000`
(issue 7's probe: it never finished) next to `berth status`.
"""
import os, platform, socket, subprocess, sys, tempfile, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BERTH = os.path.join(ROOT, "berth")
FLOOD_SECONDS = float(os.environ.get("FLOOD_SECONDS", "3"))
SAMPLE_SECONDS = float(os.environ.get("SAMPLE_MS", "50")) / 1000
MAX_BYTES, MAX_FILES = 10 * 1024 * 1024, 5          # LocalRuntimeConfig.defaults
INDEX_CAP = max(64 * 1024, MAX_BYTES // 16)          # LogWriter.indexCap
BOUND = (MAX_FILES + 1) * MAX_BYTES + 2 * INDEX_CAP + 4096
TICKS = os.sysconf("SC_CLK_TCK")

APP = r'''
use Time::HiRes qw(time sleep);
my $line = ("x" x 199) . "\n";
sleep 0.01 until -e "go";
my ($n, $end) = (0, time + $ENV{FLOOD_SECONDS});
while (time < $end) { print $line for 1..1000; $n += 1000 }
$| = 1;
print "flood over\n";
open(my $f, ">", "flood.count") or die; print $f "$n\n"; close $f;
sleep 1000000;
'''

SPEC = """project: flood
services:
  worker:
    type: worker
    command: perl flood.pl
    env:
      FLOOD_SECONDS: "%s"
""" % FLOOD_SECONDS


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS   # utime + stime (fields 14, 15)


def replica_bytes(log_dir, rid):
    total = 0
    try:
        with os.scandir(log_dir) as it:
            for e in it:
                if e.name.startswith(rid + ".") and e.is_file(follow_symlinks=False):
                    try:
                        total += e.stat(follow_symlinks=False).st_size
                    except FileNotFoundError:
                        pass        # renamed or deleted between listing and stat
    except FileNotFoundError:
        pass
    return total


def run(args, env, cwd, timeout=600):
    t0 = time.perf_counter()
    p = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    return p, time.perf_counter() - t0


def main():
    work = tempfile.mkdtemp(prefix="berth-logs-flood-")
    app = os.path.join(work, "app")
    os.makedirs(app)
    with open(os.path.join(app, "flood.pl"), "w") as f:
        f.write(APP)
    with open(os.path.join(app, "berth.yaml"), "w") as f:
        f.write(SPEC)
    data = os.path.join(work, "data")
    config = os.path.join(work, "config.json")
    env = dict(os.environ, BERTH_CONFIG=config, NO_COLOR="1")
    api_port, router_port = free_port(), free_port()
    uplog = open(os.path.join(work, "up.log"), "w")
    up = subprocess.Popen([BERTH, "up", "--data-dir", data, "--api-port", str(api_port),
                           "--router-port", str(router_port), "--stop-grace", "2s"],
                          stdout=uplog, stderr=uplog, env=env)
    try:
        deadline = time.time() + 120
        while not os.path.exists(config):
            if time.time() > deadline or up.poll() is not None:
                sys.exit("berth up did not start; see " + uplog.name)
            time.sleep(0.05)
        time.sleep(0.5)
        p, _ = run([BERTH, "apply"], env, app)
        if p.returncode != 0:
            sys.exit("berth apply failed:\n" + p.stdout + p.stderr)
        # a fresh data dir and one replica that has not restarted: its log is the only one there
        log_dir = os.path.join(data, "logs", "flood", "production", "worker")
        ids = [n[:-4] for n in os.listdir(log_dir) if n.endswith(".log")]
        if len(ids) != 1:
            sys.exit("expected the log of one worker replica, found %s" % ids)
        rid = ids[0]

        count_file = os.path.join(app, "flood.count")
        peak, samples = 0, 0
        cpu0, t0 = cpu_seconds(up.pid), time.perf_counter()
        open(os.path.join(app, "go"), "w").close()
        flood_end = None
        stop_at = t0 + FLOOD_SECONDS + 60
        while time.perf_counter() < stop_at:
            peak = max(peak, replica_bytes(log_dir, rid))
            samples += 1
            if flood_end is None and os.path.exists(count_file):
                flood_end = time.perf_counter()
                cpu1 = cpu_seconds(up.pid)
                stop_at = flood_end + 1.0            # keep sampling while the pump catches up
            time.sleep(SAMPLE_SECONDS)
        if flood_end is None:
            sys.exit("the flood did not end within a minute")
        lines = int(open(count_file).read().strip())
        flood_seconds = flood_end - t0
        cpu_cores = (cpu1 - cpu0) / flood_seconds
        final = replica_bytes(log_dir, rid)

        time.sleep(1.5)   # a last line without newline would show after 1 s idle; ours has one
        p, _ = run([BERTH, "logs", "worker", "-n", "5"], env, app)
        shown = p.stdout.rstrip("\n").split("\n")
        last = shown[-1] if shown else ""
        last_ok = last.endswith("flood over")
        p_big, t_big = run([BERTH, "logs", "worker", "-n", "60000"], env, app, timeout=600)
        big_lines = len(p_big.stdout.splitlines())
        statuses = [run([BERTH, "status"], env, app)[1] for _ in range(3)]
        t_status = sorted(statuses)[1]
    finally:
        up.terminate()
        try:
            up.wait(timeout=60)
        except subprocess.TimeoutExpired:
            up.kill()

    load = os.getloadavg()
    cpu = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mib = 1024 * 1024
    print(f"Machine: {os.cpu_count()} CPUs ({cpu}), Linux {platform.release()}; load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the end (shared with other agents).")
    print()
    print(f"Flood: {lines:,} lines of 200 bytes ({lines * 200 / mib:,.0f} MiB) in {flood_seconds:.2f} s "
          f"({lines * 200 / mib / flood_seconds:,.0f} MiB/s), then `flood over`; logs at the defaults "
          f"(10 MiB x 5 rotated files). Samples every {SAMPLE_SECONDS * 1000:.0f} ms: {samples}.")
    print()
    print("| measure | result | target |")
    print("|---|---|---|")
    print(f"| peak of the replica's log files | {peak:,} bytes ({peak / mib:.1f} MiB) | |")
    print(f"| documented bound: 6 x 10 MiB + 2 x 640 KiB index + 4 KiB | {BOUND:,} bytes ({BOUND / mib:.1f} MiB) | |")
    print(f"| **peak / bound** | **{peak / BOUND:.3f}** | at most 1.0 |")
    print(f"| after the flood | {final:,} bytes | |")
    print(f"| control plane CPU while flooded | {cpu_cores:.2f} cores ({cpu1 - cpu0:.2f} s over {flood_seconds:.2f} s) | |")
    print(f"| last line of `berth logs worker` | `{last[-60:]}` | `flood over` ({'yes' if last_ok else 'NO'}) |")
    print(f"| `berth logs worker -n 60000` | {t_big:.2f} s, {big_lines:,} lines, exit {p_big.returncode} | finishes |")
    print(f"| `berth status` (median of 3) | {t_status:.2f} s | |")
    if not last_ok:
        print()
        print("`berth logs worker -n 5` printed:")
        print("```")
        print(p.stdout + p.stderr)
        print("```")


if __name__ == "__main__":
    main()
