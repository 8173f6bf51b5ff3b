package dev.berth.kubernetes.deploy;

import dev.berth.kubernetes.Rendering;
import dev.berth.kubernetes.apply.Applier;
import dev.berth.kubernetes.internal.Meta;
import dev.berth.kubernetes.internal.ScaledObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What is checked before anything is written, so a deploy fails before it starts rather than half
 * way: the API server answers; the namespace is Berth's for this environment or can be created; the
 * credentials may do what the apply needs (one SelfSubjectAccessReview per verb and kind, the
 * answer naming what is missing, as {@code kubectl auth can-i} would); and whether KEDA's CRD
 * exists, which decides how autoscaling renders.
 *
 * <p>A review the server answers without a status (the mock API server, which only stores what it
 * is sent) counts as allowed: only an explicit "no" stops a deploy.
 */
public final class Preflight {

  /** Verbs the applier uses on each kind it renders. */
  static final List<String> VERBS = List.of("get", "list", "create", "update", "delete");

  private Preflight() {}

  /** Whether the cluster has KEDA's CRD; {@code false} when it has not or may not be read. */
  public static boolean keda(KubernetesClient client) {
    try {
      return client
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(ScaledObjects.CRD)
              .get()
          != null;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 || e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Reaches the API server with the context's credentials (one read), or says how to make it
   * reachable: a refused connection, a timeout and a rejected credential (401) all mean "cannot
   * reach or authenticate" (the CLI's exit 3).
   */
  public static void reachable(KubernetesClient client) {
    try {
      client.namespaces().withName("default").get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return; // it answered; what may be done is the access reviews' business
      }
      throw new DeployException(
          DeployException.Kind.UNREACHABLE,
          List.of(
              "cannot reach the Kubernetes API server at "
                  + client.getMasterUrl()
                  + " ("
                  + e.getMessage()
                  + "): check the current kube context (kubectl config current-context,"
                  + " KUBECONFIG) and that the cluster is up"));
    }
  }

  /**
   * The problems that stop this rendering from being applied; empty when it may go ahead.
   *
   * @param r the rendering
   */
  public static List<String> problems(
      KubernetesClient client, Rendering r, String project, String environment) {
    List<String> problems = new ArrayList<>();
    Namespace ns = client.namespaces().withName(r.namespace()).get();
    if (ns != null && !owned(ns, project, environment)) {
      problems.add(
          "namespace '"
              + r.namespace()
              + "' exists and is not Berth's for "
              + project
              + "/"
              + environment
              + " (it lacks the labels "
              + Applier.selector(project, environment)
              + "): rename the environment, or delete or label that namespace if it is yours");
    }
    if (ns == null) {
      check(client, "create", "", "namespaces", null, problems);
    }
    Set<String> seen = new LinkedHashSet<>();
    for (HasMetadata o : r.objects()) {
      if (o instanceof Namespace || !seen.add(o.getKind())) {
        continue;
      }
      String group = group(o.getApiVersion());
      String resource = plural(o.getKind());
      for (String verb : VERBS) {
        check(client, verb, group, resource, r.namespace(), problems);
      }
    }
    return problems;
  }

  private static boolean owned(Namespace ns, String project, String environment) {
    Map<String, String> labels = ns.getMetadata().getLabels();
    return labels != null
        && "berth".equals(labels.get(Meta.MANAGED_BY))
        && project.equals(labels.get(Meta.PROJECT))
        && environment.equals(labels.get(Meta.ENVIRONMENT));
  }

  private static void check(
      KubernetesClient client,
      String verb,
      String group,
      String resource,
      String namespace,
      List<String> problems) {
    SelfSubjectAccessReview review =
        new SelfSubjectAccessReviewBuilder()
            .withNewMetadata()
            .withGenerateName("berth-preflight-")
            .endMetadata()
            .withNewSpec()
            .withNewResourceAttributes()
            .withVerb(verb)
            .withGroup(group)
            .withResource(resource)
            .withNamespace(namespace)
            .endResourceAttributes()
            .endSpec()
            .build();
    SelfSubjectAccessReview answer =
        client.authorization().v1().selfSubjectAccessReview().create(review);
    if (answer.getStatus() != null && Boolean.FALSE.equals(answer.getStatus().getAllowed())) {
      String what = (group.isEmpty() ? "" : group + "/") + resource;
      problems.add(
          "forbidden: the current credentials may not "
              + verb
              + " "
              + what
              + (namespace == null ? "" : " in namespace " + namespace)
              + ": grant it (a Role with verbs "
              + VERBS
              + " on "
              + what
              + ") or use a kube context that has it");
    }
  }

  static String group(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /** The resource name of a kind Berth renders. */
  static String plural(String kind) {
    return switch (kind) {
      case "PodDisruptionBudget" -> "poddisruptionbudgets";
      case "HorizontalPodAutoscaler" -> "horizontalpodautoscalers";
      default -> kind.toLowerCase(java.util.Locale.ROOT) + "s";
    };
  }
}
