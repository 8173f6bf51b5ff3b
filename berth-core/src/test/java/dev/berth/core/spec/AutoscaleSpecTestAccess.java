package dev.berth.core.spec;

/** The full autoscale example, for tests in other packages. */
public final class AutoscaleSpecTestAccess {
  public static final String FULL = AutoscaleSpecTest.FULL;

  private AutoscaleSpecTestAccess() {}
}
