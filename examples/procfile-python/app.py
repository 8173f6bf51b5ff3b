"""A tiny web process for Berth: Python 3 standard library only.

Listens on 127.0.0.1:$PORT (Berth gives each web replica its own port), answers / and /health,
logs one line per request, and stops cleanly on SIGTERM (finishing in-flight requests).
"""
import http.server
import os
import signal
import sys
import threading
import time

# Log files are not terminals: without this, Python would buffer output for minutes.
sys.stdout.reconfigure(line_buffering=True)

PORT = int(os.environ.get("PORT", "8080"))
REPLICA = os.environ.get("BERTH_REPLICA", "web-local")
RELEASE = os.environ.get("BERTH_RELEASE", "dev")


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        started = time.monotonic()
        if self.path == "/health":
            status, body, kind = 200, "ok", "text/plain"
        elif self.path == "/" or self.path.startswith("/?"):
            status, kind = 200, "text/plain; charset=utf-8"
            body = f"Hello from Python, served by {REPLICA} (release {RELEASE})\n"
        else:
            status, body, kind = 404, "not found\n", "text/plain"
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        if self.path != "/health":  # health checks come every few seconds: keep the log readable
            ms = (time.monotonic() - started) * 1000
            print(f"{self.command} {self.path} {status} {ms:.1f} ms")

    def log_message(self, *args):
        pass  # replaced by the single line above


server = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
server.daemon_threads = False  # let in-flight requests finish on shutdown


def stop(signum, frame):
    print("SIGTERM received: finishing in-flight requests")
    # shutdown() waits for serve_forever() to return, so call it from another thread.
    threading.Thread(target=server.shutdown).start()


signal.signal(signal.SIGTERM, stop)
print(f"listening on http://127.0.0.1:{PORT} ({REPLICA})")
server.serve_forever()
server.server_close()  # joins the request threads
print("stopped")
