package dev.berth.router;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** Just enough RFC 6455 framing for tests: single-frame messages, small payloads. */
final class WebSocketFrames {

  record Frame(int opcode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private WebSocketFrames() {}

  static byte[] text(String text, boolean masked) {
    return frame(1, text.getBytes(StandardCharsets.UTF_8), masked);
  }

  static byte[] frame(int opcode, byte[] payload, boolean masked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x80 | opcode);
    int maskBit = masked ? 0x80 : 0;
    if (payload.length < 126) {
      out.write(maskBit | payload.length);
    } else {
      out.write(maskBit | 126);
      out.write(payload.length >> 8);
      out.write(payload.length & 0xFF);
    }
    byte[] mask = new byte[4];
    if (masked) {
      ThreadLocalRandom.current().nextBytes(mask);
      out.write(mask, 0, 4);
    }
    for (int i = 0; i < payload.length; i++) {
      out.write(payload[i] ^ (masked ? mask[i % 4] : 0));
    }
    return out.toByteArray();
  }

  /** Reads one frame, unmasking it; null at end of stream. */
  static Frame read(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    int first = in.read();
    if (first < 0) {
      return null;
    }
    int second = in.readUnsignedByte();
    long length = second & 0x7F;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] mask = new byte[4];
    boolean masked = (second & 0x80) != 0;
    if (masked) {
      in.readFully(mask);
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    if (masked) {
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= mask[i % 4];
      }
    }
    return new Frame(first & 0x0F, payload);
  }
}
