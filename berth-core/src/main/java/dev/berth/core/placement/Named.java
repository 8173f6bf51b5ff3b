package dev.berth.core.placement;

import dev.berth.core.placement.Filter.Depends;

/**
 * The name and the dependency every built-in {@link Filter} and {@link Scorer} carries; the one
 * base both {@link Filters} and {@link Scorers} extend, so neither repeats it.
 */
abstract class Named {
  private final String name;
  private final Depends depends;

  Named(String name, Depends depends) {
    this.name = name;
    this.depends = depends;
  }

  public String name() {
    return name;
  }

  public Depends dependsOn() {
    return depends;
  }

  @Override
  public String toString() {
    return name;
  }
}
