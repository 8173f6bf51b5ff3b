package dev.berth.triggers;

import static dev.berth.triggers.Triggers.readOnce;
import static dev.berth.triggers.Triggers.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.core.autoscale.Reading;
import dev.berth.core.model.TriggerType;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * KEDA's way, the monitoring endpoint: against a nats-server (the machine's binary) started here
 * with JetStream and monitoring on free ports, since the shared one on 4222 serves no monitoring.
 */
class NatsMonitoringSourceIT {
  Process server;
  Path store;
  int port;
  int monitor;

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @BeforeEach
  void start() throws Exception {
    port = freePort();
    monitor = freePort();
    store = Files.createTempDirectory("berth-nats-it");
    server =
        new ProcessBuilder(
                "nats-server",
                "-a",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-m",
                Integer.toString(monitor),
                "-js",
                "-sd",
                store.toString())
            .redirectErrorStream(true)
            .redirectOutput(store.resolve("log").toFile())
            .start();
    Connection c = null;
    for (int i = 0; i < 100 && c == null; i++) {
      try {
        c = Nats.connect("nats://127.0.0.1:" + port);
      } catch (Exception e) {
        Thread.sleep(50); // the server takes a moment to listen; only this test waits
      }
    }
    try (Connection nats = c) {
      JetStreamManagement jsm = nats.jetStreamManagement();
      jsm.addStream(
          StreamConfiguration.builder()
              .name("jobs")
              .subjects("jobs.>")
              .storageType(StorageType.Memory)
              .build());
      jsm.addOrUpdateConsumer(
          "jobs",
          ConsumerConfiguration.builder().durable("workers").ackPolicy(AckPolicy.Explicit).build());
      for (int i = 0; i < 9; i++) {
        nats.jetStream().publish("jobs.new", new byte[] {1});
      }
    }
  }

  @AfterEach
  void stop() throws Exception {
    server.destroy();
    server.waitFor();
    try (var files = Files.walk(store)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void readsTheConsumerLagFromTheMonitoringEndpoint() {
    Reading r =
        readOnce(
            trigger(
                TriggerType.NATS_JETSTREAM,
                "natsServerMonitoringEndpoint",
                "127.0.0.1:" + monitor,
                "stream",
                "jobs",
                "consumer",
                "workers"),
            Map.of());
    assertThat(r).isEqualTo(Reading.of(9));
  }

  @Test
  void anUnknownConsumerIsAnError() {
    Reading r =
        readOnce(
            trigger(
                TriggerType.NATS_JETSTREAM,
                "natsServerMonitoringEndpoint",
                "127.0.0.1:" + monitor,
                "stream",
                "jobs",
                "consumer",
                "nobody"),
            Map.of());
    assertThat(r.error())
        .isEqualTo(
            "the monitoring endpoint shows no consumer 'nobody' on stream 'jobs' in account '$G'");
  }
}
