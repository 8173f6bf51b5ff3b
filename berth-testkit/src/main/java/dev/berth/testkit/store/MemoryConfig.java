package dev.berth.testkit.store;

import dev.berth.engine.store.ConfigRecord;
import dev.berth.engine.store.ConfigTable;
import dev.berth.engine.store.EnvironmentKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The config vars of one {@link MemoryTx}: per environment an immutable sorted map, replaced whole
 * on change (the state it belongs to is never mutated once published).
 */
final class MemoryConfig implements ConfigTable {
  private final Supplier<Map<EnvironmentKey, SortedMap<String, ConfigRecord>>> view;
  private final Supplier<Map<EnvironmentKey, SortedMap<String, ConfigRecord>>> forWrite;

  MemoryConfig(
      Supplier<Map<EnvironmentKey, SortedMap<String, ConfigRecord>>> view,
      Supplier<Map<EnvironmentKey, SortedMap<String, ConfigRecord>>> forWrite) {
    this.view = view;
    this.forWrite = forWrite;
  }

  @Override
  public List<ConfigRecord> list(EnvironmentKey env) {
    return List.copyOf(view.get().getOrDefault(env, Collections.emptySortedMap()).values());
  }

  @Override
  public Optional<ConfigRecord> get(EnvironmentKey env, String name) {
    return Optional.ofNullable(
        view.get().getOrDefault(env, Collections.emptySortedMap()).get(name));
  }

  @Override
  public void put(ConfigRecord r) {
    Objects.requireNonNull(r, "record");
    Map<EnvironmentKey, SortedMap<String, ConfigRecord>> all = forWrite.get();
    SortedMap<String, ConfigRecord> vars = new TreeMap<>(CodePointOrder.INSTANCE);
    vars.putAll(all.getOrDefault(r.env(), Collections.emptySortedMap()));
    vars.put(
        r.name(),
        new ConfigRecord(
            r.env(),
            r.name(),
            r.secret(),
            r.value(),
            r.wrappedKey(),
            MemoryTx.millis(r.updatedAt())));
    all.put(r.env(), Collections.unmodifiableSortedMap(vars));
  }

  @Override
  public boolean delete(EnvironmentKey env, String name) {
    if (!view.get().getOrDefault(env, Collections.emptySortedMap()).containsKey(name)) {
      return false;
    }
    Map<EnvironmentKey, SortedMap<String, ConfigRecord>> all = forWrite.get();
    SortedMap<String, ConfigRecord> vars = new TreeMap<>(all.get(env));
    vars.remove(name);
    if (vars.isEmpty()) {
      all.remove(env);
    } else {
      all.put(env, Collections.unmodifiableSortedMap(vars));
    }
    return true;
  }

  @Override
  public List<ConfigRecord> secrets() {
    List<ConfigRecord> out = new ArrayList<>();
    view.get()
        .values()
        .forEach(m -> m.values().stream().filter(ConfigRecord::secret).forEach(out::add));
    out.sort(
        Comparator.comparing((ConfigRecord r) -> r.env().project(), CodePointOrder.INSTANCE)
            .thenComparing(r -> r.env().environment(), CodePointOrder.INSTANCE)
            .thenComparing(ConfigRecord::name, CodePointOrder.INSTANCE));
    return out;
  }
}
