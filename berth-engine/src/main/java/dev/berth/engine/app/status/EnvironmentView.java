package dev.berth.engine.app.status;

import java.time.Instant;
import java.util.List;

/**
 * {@code berth status -o json}: {@code project, environment, release, services} per DESIGN.md.
 *
 * @param project project
 * @param environment environment
 * @param release the live release ({@code v3}): what runs; {@code null} before one went live
 * @param latest the newest release and how its deploy stands, or {@code null} before the first
 * @param target where it runs
 * @param sourceDir the app's source directory
 * @param appliedAt when it was last applied
 * @param services services in spec order
 */
public record EnvironmentView(
    String project,
    String environment,
    String release,
    String target,
    String sourceDir,
    Instant appliedAt,
    List<ServiceView> services,
    ReleaseSummary latest) {}
