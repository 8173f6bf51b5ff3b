package dev.berth.router;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Misbehaving and special replicas on a raw {@link ServerSocket}: one that resets the connection
 * after reading a request, and a minimal RFC 6455 WebSocket echo server.
 */
final class RawBackend implements AutoCloseable {

  enum Mode {
    /** Reads the request head, then closes with a TCP reset, never answering. */
    RESET,
    /** Answers a WebSocket handshake with 101, greets with a text frame, then echoes frames. */
    WEBSOCKET_ECHO
  }

  static final String GREETING = "hello from backend";
  private static final String WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final ServerSocket server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final AtomicInteger requests = new AtomicInteger();
  private final Mode mode;
  private volatile String lastHead = "";

  RawBackend(Mode mode) throws IOException {
    this.mode = mode;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    executor.execute(this::acceptLoop);
  }

  int port() {
    return server.getLocalPort();
  }

  Backend backend(String id) {
    return new Backend(id, "127.0.0.1", port());
  }

  /** Request heads received so far. */
  int requests() {
    return requests.get();
  }

  String lastHead() {
    return lastHead;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        executor.execute(() -> serve(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      if (head.isEmpty()) {
        return;
      }
      requests.incrementAndGet();
      lastHead = head;
      if (mode == Mode.RESET) {
        socket.setSoLinger(true, 0); // close() sends RST
        return;
      }
      String key = header(head, "sec-websocket-key");
      String accept =
          Base64.getEncoder()
              .encodeToString(
                  MessageDigest.getInstance("SHA-1")
                      .digest((key + WS_GUID).getBytes(StandardCharsets.US_ASCII)));
      OutputStream out = socket.getOutputStream();
      out.write(
          ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Accept: "
                  + accept
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(WebSocketFrames.text(GREETING, false));
      out.flush();
      while (true) {
        WebSocketFrames.Frame frame = WebSocketFrames.read(in);
        if (frame == null || frame.opcode() == 8) {
          out.write(WebSocketFrames.frame(8, new byte[0], false));
          out.flush();
          return;
        }
        out.write(WebSocketFrames.frame(frame.opcode(), frame.payload(), false));
        out.flush();
      }
    } catch (Exception e) {
      // connection ended: nothing to do in a test replica
    }
  }

  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while (matched < 4 && (b = in.read()) >= 0) {
      head.write(b);
      if (matched % 2 == 0) {
        matched = b == '\r' ? matched + 1 : 0;
      } else {
        matched = b == '\n' ? matched + 1 : (b == '\r' ? 1 : 0);
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  static String header(String head, String name) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    server.close();
    executor.shutdownNow();
  }
}
