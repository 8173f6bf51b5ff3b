package dev.berth.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.io.ByteArrayEndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.junit.jupiter.api.Test;

/** Jetty's real server connection class, so a Jetty upgrade that renames it fails here. */
class InlineConnectionExecutorTest {

  private final List<Runnable> pooled = new ArrayList<>();

  @Test
  void resumesAConnectionInlineOnARouterThreadWhenTheHandlersNeverBlock() throws Exception {
    Server server = server(new NonBlockingHandler());
    InlineConnectionExecutor executor = new InlineConnectionExecutor(pooled::add, server);
    HttpConnection connection = connection(server);

    assertThat(onRouterThread(() -> executor.runsInline(connection))).isTrue();
  }

  @Test
  void handsAConnectionToThePoolOnAnyOtherThread() {
    // Such as Jetty's scheduler thread, which completes timed-out exchanges for everyone.
    Server server = server(new NonBlockingHandler());
    InlineConnectionExecutor executor = new InlineConnectionExecutor(pooled::add, server);
    HttpConnection connection = connection(server);

    assertThat(executor.runsInline(connection)).isFalse();
  }

  @Test
  void handsAConnectionToThePoolWhenAHandlerMayBlock() throws Exception {
    Server server = server(new BlockingHandler());
    InlineConnectionExecutor executor = new InlineConnectionExecutor(pooled::add, server);
    HttpConnection connection = connection(server);

    assertThat(onRouterThread(() -> executor.runsInline(connection))).isFalse();
  }

  @Test
  void handsTasksThatAreNotConnectionsToThePoolEvenWhenTheyDoNotBlock() {
    // Selector loops and timeout tasks must never take over the thread that submits them.
    InlineConnectionExecutor executor =
        new InlineConnectionExecutor(pooled::add, server(new NonBlockingHandler()));
    List<Thread> ranOn = new ArrayList<>();
    Runnable task =
        Invocable.from(InvocationType.NON_BLOCKING, () -> ranOn.add(Thread.currentThread()));

    executor.execute(task);

    assertThat(ranOn).isEmpty();
    assertThat(pooled).containsExactly(task);
  }

  @Test
  void routerThreadsAreNamedLikeJettysOwn() {
    Thread thread = new RouterThreadPool("berth-router").newThread(() -> {});

    assertThat(thread.getName()).isEqualTo("berth-router-" + thread.getId());
    assertThat(thread.isDaemon()).isFalse();
  }

  private static boolean onRouterThread(BooleanSupplier check) throws InterruptedException {
    AtomicBoolean result = new AtomicBoolean();
    Thread thread = new RouterThreadPool("test").newThread(() -> result.set(check.getAsBoolean()));
    thread.start();
    thread.join();
    return result.get();
  }

  private static Server server(Handler handler) {
    Server server = new Server();
    server.setHandler(handler);
    server.setDynamic(false);
    return server;
  }

  private static HttpConnection connection(Server server) {
    return new HttpConnection(
        new HttpConfiguration(), new ServerConnector(server), new ByteArrayEndPoint());
  }

  private static final class NonBlockingHandler extends Handler.Abstract.NonBlocking {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      callback.succeeded();
      return true;
    }
  }

  private static final class BlockingHandler extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      callback.succeeded();
      return true;
    }
  }
}
