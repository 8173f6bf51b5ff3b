#!/usr/bin/env python3
"""Fixed-rate HTTP load (open loop): request i is due at start + i/RATE whatever happened to the
earlier ones, sent from a pool of threads, each on a new connection (`Connection: close`), so a
slow or failed request never delays or hides the next one (no coordinated omission). Latency counts
from the moment the request was due, not from when a thread got to it.

  loadgen.py --port P --host-header H --rate 50 --out FILE [--max-seconds 900]

Runs until SIGTERM or SIGINT (or --max-seconds, or its parent exits), then waits up to 10 s for the
requests in flight and writes one line per request to FILE:
  due_epoch_s  end_epoch_s  latency_ms  status  body_or_error
where status is the HTTP status, or 0 for a connection error or timeout (10 s).
"""
import argparse
import concurrent.futures
import http.client
import os
import signal
import threading
import time

stop = threading.Event()


def one(port, host, due_wall, due_mono):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/", headers={"Host": host, "Connection": "close"})
        resp = conn.getresponse()
        # one token: whitespace (an error page's newlines too) becomes "_", so each record is one line
        body = "_".join(resp.read().decode("utf-8", "replace").split())[:40] or "-"
        status = resp.status
        conn.close()
    except Exception as e:  # connection refused, reset, timeout: a failed request
        status, body = 0, type(e).__name__
    end_mono = time.monotonic()
    return due_wall, due_wall + (end_mono - due_mono), (end_mono - due_mono) * 1000, status, body


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--host-header", required=True)
    ap.add_argument("--rate", type=float, default=50)
    ap.add_argument("--out", required=True)
    ap.add_argument("--max-seconds", type=float, default=900)
    a = ap.parse_args()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    parent = os.getppid()
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=64)
    futures = []
    start_wall, start_mono = time.time(), time.monotonic()
    i = 0
    while not stop.is_set():
        due = start_mono + i / a.rate
        delay = due - time.monotonic()
        if delay > 0:
            stop.wait(delay)
            if stop.is_set():
                break
        futures.append(pool.submit(one, a.port, a.host_header, start_wall + i / a.rate, due))
        i += 1
        if i % 50 == 0 and (os.getppid() != parent or time.monotonic() - start_mono > a.max_seconds):
            break
    done, _ = concurrent.futures.wait(futures, timeout=10)
    with open(a.out + ".tmp", "w") as f:
        for k, fu in enumerate(futures):
            if fu in done:
                f.write("%.6f %.6f %.3f %d %s\n" % fu.result())
            else:  # still waiting after 10 s: failed
                f.write("%.6f 0 0 0 unfinished\n" % (start_wall + k / a.rate))
    os.replace(a.out + ".tmp", a.out)
    pool.shutdown(wait=False, cancel_futures=True)
    os._exit(0)


if __name__ == "__main__":
    main()
