package dev.berth.engine.app;

/**
 * One service's part of an apply, scale or stop, for the person who asked.
 *
 * @param service the service name
 * @param action {@code created}, {@code updated} (new template: replicas will be replaced), {@code
 *     scaled}, {@code unchanged}, {@code removed}, {@code stopped}, {@code started}
 * @param detail a short explanation, e.g. "replicas 2 -> 3" or "keeping 3 replicas set by berth
 *     scale (spec says 2)"
 * @param destructive whether the change stops replicas that run now: a service removed from the
 *     spec, or its replica count lowered. Set by apply (also in its dry run, so {@code berth apply}
 *     can ask before it); false elsewhere.
 */
public record Change(String service, String action, String detail, boolean destructive) {
  /** A change that stops nothing that runs. */
  public Change(String service, String action, String detail) {
    this(service, action, detail, false);
  }

  /**
   * {@code web scaled (replicas 2 -> 4), worker stopped}: the changes that did something, for the
   * audit log and events; empty when nothing changed.
   */
  public static String summary(java.util.List<Change> changes) {
    StringBuilder b = new StringBuilder();
    for (Change c : changes) {
      if (c.action().equals("unchanged")) {
        continue;
      }
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(c.service()).append(' ').append(c.action());
      if (!c.detail().isEmpty()) {
        b.append(" (").append(c.detail()).append(')');
      }
    }
    return b.toString();
  }
}
