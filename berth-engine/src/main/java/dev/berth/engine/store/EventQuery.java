package dev.berth.engine.store;

/**
 * Which events to list, newest last.
 *
 * @param project only this project, or {@code null}
 * @param environment only this environment (with project), or {@code null}
 * @param service only this service (with environment), or {@code null}
 * @param afterId only events with a larger id (for following), {@code 0} for all
 * @param limit at most this many: the most recent ones, or with {@code afterId} the next ones
 */
public record EventQuery(
    String project, String environment, String service, long afterId, int limit) {}
