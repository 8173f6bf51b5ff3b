package dev.berth.kubernetes.deploy;

import dev.berth.kubernetes.KubernetesRenderer;
import dev.berth.kubernetes.RenderInput;
import dev.berth.kubernetes.Rendering;
import dev.berth.kubernetes.apply.Applier;
import dev.berth.kubernetes.apply.ApplyPlan;
import dev.berth.kubernetes.apply.ReplaceWrites;
import dev.berth.kubernetes.internal.Meta;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Deploys a release of a {@code target: kubernetes} environment: render, preflight, apply in order,
 * watch, and roll back on failure — what Kubernetes alone does not do (a stalled Deployment only
 * gets {@code ProgressDeadlineExceeded}).
 *
 * <ol>
 *   <li>Preflight ({@link Preflight}): the API server answers, the namespace is Berth's or can be
 *       created, the credentials may do each write; KEDA's CRD decides how autoscaling renders.
 *   <li>Apply the Namespace, the ConfigMaps and the release Job, and wait for the Job: a failed
 *       release command changes no Deployment (the ConfigMaps go back to the live release's).
 *   <li>Apply everything, pruning what the release no longer has ({@link Applier}).
 *   <li>Watch every Deployment ({@link RolloutJudge}) until all are complete, one fails
 *       (ProgressDeadlineExceeded, a crash loop), or Berth's own deadline passes (the Deployment's
 *       progress deadline plus {@link #DEADLINE_MARGIN}: a cluster whose controller reports nothing
 *       still ends).
 *   <li>On failure, re-apply the live release's recorded objects (not its release Job: a rollback
 *       does not run an old migration again, as on Heroku) and watch them; the release is recorded
 *       FAILED and the previous one stays LIVE. On success, it is LIVE and the previous SUPERSEDED.
 * </ol>
 *
 * Releases and their rendered objects are recorded next to the environment ({@link
 * ClusterReleaseHistory}), so {@code releases} and {@link #rollback} work from the cluster alone.
 * Time comes from the {@link Clock}; waiting goes through {@link Pause}, so tests drive the watch
 * without sleeping.
 */
public final class KubernetesDeployer {

  /** How often the watch looks at the cluster. */
  public static final Duration POLL = Duration.ofSeconds(2);

  /** Berth's deadline is the object's own (progress deadline, Job deadline) plus this. */
  public static final Duration DEADLINE_MARGIN = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final Clock clock;
  private final Pause pause;
  private final Consumer<String> progress;

  /**
   * @param client the cluster (real: from the current kube context, {@link KubeContext})
   * @param progress one line per step, for the CLI (never a config value)
   */
  public KubernetesDeployer(
      KubernetesClient client, Clock clock, Pause pause, Consumer<String> progress) {
    this.client = client;
    this.clock = clock;
    this.pause = pause;
    this.progress = progress;
  }

  public ReleaseHistory history(String project, String environment) {
    return new ClusterReleaseHistory(
        client, Meta.namespaceOf(project, environment), project, environment);
  }

  /** Deploys {@code in}'s release (its {@code keda} flag is replaced by what the cluster has). */
  public DeployResult deploy(RenderInput in) throws InterruptedException {
    Preflight.reachable(client);
    boolean keda = Preflight.keda(client);
    Rendering r;
    try {
      r = KubernetesRenderer.render(in.withKeda(keda));
    } catch (IllegalArgumentException e) {
      throw new DeployException(DeployException.Kind.INVALID, List.of(e.getMessage()));
    }
    String project = in.project();
    String env = in.environment().name();
    List<String> problems = Preflight.problems(client, r, project, env);
    if (!problems.isEmpty()) {
      throw new DeployException(DeployException.Kind.PREFLIGHT, problems);
    }
    r.notes().forEach(n -> progress.accept("note: " + n));
    Applier applier = new Applier(new ReplaceWrites(client));
    ReleaseHistory history = history(project, env);
    Optional<ReleaseEntry> previous = history.live();
    int writes = 0;

    int job = indexOfJob(r.objects());
    if (job >= 0) {
      Rendering first = new Rendering(r.namespace(), r.objects().subList(0, job + 1), List.of());
      writes += writes(applier.apply(first, project, env, false));
    } else {
      writes +=
          writes(
              applier.apply(
                  new Rendering(r.namespace(), r.objects().subList(0, 1), List.of()),
                  project,
                  env,
                  false));
    }
    ReleaseEntry entry =
        new ReleaseEntry(in.release(), ReleaseState.DEPLOYING, clock.instant(), "", null);
    if (history.objects(in.release()).isPresent()) {
      history.update(entry);
    } else {
      history.record(entry, r.objects());
    }
    progress.accept("release " + in.release() + ": applying to namespace " + r.namespace());

    if (job >= 0) {
      Job j = (Job) r.objects().get(job);
      RolloutJudge.Verdict v = waitForJob(j);
      progress.accept(v.reason());
      if (v.phase() != RolloutJudge.Phase.COMPLETE) {
        String back = restore(previous, history, applier, project, env, false);
        return fail(history, entry, v.reason() + "; no Deployment was changed", back, r, writes);
      }
    }
    writes += writes(applier.apply(r, project, env, true));
    RolloutJudge.Verdict v = watch(r);
    if (v.phase() == RolloutJudge.Phase.COMPLETE) {
      previous
          .filter(p -> !p.release().equals(in.release()))
          .ifPresent(p -> history.update(p.withState(ReleaseState.SUPERSEDED, "")));
      history.update(entry.withState(ReleaseState.LIVE, v.reason()));
      progress.accept("release " + in.release() + " is live");
      return new DeployResult(in.release(), ReleaseState.LIVE, v.reason(), null, r.notes(), writes);
    }
    progress.accept(v.reason());
    String back = restore(previous, history, applier, project, env, true);
    return fail(history, entry, v.reason(), back, r, writes);
  }

  /**
   * Re-applies {@code release}'s recorded objects (without its release Job), watches them, and
   * makes it the live release.
   */
  public DeployResult rollback(String project, String environment, String release)
      throws InterruptedException {
    Preflight.reachable(client);
    ReleaseHistory history = history(project, environment);
    ReleaseEntry target =
        history.list().stream()
            .filter(e -> e.release().equals(release))
            .findFirst()
            .orElseThrow(
                () ->
                    new DeployException(
                        DeployException.Kind.INVALID,
                        List.of(
                            "no release "
                                + release
                                + " recorded for "
                                + project
                                + "/"
                                + environment
                                + ": see berth releases")));
    Optional<ReleaseEntry> live = history.live();
    Rendering r = recorded(history, release, Meta.namespaceOf(project, environment));
    Applier applier = new Applier(new ReplaceWrites(client));
    int writes = writes(applier.apply(r, project, environment, true));
    RolloutJudge.Verdict v = watch(r);
    if (v.phase() != RolloutJudge.Phase.COMPLETE) {
      return new DeployResult(release, ReleaseState.FAILED, v.reason(), null, List.of(), writes);
    }
    live.filter(l -> !l.release().equals(release))
        .ifPresent(l -> history.update(l.withState(ReleaseState.SUPERSEDED, "rolled back")));
    history.update(target.withState(ReleaseState.LIVE, "rolled back to"));
    return new DeployResult(release, ReleaseState.LIVE, v.reason(), null, List.of(), writes);
  }

  private DeployResult fail(
      ReleaseHistory history,
      ReleaseEntry entry,
      String why,
      String rolledBackTo,
      Rendering r,
      int writes) {
    String message =
        why
            + (rolledBackTo != null
                ? "; rolled back to " + rolledBackTo
                : "; nothing to roll back to: the objects stay for inspection, fix and apply"
                    + " again");
    history.update(entry.withState(ReleaseState.FAILED, message));
    progress.accept("release " + entry.release() + " failed: " + message);
    return new DeployResult(
        entry.release(), ReleaseState.FAILED, message, rolledBackTo, r.notes(), writes);
  }

  /** Puts the live release's objects back; returns its label, or {@code null} without one. */
  private String restore(
      Optional<ReleaseEntry> previous,
      ReleaseHistory history,
      Applier applier,
      String project,
      String env,
      boolean prune)
      throws InterruptedException {
    if (previous.isEmpty()) {
      return null;
    }
    String release = previous.get().release();
    progress.accept("rolling back to " + release);
    Rendering r = recorded(history, release, Meta.namespaceOf(project, env));
    applier.apply(r, project, env, prune);
    if (prune) {
      RolloutJudge.Verdict v = watch(r);
      progress.accept(v.reason());
    }
    return release;
  }

  private static Rendering recorded(ReleaseHistory history, String release, String namespace) {
    List<HasMetadata> objects =
        history
            .objects(release)
            .orElseThrow(
                () ->
                    new DeployException(
                        DeployException.Kind.INVALID,
                        List.of("release " + release + " has no recorded objects")));
    List<HasMetadata> withoutJob = new ArrayList<>();
    for (HasMetadata o : objects) {
      if (!(o instanceof Job)) {
        withoutJob.add(o);
      }
    }
    return new Rendering(namespace, withoutJob, List.of());
  }

  private RolloutJudge.Verdict waitForJob(Job j) throws InterruptedException {
    long limit =
        j.getSpec().getActiveDeadlineSeconds() == null
            ? 600
            : j.getSpec().getActiveDeadlineSeconds();
    Instant deadline = clock.instant().plusSeconds(limit).plus(DEADLINE_MARGIN);
    while (true) {
      Job live = client.resource(j).get();
      RolloutJudge.Verdict v =
          live == null
              ? new RolloutJudge.Verdict(RolloutJudge.Phase.FAILED, "the release job disappeared")
              : RolloutJudge.job(live);
      if (v.phase() != RolloutJudge.Phase.PROGRESSING) {
        return v;
      }
      if (!clock.instant().isBefore(deadline)) {
        return new RolloutJudge.Verdict(
            RolloutJudge.Phase.FAILED, v.reason() + ", still after " + limit + "s: giving up");
      }
      pause.pause(POLL);
    }
  }

  /** Watches every Deployment of {@code r} to an end. */
  RolloutJudge.Verdict watch(Rendering r) throws InterruptedException {
    List<Deployment> deployments = new ArrayList<>();
    long longest = 0;
    for (HasMetadata o : r.objects()) {
      if (o instanceof Deployment d) {
        deployments.add(d);
        Integer p = d.getSpec().getProgressDeadlineSeconds();
        longest = Math.max(longest, p == null ? 600 : p);
      }
    }
    if (deployments.isEmpty()) {
      return new RolloutJudge.Verdict(RolloutJudge.Phase.COMPLETE, "nothing to roll out");
    }
    Instant deadline = clock.instant().plusSeconds(longest).plus(DEADLINE_MARGIN);
    while (true) {
      RolloutJudge.Verdict worst = null;
      for (Deployment d : deployments) {
        Deployment live = client.resource(d).get();
        if (live == null) {
          return new RolloutJudge.Verdict(
              RolloutJudge.Phase.FAILED,
              "deployment '" + d.getMetadata().getName() + "' was deleted during the rollout");
        }
        RolloutJudge.Verdict v =
            RolloutJudge.deployment(
                live,
                client
                    .pods()
                    .inNamespace(r.namespace())
                    .withLabels(d.getSpec().getSelector().getMatchLabels())
                    .list()
                    .getItems());
        if (v.phase() == RolloutJudge.Phase.FAILED) {
          return v;
        }
        if (v.phase() == RolloutJudge.Phase.PROGRESSING && worst == null) {
          worst = v;
        }
      }
      if (worst == null) {
        return new RolloutJudge.Verdict(
            RolloutJudge.Phase.COMPLETE, deployments.size() + " deployments rolled out");
      }
      if (!clock.instant().isBefore(deadline)) {
        return new RolloutJudge.Verdict(
            RolloutJudge.Phase.FAILED,
            worst.reason() + ", still after " + longest + "s and Berth's margin: giving up");
      }
      progress.accept(worst.reason());
      pause.pause(POLL);
    }
  }

  private static int indexOfJob(List<HasMetadata> objects) {
    for (int i = 0; i < objects.size(); i++) {
      if (objects.get(i) instanceof Job) {
        return i;
      }
    }
    return -1;
  }

  private static int writes(List<ApplyPlan.Step> steps) {
    return (int) steps.stream().filter(s -> s.action() != ApplyPlan.Action.UNCHANGED).count();
  }
}
