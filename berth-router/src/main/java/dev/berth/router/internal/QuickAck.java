package dev.berth.router.internal;

import java.io.IOException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import jdk.net.ExtendedSocketOptions;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;

/**
 * Acknowledges at once what a replica has sent so far, instead of after the kernel's delayed-ACK
 * timer (40 ms or more on Linux).
 *
 * <p>Why: a replica that writes a response in several small writes with Nagle's algorithm on (the
 * default of most sockets: its head, then its body) sends the second write only once the first is
 * acknowledged. On a keep-alive connection the router's kernel delays that acknowledgement, hoping
 * to piggyback it on data the router never sends while it waits for the rest of the response, so
 * each such response would take the full delayed-ACK timeout. Asking for a quick acknowledgement
 * when a response is incomplete sends the pending ACK immediately and releases the replica's next
 * write. nginx leaves such a replica's 40 ms in place; clients talking to the replica directly see
 * it too.
 *
 * <p>Invariant: best effort only. Where the option does not exist (not Linux), on any other
 * endpoint than a socket channel, or when setting it fails, nothing happens: responses are correct
 * either way, only possibly slower.
 */
final class QuickAck {

  private static final SocketOption<Boolean> OPTION = supported();

  private QuickAck() {}

  /** Sends the acknowledgement of the endpoint's received bytes now, if the platform lets it. */
  static void now(EndPoint endPoint) {
    if (OPTION != null && endPoint instanceof SocketChannelEndPoint socket) {
      try {
        socket.getChannel().setOption(OPTION, true);
      } catch (IOException | RuntimeException ignored) {
        // closed meanwhile, or refused: the kernel's own timer acknowledges
      }
    }
  }

  /** Whether this platform supports quick acknowledgements (Linux). */
  static boolean available() {
    return OPTION != null;
  }

  private static SocketOption<Boolean> supported() {
    try (SocketChannel probe = SocketChannel.open()) {
      return probe.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK)
          ? ExtendedSocketOptions.TCP_QUICKACK
          : null;
    } catch (IOException | RuntimeException | LinkageError e) {
      return null;
    }
  }
}
