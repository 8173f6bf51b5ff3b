package dev.berth.router;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A keep-alive HTTP/1.1 replica on a raw {@link ServerSocket} whose answers are written byte for
 * byte by path, so tests can give the router's upstream connections the responses real replicas
 * send: chunked, until EOF, interim 1xx, HEAD, {@code Connection: close}, garbage, and connections
 * closed while idle. It counts accepted connections, so tests can see keep-alive reuse.
 */
final class ScriptedBackend implements AutoCloseable {

  static final int BIG = 3 * 1024 * 1024 + 17;

  private final ServerSocket server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final AtomicInteger connections = new AtomicInteger();
  private final List<String> heads = new CopyOnWriteArrayList<>();

  ScriptedBackend() throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    executor.execute(this::acceptLoop);
  }

  Backend backend() {
    return new Backend("scripted", "127.0.0.1", server.getLocalPort());
  }

  /** Connections accepted so far. */
  int connections() {
    return connections.get();
  }

  /** Request heads received so far, in order. */
  List<String> heads() {
    return heads;
  }

  /** The body of {@code /big}: {@link #BIG} bytes of a repeating pattern. */
  static byte[] bigBody() {
    byte[] body = new byte[BIG];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) ('a' + i % 26);
    }
    return body;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.incrementAndGet();
        executor.execute(() -> serve(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      while (true) {
        String head = RawBackend.readHead(in);
        if (head.isEmpty()) {
          return;
        }
        heads.add(head);
        String length = RawBackend.header(head, "content-length");
        if (length != null) {
          in.readNBytes(Integer.parseInt(length));
        }
        String path =
            head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
        if (!answer(path, head.startsWith("HEAD "), out)) {
          return;
        }
        out.flush();
      }
    } catch (IOException e) {
      // connection ended: nothing to do in a test replica
    }
  }

  /** Writes the scripted answer; false when the connection must close after it. */
  private static boolean answer(String path, boolean head, OutputStream out) throws IOException {
    switch (path) {
      case "/chunked" -> {
        write(
            out,
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive, X-Hop\r\n"
                + "X-Hop: hop\r\nKeep-Alive: timeout=5\r\nX-End: end\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        return true;
      }
      case "/big" -> {
        write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + BIG + "\r\n\r\n");
        out.write(bigBody());
        return true;
      }
      case "/head" -> {
        write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nContent-Type: text/plain\r\n\r\n");
        if (!head) {
          out.write(new byte[1234]);
        }
        return true;
      }
      case "/continue" -> {
        write(out, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        return true;
      }
      case "/close" -> {
        write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        return false;
      }
      case "/then-close" -> {
        // keep-alive by the headers, then closed while idle: the router must notice
        write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        out.flush();
        sleepQuietly(100);
        return false;
      }
      case "/no-content" -> {
        write(out, "HTTP/1.1 204 No Content\r\nX-Seen: yes\r\n\r\n");
        return true;
      }
      case "/until-eof" -> {
        write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nbody until the end");
        return false;
      }
      case "/garbage" -> {
        write(out, "HTTP/1.1 abc nonsense\r\n\r\n");
        return false;
      }
      default -> {
        write(
            out,
            "HTTP/1.1 200 OK\r\nContent-Length: " + (3 + path.length()) + "\r\n\r\nok:" + path);
        return true;
      }
    }
  }

  private static void write(OutputStream out, String ascii) throws IOException {
    out.write(ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    executor.shutdownNow();
  }
}
