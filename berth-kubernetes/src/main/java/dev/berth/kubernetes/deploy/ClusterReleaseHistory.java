package dev.berth.kubernetes.deploy;

import dev.berth.kubernetes.internal.Meta;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * {@link ReleaseHistory} kept in the environment's namespace, one ConfigMap per release ({@code
 * berth-release-<release>}), as Helm keeps its release records next to the release: the rendered
 * objects gzipped in {@code binaryData}, the state and message in {@code data}.
 *
 * <p>Invariants: a record carries {@value #RECORD}{@code =true} and the project and environment
 * labels but never {@code app.kubernetes.io/managed-by}, so the applier's pruning (which selects by
 * managed-by) never deletes the history; records sort by {@value #SEQUENCE}, one more than the
 * highest recorded. The rendered objects hold no secret value today (Berth renders no Secret); once
 * Secrets exist, their data must be left out of the record or the record must become a Secret.
 */
public final class ClusterReleaseHistory implements ReleaseHistory {

  public static final String RECORD = "berth.dev/release-record";
  public static final String SEQUENCE = "berth.dev/sequence";
  private static final String OBJECTS = "objects.json.gz";

  private final KubernetesClient client;
  private final String namespace;
  private final String project;
  private final String environment;

  public ClusterReleaseHistory(
      KubernetesClient client, String namespace, String project, String environment) {
    this.client = client;
    this.namespace = namespace;
    this.project = project;
    this.environment = environment;
  }

  public static String name(String release) {
    return "berth-release-" + release;
  }

  @Override
  public void record(ReleaseEntry entry, List<HasMetadata> objects) {
    long next = records().stream().mapToLong(ClusterReleaseHistory::sequence).max().orElse(0) + 1;
    KubernetesList list = new KubernetesListBuilder().withItems(objects).build();
    String json = client.getKubernetesSerialization().asJson(list);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(RECORD, "true");
    labels.put(Meta.PROJECT, project);
    labels.put(Meta.ENVIRONMENT, environment);
    labels.put(Meta.RELEASE, entry.release());
    ConfigMap cm =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(name(entry.release()))
            .withNamespace(namespace)
            .withLabels(labels)
            .withAnnotations(Map.of(SEQUENCE, Long.toString(next)))
            .endMetadata()
            .withData(data(entry))
            .withBinaryData(Map.of(OBJECTS, Base64.getEncoder().encodeToString(gzip(json))))
            .build();
    client.configMaps().inNamespace(namespace).resource(cm).create();
  }

  @Override
  public void update(ReleaseEntry entry) {
    client
        .configMaps()
        .inNamespace(namespace)
        .withName(name(entry.release()))
        .edit(cm -> new ConfigMapBuilder(cm).withData(data(entry)).build());
  }

  @Override
  public List<ReleaseEntry> list() {
    return records().stream()
        .sorted(Comparator.comparingLong(ClusterReleaseHistory::sequence))
        .map(ClusterReleaseHistory::entry)
        .toList();
  }

  @Override
  public Optional<List<HasMetadata>> objects(String release) {
    ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name(release)).get();
    if (cm == null || cm.getBinaryData() == null || !cm.getBinaryData().containsKey(OBJECTS)) {
      return Optional.empty();
    }
    String json = gunzip(Base64.getDecoder().decode(cm.getBinaryData().get(OBJECTS)));
    KubernetesList list = client.getKubernetesSerialization().unmarshal(json, KubernetesList.class);
    return Optional.of(list.getItems());
  }

  private List<ConfigMap> records() {
    if (client.namespaces().withName(namespace).get() == null) {
      return List.of();
    }
    return client
        .configMaps()
        .inNamespace(namespace)
        .withLabel(RECORD, "true")
        .withLabel(Meta.PROJECT, project)
        .withLabel(Meta.ENVIRONMENT, environment)
        .list()
        .getItems();
  }

  private static long sequence(ConfigMap cm) {
    Map<String, String> a = cm.getMetadata().getAnnotations();
    return a == null ? 0 : Long.parseLong(a.getOrDefault(SEQUENCE, "0"));
  }

  private static Map<String, String> data(ReleaseEntry e) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("release", e.release());
    d.put("state", e.state().name());
    d.put("createdAt", e.createdAt().toString());
    d.put("message", e.message());
    if (e.rollbackOf() != null) {
      d.put("rollbackOf", e.rollbackOf());
    }
    return d;
  }

  private static ReleaseEntry entry(ConfigMap cm) {
    Map<String, String> d = cm.getData();
    return new ReleaseEntry(
        d.get("release"),
        ReleaseState.valueOf(d.get("state")),
        Instant.parse(d.get("createdAt")),
        d.get("message"),
        d.get("rollbackOf"));
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String gunzip(byte[] bytes) {
    try (GZIPInputStream z = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return new String(z.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("a release record is damaged: " + e.getMessage(), e);
    }
  }
}
