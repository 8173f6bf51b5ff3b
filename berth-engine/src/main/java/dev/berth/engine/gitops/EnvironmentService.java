package dev.berth.engine.gitops;

import dev.berth.core.spec.SpecClones;
import dev.berth.engine.app.Actor;
import dev.berth.engine.app.AppException;
import dev.berth.engine.app.ApplyRequest;
import dev.berth.engine.app.ApplyResult;
import dev.berth.engine.app.ApplyService;
import dev.berth.engine.app.DestroyService;
import dev.berth.engine.app.Lookups;
import dev.berth.engine.release.Releases;
import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.GitSourceRecord;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseSource;
import dev.berth.engine.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code berth env create|delete|list}: environments as things of their own. A clone runs the code
 * live in its source environment with the source's overrides ({@link SpecClones}), as a release of
 * its own (its own releases, host names {@code web.preview-42.shop.localhost}); deleting one
 * destroys what it runs and stops any git tracking of it.
 *
 * <p>Invariants: create never touches the source environment; create of a name that exists is
 * refused (it would silently replace a running environment); delete refuses nothing it cannot find,
 * and removes the tracking before the environment, so no sync re-creates it afterwards.
 */
public final class EnvironmentService {
  private final Store store;
  private final ApplyService apply;
  private final DestroyService destroy;
  private final Clock clock;

  public EnvironmentService(Store store, ApplyService apply, DestroyService destroy, Clock clock) {
    this.store = store;
    this.apply = apply;
    this.destroy = destroy;
    this.clock = clock;
  }

  /** One environment as {@code berth env list} shows it. */
  public record Entry(
      String project,
      String environment,
      String target,
      String release,
      String status,
      long generation,
      GitSourceRecord source) {}

  /** Every environment, applied or tracked, ordered by project then name. */
  public List<Entry> list() {
    return store.read(
        tx -> {
          List<Entry> out = new ArrayList<>();
          java.util.Map<EnvironmentKey, GitSourceRecord> sources =
              new java.util.TreeMap<>(
                  java.util.Comparator.comparing(EnvironmentKey::project)
                      .thenComparing(EnvironmentKey::environment));
          tx.gitSources().list().forEach(s -> sources.put(s.key(), s));
          for (EnvironmentRecord e : tx.environments().list()) {
            Optional<ReleaseRecord> latest =
                tx.releases().get(e.key(), tx.releases().latestVersion(e.key()));
            out.add(
                new Entry(
                    e.key().project(),
                    e.key().environment(),
                    e.target().wireName(),
                    latest.map(ReleaseRecord::label).orElse(""),
                    latest.map(r -> r.status().wireName()).orElse(""),
                    e.generation(),
                    sources.remove(e.key())));
          }
          sources
              .values()
              .forEach(
                  s ->
                      out.add(
                          new Entry(
                              s.key().project(), s.key().environment(), "local", "", "", 0, s)));
          out.sort(
              java.util.Comparator.comparing(Entry::project).thenComparing(Entry::environment));
          return out;
        });
  }

  /** Copies an environment's config vars to its clone before the clone's first apply. */
  @FunctionalInterface
  public interface ConfigCopy {
    /** Copies nothing: for deployments without config vars. */
    ConfigCopy NONE = (actor, from, to) -> {};

    void copy(Actor actor, EnvironmentKey from, EnvironmentKey to);
  }

  private volatile ConfigCopy configCopy = ConfigCopy.NONE;

  /** How {@link #create} copies config vars; {@link ConfigCopy#NONE} until set. */
  public void copyConfigWith(ConfigCopy copy) {
    this.configCopy = java.util.Objects.requireNonNull(copy, "copy");
  }

  /** Clones {@code from} as {@code to} (same project) and deploys the clone. */
  public ApplyResult create(Actor actor, String project, String to, String from, String message) {
    EnvironmentKey source = new EnvironmentKey(project, from);
    EnvironmentKey target = new EnvironmentKey(project, to);
    if (from.equals(to)) {
      throw new AppException(
          AppException.Kind.INVALID,
          "invalid_environment",
          "an environment cannot be cloned onto itself: give a new name (preview-42)");
    }
    record Base(EnvironmentRecord env, ReleaseRecord release) {}
    Base base =
        store.read(
            tx -> {
              if (tx.environments().get(target).isPresent()) {
                throw new AppException(
                    AppException.Kind.CONFLICT,
                    "environment_exists",
                    "environment '"
                        + to
                        + "' of project '"
                        + project
                        + "' already exists: delete it first (berth env delete "
                        + to
                        + ") or pick another name");
              }
              EnvironmentRecord env =
                  tx.environments()
                      .get(source)
                      .orElseThrow(() -> Lookups.noEnvironment(tx, source));
              ReleaseRecord r =
                  Releases.live(tx, source)
                      .or(() -> tx.releases().get(source, tx.releases().latestVersion(source)))
                      .orElseThrow(
                          () ->
                              new AppException(
                                  AppException.Kind.CONFLICT,
                                  "nothing_live",
                                  source + " has no release to clone: deploy it first"));
              return new Base(env, r);
            });
    if (base.release().source().artifact().isEmpty()) {
      throw new AppException(
          AppException.Kind.CONFLICT,
          "no_artifact",
          base.release().label()
              + " of "
              + source
              + " has no stored code to clone; apply it again, then clone");
    }
    String yaml;
    try {
      yaml = SpecClones.withEnvironment(base.release().specYaml(), from, to);
    } catch (IllegalArgumentException e) {
      throw new AppException(AppException.Kind.INVALID, "invalid_clone", e.getMessage());
    }
    String why = "cloned from " + from + " " + base.release().label();
    configCopy.copy(actor, source, target); // before the first apply, which then uses them
    ApplyResult r =
        apply.apply(
            new ApplyRequest(
                base.release().specFile(),
                yaml,
                base.release().procfile(),
                base.release().source().location(),
                to,
                actor,
                message == null || message.isBlank() ? why : why + ": " + message.strip(),
                base.release().source().artifact(),
                new ReleaseSource(
                    ReleaseSource.Kind.PROMOTION,
                    from,
                    base.release().source().ref(),
                    base.release().source().commit(),
                    base.release().source().artifact(),
                    base.release().version())));
    store.write(
        tx ->
            tx.audit()
                .append(
                    AuditEntry.of(clock.instant(), actor.display(), "env-create", target, why)));
    return r;
  }

  /**
   * Deletes an environment: stops tracking its branch, destroys its services and replicas.
   *
   * @return the services being stopped
   */
  public List<String> delete(Actor actor, EnvironmentKey key) {
    boolean tracked =
        store.write(
            tx -> {
              boolean had = tx.gitSources().get(key).isPresent();
              tx.gitSources().delete(key);
              if (had && tx.environments().get(key).isEmpty()) {
                tx.audit()
                    .append(
                        AuditEntry.of(
                            clock.instant(),
                            actor.display(),
                            "env-delete",
                            key,
                            "stopped tracking git; nothing was deployed"));
              }
              return had;
            });
    boolean deployed = store.read(tx -> tx.environments().get(key).isPresent());
    if (!deployed) {
      if (tracked) {
        return List.of();
      }
      throw store.read(tx -> Lookups.noEnvironment(tx, key));
    }
    return destroy.destroy(actor, key);
  }
}
