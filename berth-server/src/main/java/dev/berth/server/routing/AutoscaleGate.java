package dev.berth.server.routing;

import dev.berth.core.model.AutoscaleSpec;
import dev.berth.engine.autoscale.AutoscaleController;
import dev.berth.engine.store.ServiceKey;
import dev.berth.router.ScaleFromZero;

/**
 * The router's {@link ScaleFromZero} on the control plane: a web service the autoscaler polls with
 * {@code min: 0} has its requests held (as its {@code autoscale.hold} says) and is woken at once
 * ({@link AutoscaleController#activate}); its cold starts are shown in status.
 *
 * <p>The router starts before the autoscaler (it must bind its port before any replica starts), so
 * the autoscaler is attached later; until then nothing is held. Every call is a map lookup and a
 * deduplicated queue add: no IO, as the router's selector threads require.
 */
public final class AutoscaleGate implements ScaleFromZero {
  private volatile AutoscaleController autoscaler;

  /** Starts holding for the services {@code controller} scales from zero. */
  public void attach(AutoscaleController controller) {
    this.autoscaler = controller;
  }

  @Override
  public Hold hold(ServiceKey service) {
    AutoscaleController a = autoscaler;
    AutoscaleSpec spec = a == null ? null : a.scalesFromZero(service);
    if (spec == null) {
      return null;
    }
    a.activate(service);
    return new Hold(spec.hold().requests(), spec.hold().timeout());
  }

  @Override
  public void coldStarted(ServiceKey service, long nanos) {
    AutoscaleController a = autoscaler;
    if (a != null) {
      a.coldStarted(service, nanos / 1_000_000);
    }
  }
}
