package dev.berth.artifacts.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads an upload once and, on the way, copies every byte read to a sink (the temp file), hashes it
 * and counts it. Reads at most {@code maxBytes + 1} bytes from the source, whatever the reader asks
 * for: an oversized upload is noticed after one byte too many, not after it was all received.
 *
 * <p>Failures are remembered by where they came from ({@link #sinkFailure()}, {@link
 * #sourceFailure()}, {@link #tooLarge()}), because the tar parser reading through this stream may
 * wrap or replace the exception it sees.
 */
public final class UploadTee extends InputStream {
  private final InputStream source;
  private final OutputStream sink;
  private final long maxBytes;
  private final MessageDigest sha256;
  private long count;
  private boolean tooLarge;
  private IOException sinkFailure;
  private IOException sourceFailure;

  public UploadTee(InputStream source, OutputStream sink, long maxBytes) {
    this.source = source;
    this.sink = sink;
    this.maxBytes = maxBytes;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    long remaining = maxBytes - count; // >= 0: reading stops once count passes maxBytes
    int ask = remaining >= len ? len : (int) remaining + 1;
    int n;
    try {
      n = source.read(b, off, ask);
    } catch (IOException e) {
      sourceFailure = e;
      throw e;
    }
    if (n <= 0) {
      return n;
    }
    count += n;
    if (count > maxBytes) {
      tooLarge = true;
      throw new IOException("upload larger than " + maxBytes + " bytes");
    }
    try {
      sink.write(b, off, n);
    } catch (IOException e) {
      sinkFailure = e;
      throw e;
    }
    sha256.update(b, off, n);
    return n;
  }

  /** Reads what the tar parser left unread (end-of-archive padding), so it is stored and hashed. */
  public void drain() throws IOException {
    byte[] buf = new byte[8192];
    while (read(buf, 0, buf.length) >= 0) {
      // copying and hashing happen in read
    }
  }

  /** Bytes read so far. */
  public long count() {
    return count;
  }

  /** {@code sha256:<hex>} of everything read; call once, at the end. */
  public String digest() {
    return "sha256:" + HexFormat.of().formatHex(sha256.digest());
  }

  public boolean tooLarge() {
    return tooLarge;
  }

  public IOException sinkFailure() {
    return sinkFailure;
  }

  public IOException sourceFailure() {
    return sourceFailure;
  }

  /** Does not close the source (it belongs to the caller). */
  @Override
  public void close() {}
}
