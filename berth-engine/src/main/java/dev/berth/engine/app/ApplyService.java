package dev.berth.engine.app;

import dev.berth.core.model.EnvironmentSpec;
import dev.berth.core.model.ProjectSpec;
import dev.berth.core.plan.Sensitivity;
import dev.berth.core.rollout.RolloutState;
import dev.berth.engine.artifact.AppCode;
import dev.berth.engine.artifact.ArtifactException;
import dev.berth.engine.artifact.Builder;
import dev.berth.engine.artifact.GitUrls;
import dev.berth.engine.controller.EventBus;
import dev.berth.engine.runtime.RunAsPolicy;
import dev.berth.engine.store.AuditEntry;
import dev.berth.engine.store.EnvironmentKey;
import dev.berth.engine.store.EnvironmentLock;
import dev.berth.engine.store.Event;
import dev.berth.engine.store.ReleaseCommandStatus;
import dev.berth.engine.store.ReleaseRecord;
import dev.berth.engine.store.ReleaseSource;
import dev.berth.engine.store.ReleaseStatus;
import dev.berth.engine.store.RolloutRecord;
import dev.berth.engine.store.ServiceKey;
import dev.berth.engine.store.ServiceRecord;
import dev.berth.engine.store.Store;
import dev.berth.engine.store.StoreTx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code berth apply}: validate a spec, store it as the desired state of one environment, and wake
 * the controllers that converge to it.
 *
 * <p>Invariants: an invalid spec changes nothing; a valid one is stored in one transaction
 * (environment, every service, removals, events) or not at all; re-applying an unchanged spec
 * changes nothing and creates no release; a replica count set with {@code berth scale} survives
 * re-applies that do not change the spec's own count (see {@link ServiceRecord}); applies of one
 * environment run one at a time, in arrival order ({@link EnvironmentQueue}); every apply that
 * changes something is a new release ({@code deploying}), and a release still deploying when the
 * next one is made is superseded by it (its rollout stops, the newer one rolls out from what serves
 * now, as a Kubernetes Deployment rolls over): two rollouts of one environment never interleave; no
 * apply raises the replicas on the machine above {@link
 * dev.berth.core.spec.SpecLimits#MAX_REPLICAS_PER_MACHINE} ({@link MachineReplicas}).
 */
public final class ApplyService {
  private final RunAsPolicy runAs;
  private final AppCode code;
  private final ApplyCode applyCode;
  private final Store store;
  private final EventBus bus;
  private final Wake wake;
  private final Clock clock;
  private final EnvironmentQueue queue = new EnvironmentQueue();
  private final ApplyLocks locks;
  private volatile Sensitivity sensitivity = Sensitivity.NONE;

  /** The queue this environment's applies wait in; rollbacks and promotions wait in it too. */
  public EnvironmentQueue queue() {
    return queue;
  }

  /**
   * @param runAs whether the runtime can run replicas as a service's {@code user}
   * @param code where replicas' code comes from: the uploaded artifact, or the directory packed
   * @param builder runs the project's {@code build.command} on the code before it is deployed
   */
  public ApplyService(
      Store store,
      EventBus bus,
      Wake wake,
      Clock clock,
      RunAsPolicy runAs,
      AppCode code,
      Builder builder) {
    this.store = store;
    this.bus = bus;
    this.wake = wake;
    this.clock = clock;
    this.runAs = runAs;
    this.code = code;
    this.applyCode = new ApplyCode(code, builder, clock);
    this.locks = new ApplyLocks(store, bus, clock, ApplyLocks.newInstanceId());
  }

  /** The store-held apply locks (for {@code berth unlock} and the control plane's heartbeat). */
  public ApplyLocks locks() {
    return locks;
  }

  /**
   * Which env values plans hide as {@code (sensitive)}: the extension point for the config layer,
   * which sets one that knows its secret keys. {@link Sensitivity#NONE} until then.
   */
  public void sensitivity(Sensitivity s) {
    this.sensitivity = java.util.Objects.requireNonNull(s, "sensitivity");
  }

  /**
   * {@code berth plan}: the field-by-field plan of {@code request}, with drift and what a saved
   * plan pins ({@link PlanOutcome#pinned()}). Stores nothing, and takes no lock.
   */
  public PlanOutcome preview(ApplyRequest request) {
    ProjectSpec spec = ApplySpecs.parse(request);
    EnvironmentSpec env = ApplySpecs.resolve(spec, request, runAs);
    EnvironmentKey key = new EnvironmentKey(spec.project(), env.name());
    ApplyCode.Code c = plannedCode(key, request);
    List<String> warnings = ApplySpecs.warnings(spec, env);
    Sensitivity s = sensitivity;
    return store.read(
        tx -> SavedPlans.outcome(tx, key, env, request, c, clock.instant(), warnings, s));
  }

  /** The code an apply would run, stored nowhere: for plans. */
  private ApplyCode.Code plannedCode(EnvironmentKey key, ApplyRequest request) {
    String digest = applyCode.plannedDigest(request);
    return new ApplyCode.Code(digest, code.path(key, digest).toString());
  }

  /** Parses and validates without storing anything: what {@code apply} would accept. */
  public EnvironmentSpec validate(ApplyRequest request) {
    ProjectSpec spec = ApplySpecs.parse(request);
    EnvironmentSpec env = ApplySpecs.resolve(spec, request, runAs);
    EnvironmentKey key = new EnvironmentKey(spec.project(), env.name());
    store.read(
        tx -> {
          ApplyPlan.checkMachineReplicas(tx, key, env);
          return null;
        });
    return env;
  }

  /**
   * What {@link #apply} would do now, decided by the same code and stored nowhere: the changes,
   * with {@link Change#destructive} marking those that stop running replicas, and whether anything
   * would change at all. {@code berth apply} asks before a destructive change from this, never by
   * guessing on its side. An apply racing in between may make the real outcome differ.
   */
  public ApplyResult plan(ApplyRequest request) {
    ProjectSpec spec = ApplySpecs.parse(request);
    EnvironmentSpec env = ApplySpecs.resolve(spec, request, runAs);
    EnvironmentKey key = new EnvironmentKey(spec.project(), env.name());
    // a dry run stores nothing: the digest the code would have, uploaded or not
    ApplyCode.Code c = plannedCode(key, request);
    List<String> warnings = ApplySpecs.warnings(spec, env);
    return store.read(
        tx -> ApplyPlan.compute(tx, key, env, request, c, clock.instant(), warnings).result());
  }

  /**
   * {@code berth apply --git URL --ref REF}: clones the repository at the ref, reads its spec and
   * Procfile, packs it, and applies that, recording the repository, ref and commit with the
   * release.
   *
   * @param specFile the spec's path in the repository
   * @param dryRun plan only (the code is still cloned and stored, content-addressed)
   */
  public ApplyResult applyFromGit(
      String url,
      String ref,
      String specFile,
      String environment,
      Actor actor,
      String message,
      boolean dryRun) {
    return applyFromGit(url, ref, specFile, environment, actor, message, dryRun, line -> {});
  }

  /**
   * As {@link #applyFromGit(String, String, String, String, Actor, String, boolean)}, handing each
   * line the project's build prints to {@code buildOutput} as it is printed.
   */
  public ApplyResult applyFromGit(
      String url,
      String ref,
      String specFile,
      String environment,
      Actor actor,
      String message,
      boolean dryRun,
      Consumer<String> buildOutput) {
    if (url == null || url.isBlank()) {
      throw new AppException(AppException.Kind.INVALID, "invalid_git", "a git URL is required");
    }
    String file = specFile == null || specFile.isBlank() ? "berth.yaml" : specFile;
    AppCode.GitCode g;
    try {
      g = code.fromGit(url.strip(), ref == null ? "" : ref.strip(), file);
    } catch (ArtifactException e) {
      throw ApplyCode.problem(e);
    }
    ApplyRequest request =
        new ApplyRequest(
            file,
            g.spec(),
            g.procfile(),
            GitUrls.redacted(url.strip()),
            environment,
            actor,
            message,
            g.artifact().digest(),
            new ReleaseSource(
                ReleaseSource.Kind.GIT,
                GitUrls.redacted(url.strip()), // a token in the URL is never recorded
                ref == null ? "" : ref.strip(),
                g.commit(),
                g.artifact().digest(),
                0));
    return dryRun ? plan(request) : apply(request, buildOutput);
  }

  /**
   * Validates and stores {@code request}; waits for earlier applies of the same environment to
   * finish first (see {@link EnvironmentQueue}).
   */
  public ApplyResult apply(ApplyRequest request) {
    return apply(request, line -> {});
  }

  /**
   * As {@link #apply(ApplyRequest)}, handing each line the project's build prints to {@code
   * buildOutput} as it is printed (from the builder's thread).
   */
  public ApplyResult apply(ApplyRequest request, Consumer<String> buildOutput) {
    return apply(request, buildOutput, ApplyOptions.DEFAULT);
  }

  /**
   * As {@link #apply(ApplyRequest, Consumer)}, applying only a saved plan that still holds, or
   * refusing at once when the environment is locked, as {@code options} say. Every apply holds the
   * environment's store lock ({@link ApplyLocks}) from before its code is built to its commit.
   */
  public ApplyResult apply(
      ApplyRequest request, Consumer<String> buildOutput, ApplyOptions options) {
    ProjectSpec spec = ApplySpecs.parse(request);
    EnvironmentKey queued = new EnvironmentKey(spec.project(), request.environment());
    if (options.failIfLocked()) {
      locks.refuseIfHeld(queued);
    }
    return queue.run(queued, () -> applyNext(spec, request, buildOutput, options));
  }

  private ApplyResult applyNext(
      ProjectSpec spec, ApplyRequest request, Consumer<String> buildOutput, ApplyOptions options) {
    EnvironmentSpec env = ApplySpecs.resolve(spec, request, runAs);
    EnvironmentKey key = new EnvironmentKey(spec.project(), env.name());
    EnvironmentLock lock = locks.acquire(key, request.actor(), "apply");
    try {
      return applyLocked(spec, env, key, request, buildOutput, options.expected(), lock);
    } finally {
      locks.release(lock);
    }
  }

  private ApplyResult applyLocked(
      ProjectSpec spec,
      EnvironmentSpec env,
      EnvironmentKey key,
      ApplyRequest request,
      Consumer<String> buildOutput,
      SavedPlan expected,
      EnvironmentLock lock) {
    ApplyCode.Code planned = expected == null ? null : plannedCode(key, request);
    ApplyCode.Code c =
        applyCode.checkout(
            key, request, spec, buildOutput); // packing, building, unpacking: outside the tx
    Instant now = clock.instant();
    List<String> warnings = ApplySpecs.warnings(spec, env);
    List<Event> events = new ArrayList<>();
    Set<ServiceKey> touched = new java.util.LinkedHashSet<>();
    Sensitivity s = sensitivity;
    ApplyResult result =
        store.write(
            tx -> {
              ApplyLocks.checkHeld(tx, lock);
              if (expected != null) {
                SavedPlans.check(tx, key, env, request, planned, now, s, expected);
              }
              return store(tx, key, env, request, c, now, warnings, events, touched, phase(spec));
            });
    bus.publish(events);
    touched.forEach(wake::service);
    if (result.changed()) {
      wake.environment(key);
    }
    return result;
  }

  ApplyResult store(
      StoreTx tx,
      EnvironmentKey key,
      EnvironmentSpec env,
      ApplyRequest request,
      ApplyCode.Code c,
      Instant now,
      List<String> warnings,
      List<Event> events,
      Set<ServiceKey> touched,
      ReleaseCommandStatus phase) {
    ApplyPlan plan = ApplyPlan.compute(tx, key, env, request, c, now, warnings);
    if (!plan.result().changed()) {
      return plan.result();
    }
    tx.environments().put(plan.environment());
    tx.serials().bump(key);
    for (ServiceRecord w : plan.writes()) {
      boolean newTemplate =
          tx.services()
              .get(w.key())
              .map(o -> !o.templateHash().equals(w.templateHash()))
              .orElse(true);
      tx.services().put(w);
      if (newTemplate) { // a rollout starts now: its deadline counts from here
        tx.rollouts()
            .put(new RolloutRecord(w.key(), w.templateHash(), RolloutState.start(now), false));
      }
      touched.add(w.key());
    }
    for (ServiceRecord r : plan.removed()) {
      tx.services().delete(r.key());
      touched.add(r.key());
      events.add(
          tx.events()
              .append(Event.of(now, r.key(), "", "ServiceRemoved", "removed from the spec")));
    }
    String changed = Change.summary(plan.result().changes());
    String summary =
        plan.result().release()
            + ": "
            + (changed.isEmpty() ? "spec text changed, services unchanged" : changed);
    events.add(tx.events().append(Event.of(now, key, "Applied", summary)));
    ReleaseRecord release =
        new ReleaseRecord(
            key,
            plan.result().generation(),
            ReleaseStatus.DEPLOYING,
            now,
            null,
            null,
            request.actor().display(),
            request.message(),
            "",
            request.source() != null
                ? request.source()
                : ReleaseSource.directory(request.sourceDir(), "", c.digest()),
            plan.result().changes(),
            templates(tx, key),
            phase,
            request.specFile(),
            request.specYaml(),
            request.procfile());
    for (ReleaseRecord d : tx.releases().withStatus(key, ReleaseStatus.DEPLOYING)) {
      String why = "superseded by " + release.label() + " before it went live";
      tx.releases().finish(d.finished(ReleaseStatus.SUPERSEDED, why, now));
      events.add(
          tx.events().append(Event.of(now, key, "ReleaseSuperseded", d.label() + " is " + why)));
    }
    tx.releases().insert(release);
    String action =
        request.source() != null && request.source().kind() == ReleaseSource.Kind.PROMOTION
            ? "promote"
            : request.source() != null && request.source().kind() == ReleaseSource.Kind.CONFIG
                ? "config" // berth config set/unset (ConfigRelease)
                : "apply";
    tx.audit().append(AuditEntry.of(now, request.actor().display(), action, key, summary));
    return plan.result();
  }

  /** The template of every service the environment has after the apply. */
  private static Map<String, String> templates(StoreTx tx, EnvironmentKey key) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ServiceRecord r : tx.services().list(key)) {
      out.put(r.key().service(), r.templateHash());
    }
    return out;
  }

  /** A release of a spec with a release command runs it before any of its replicas start. */
  /** {@code spec}'s environment for {@code request}, checked as an apply checks it. */
  EnvironmentSpec resolve(ProjectSpec spec, ApplyRequest request) {
    return ApplySpecs.resolve(spec, request, runAs);
  }

  static ReleaseCommandStatus phase(ProjectSpec spec) {
    return spec.releaseCommand() != null ? ReleaseCommandStatus.PENDING : ReleaseCommandStatus.NONE;
  }
}
