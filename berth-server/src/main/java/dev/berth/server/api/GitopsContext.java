package dev.berth.server.api;

import dev.berth.engine.gitops.EnvironmentService;
import dev.berth.engine.gitops.SyncService;
import dev.berth.engine.gitops.TrackingService;
import dev.berth.engine.store.Store;
import java.time.Clock;

/**
 * What the environment, GitOps, webhook and token handlers need, wired by the control plane; apart
 * from {@link ApiContext} so those handlers can be added without touching every user of it.
 *
 * @param webhookSecret the secret webhook deliveries are signed with (see WebhookSecret)
 */
public record GitopsContext(
    Store store,
    SyncService sync,
    TrackingService tracking,
    EnvironmentService environments,
    String webhookSecret,
    Clock clock) {}
