"""The web app the deploy benchmark deploys: answers 200 with its $VERSION on / and /health, 404 on
anything else (so `health: {http: /never}` is a release that never becomes ready), and exits at
once with code 1 when $CRASH is set (a release that crash-loops), and answers / with 500 and
`error-$VERSION` when $ERRORS is set (a release that is ready but fails its users, which the watch after
going live must roll back). Listens on $PORT; Python's default
SIGTERM handling (the process ends at once, in-flight requests cut) is kept on purpose: a deploy
that drops no request must not rely on the app finishing its requests."""
import http.server
import os
import sys

if os.environ.get("CRASH"):
    print("CRASH is set: exiting at once", file=sys.stderr)
    sys.exit(1)

BODY = (os.environ.get("VERSION", "?") + "\n").encode()
ERRORS = bool(os.environ.get("ERRORS"))
ERROR_BODY = ("error-" + os.environ.get("VERSION", "?") + "\n").encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # The answer leaves in one send (the handler flushes after each request). Unbuffered, as the
    # standard library has it, the headers and the body go in two small sends, and on a kept-alive
    # connection from the router the second waits for the ACK of the first (Nagle's algorithm
    # against delayed ACKs): up to 40 ms per request, which is the app's doing, not the router's.
    wbufsize = 64 * 1024

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        code, body = (200, BODY) if path in ("/", "/health") else (404, b"not found\n")
        if ERRORS and path == "/":
            code, body = 500, ERROR_BODY
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer.daemon_threads = True
http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
