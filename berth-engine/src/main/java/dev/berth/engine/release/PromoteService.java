package dev.berth.engine.release;

import dev.berth.engine.app.Actor;
import dev.berth.engine.app.AppException;
import dev.berth.engine.app.ApplyRequest;
import dev.berth.engine.app.ApplyResult;
import dev.berth.engine.app.ApplyService;
import dev.berth.engine.app.Lookups;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentRecord;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseSource;
import dev.berth.engine.store.Store;
import java.util.Optional;

/**
 * {@code berth promote --from staging --to production}: deploys the exact code that is live in one
 * environment to another, without packing or building it again, as Heroku pipelines promote a slug.
 * The target keeps its own configuration: its spec as last applied (its {@code environments:}
 * overrides, its replica counts), or the source release's spec when the target has never been
 * deployed. The promotion is a release of the target like any other (release command, rolling
 * update, automatic rollback), recording the environment and release it came from.
 */
public final class PromoteService {
  private final Store store;
  private final ApplyService apply;

  public PromoteService(Store store, ApplyService apply) {
    this.store = store;
    this.apply = apply;
  }

  /**
   * What would be promoted, stored nowhere.
   *
   * @param release the source's live release ({@code v12})
   * @param artifact its code's digest
   * @param targetLive the target's live release, or empty
   */
  public record Plan(String release, String artifact, String targetLive) {}

  public Plan plan(String project, String from, String to) {
    EnvironmentKey source = new EnvironmentKey(project, from);
    EnvironmentKey target = new EnvironmentKey(project, to);
    ReleaseRecord live = sourceRelease(source, target);
    String targetLive =
        store.read(tx -> Releases.live(tx, target).map(ReleaseRecord::label).orElse(""));
    return new Plan(live.label(), live.source().artifact(), targetLive);
  }

  /** Promotes; the result is the target's new release, as an apply's. */
  public ApplyResult promote(Actor actor, String project, String from, String to, String message) {
    EnvironmentKey source = new EnvironmentKey(project, from);
    EnvironmentKey target = new EnvironmentKey(project, to);
    ReleaseRecord live = sourceRelease(source, target);
    Optional<EnvironmentRecord> targetEnv = store.read(tx -> tx.environments().get(target));
    String specFile = targetEnv.map(EnvironmentRecord::specFile).orElse(live.specFile());
    String specYaml = targetEnv.map(EnvironmentRecord::specYaml).orElse(live.specYaml());
    String procfile = targetEnv.isPresent() ? targetEnv.get().procfile() : live.procfile();
    String why = "promoted from " + from + " " + live.label();
    return apply.apply(
        new ApplyRequest(
            specFile,
            specYaml,
            procfile,
            live.source().location(),
            to,
            actor,
            message == null || message.isBlank() ? why : why + ": " + message.strip(),
            live.source().artifact(),
            new ReleaseSource(
                ReleaseSource.Kind.PROMOTION,
                from,
                live.source().ref(),
                live.source().commit(),
                live.source().artifact(),
                live.version())));
  }

  private ReleaseRecord sourceRelease(EnvironmentKey source, EnvironmentKey target) {
    if (source.equals(target)) {
      throw new AppException(
          AppException.Kind.INVALID,
          "invalid_promotion",
          "promote copies one environment's code to another: --from and --to are both '"
              + source.environment()
              + "'");
    }
    return store.read(
        tx -> {
          tx.environments().get(source).orElseThrow(() -> Lookups.noEnvironment(tx, source));
          ReleaseRecord live =
              Releases.live(tx, source)
                  .orElseThrow(
                      () ->
                          new AppException(
                              AppException.Kind.CONFLICT,
                              "nothing_live",
                              source
                                  + " has no live release to promote: deploy it first (berth"
                                  + " releases --env "
                                  + source.environment()
                                  + " shows how its releases went)"));
          if (live.source().artifact().isEmpty()) {
            throw new AppException(
                AppException.Kind.CONFLICT,
                "no_artifact",
                live.label()
                    + " of "
                    + source
                    + " was deployed before releases were packed into artifacts; apply it again,"
                    + " then promote");
          }
          return live;
        });
  }
}
