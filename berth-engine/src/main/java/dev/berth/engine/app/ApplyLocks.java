package dev.berth.engine.app;

import dev.berth.engine.controller.EventBus;
import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentLock;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The apply lock of each environment, held in the store so that applies run one at a time even from
 * two control planes sharing one PostgreSQL database (within one control plane, {@link
 * EnvironmentQueue} orders them first).
 *
 * <p>Invariants: taking, releasing and breaking a lock are each one store write, and every store
 * serializes its writes, so two control planes never both take a lock. A lock lapses {@link #TTL}
 * after its holder last heartbeat ({@link #heartbeat()}, which the control plane calls every {@link
 * #HEARTBEAT}); a lapsed lock belongs to a dead control plane and the next apply takes it over
 * (with a {@code LockExpired} event). An apply commits only while its own lock is still in place
 * ({@link #checkHeld}): if {@code berth unlock} broke it meanwhile, the apply stores nothing, so
 * breaking a lock can make an apply fail but never makes two interleave.
 */
public final class ApplyLocks {
  /** How long a lock lives without a heartbeat. */
  public static final Duration TTL = Duration.ofSeconds(30);

  /** How often a control plane extends the locks it holds: a third of {@link #TTL}. */
  public static final Duration HEARTBEAT = Duration.ofSeconds(10);

  private final Store store;
  private final EventBus bus;
  private final Clock clock;
  private final String instance;
  private final AtomicLong taken = new AtomicLong();

  /**
   * @param instance this control plane's id, unique among those sharing the store ({@link
   *     #newInstanceId()})
   */
  public ApplyLocks(Store store, EventBus bus, Clock clock, String instance) {
    this.store = store;
    this.bus = bus;
    this.clock = clock;
    this.instance = instance;
  }

  /** {@code cp-<pid>-<8 random hex digits>}: unique among control planes sharing a store. */
  public static String newInstanceId() {
    return "cp-"
        + ProcessHandle.current().pid()
        + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  /** This control plane's id, as its locks name it. */
  public String instance() {
    return instance;
  }

  /**
   * Takes the lock of {@code key} for {@code operation}, taking over one that lapsed.
   *
   * @throws AppException {@code environment_locked} (conflict) when someone else holds it
   */
  public EnvironmentLock acquire(EnvironmentKey key, Actor actor, String operation) {
    List<Event> events = new ArrayList<>();
    EnvironmentLock lock =
        store.write(
            tx -> {
              Instant now = clock.instant();
              Optional<EnvironmentLock> held = tx.locks().get(key);
              if (held.isPresent()) {
                EnvironmentLock h = held.get();
                if (!h.expired(now)) {
                  throw locked(h);
                }
                events.add(
                    tx.events()
                        .append(
                            Event.of(
                                now,
                                key,
                                "LockExpired",
                                "the "
                                    + h.operation()
                                    + " lock held by "
                                    + who(h)
                                    + " since "
                                    + h.acquiredAt()
                                    + " lapsed at "
                                    + h.expiresAt()
                                    + " (its control plane stopped); taken over by "
                                    + actor.display())));
              }
              EnvironmentLock l =
                  new EnvironmentLock(
                      key,
                      instance + "-" + taken.incrementAndGet(),
                      instance,
                      actor.display(),
                      operation,
                      now,
                      now.plus(TTL));
              tx.locks().put(l);
              return l;
            });
    bus.publish(events);
    return lock;
  }

  /** Releases {@code lock} if it is still this one (a broken lock may belong to someone else). */
  public void release(EnvironmentLock lock) {
    store.write(tx -> tx.locks().delete(lock.key(), lock.id()));
  }

  /**
   * Refuses at once when someone holds the lock of {@code key}: for a client that waits itself and
   * shows whom it waits for ({@code berth apply --lock-timeout}).
   *
   * @throws AppException {@code environment_locked} when a live lock is held
   */
  public void refuseIfHeld(EnvironmentKey key) {
    Instant now = clock.instant();
    Optional<EnvironmentLock> held = current(key);
    if (held.isPresent() && !held.get().expired(now)) {
      throw locked(held.get());
    }
  }

  /** Extends every lock this control plane holds; returns how many. */
  public int heartbeat() {
    return store.write(tx -> tx.locks().extend(instance, clock.instant().plus(TTL)));
  }

  /** The lock of {@code key}, lapsed or not. */
  public Optional<EnvironmentLock> current(EnvironmentKey key) {
    return store.read(tx -> tx.locks().get(key));
  }

  /**
   * {@code berth unlock}: deletes the lock of {@code key} whoever holds it, recording who broke
   * whose lock in the audit log and as a {@code LockBroken} event; empty when it was not locked.
   */
  public Optional<EnvironmentLock> forceUnlock(EnvironmentKey key, Actor actor) {
    List<Event> events = new ArrayList<>();
    Optional<EnvironmentLock> broken =
        store.write(
            tx -> {
              Optional<EnvironmentLock> held = tx.locks().get(key);
              if (held.isEmpty()) {
                return held;
              }
              Instant now = clock.instant();
              tx.locks().delete(key, null);
              String what =
                  "broke the "
                      + held.get().operation()
                      + " lock held by "
                      + who(held.get())
                      + " since "
                      + held.get().acquiredAt();
              events.add(tx.events().append(Event.of(now, key, "LockBroken", what)));
              tx.audit().append(AuditEntry.of(now, actor.display(), "unlock", key, what));
              return held;
            });
    bus.publish(events);
    return broken;
  }

  /**
   * Fencing: refuses to let an apply commit once its lock was broken or taken over.
   *
   * @throws AppException {@code lock_lost} (conflict)
   */
  static void checkHeld(StoreTx tx, EnvironmentLock lock) {
    Optional<EnvironmentLock> now = tx.locks().get(lock.key());
    if (now.isEmpty() || !now.get().id().equals(lock.id())) {
      throw new AppException(
          AppException.Kind.CONFLICT,
          "lock_lost",
          "the apply lock of "
              + lock.key().project()
              + "/"
              + lock.key().environment()
              + " was broken (berth unlock) or taken over while this apply ran; nothing was"
              + " applied. Run berth plan and apply again");
    }
  }

  /** The refusal of a held lock; its details say who holds it, since when, until when. */
  static AppException locked(EnvironmentLock h) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("holder", h.owner());
    d.put("instance", h.instance());
    d.put("operation", h.operation());
    d.put("acquiredAt", h.acquiredAt().toString());
    d.put("expiresAt", h.expiresAt().toString());
    return new AppException(
        AppException.Kind.CONFLICT,
        "environment_locked",
        h.key().project()
            + "/"
            + h.key().environment()
            + " is locked by "
            + who(h)
            + " since "
            + h.acquiredAt()
            + ": another "
            + h.operation()
            + " is running. Wait for it (berth apply --lock-timeout 5m waits), or, if its control"
            + " plane is dead, run berth unlock --env "
            + h.key().environment()
            + " (the lock also lapses by itself at "
            + h.expiresAt()
            + " without a heartbeat)",
        List.of(d));
  }

  private static String who(EnvironmentLock h) {
    return h.owner() + " (" + h.operation() + " on control plane " + h.instance() + ")";
  }
}
