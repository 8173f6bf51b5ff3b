package dev.berth.triggers;

import dev.berth.engine.autoscale.TriggerConfig;

/**
 * {@code metrics-api}: GET {@code url}, read the number at {@code valueLocation} in the JSON answer
 * (KEDA's metrics-api scaler, {@code format: json}).
 */
final class MetricsApiSource extends GuardedSource {
  private final JsonHttp http = new JsonHttp();

  MetricsApiSource(TriggerConfig config) {
    super(config);
  }

  @Override
  double measure() throws Exception {
    return JsonHttp.number(http.get(config.get("url")), config.get("valueLocation"));
  }

  @Override
  void disconnect() {
    // HTTP: nothing held between reads
  }
}
