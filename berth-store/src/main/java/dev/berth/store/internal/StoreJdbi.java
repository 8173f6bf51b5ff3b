package dev.berth.store.internal;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.ColonPrefixSqlParser;
import org.jdbi.v3.core.statement.SqlParser;
import org.jdbi.v3.core.statement.TemplateEngine;

/**
 * How every {@link Jdbi} of the store is set up: one SQL parser for the whole process, and no
 * template rendering.
 *
 * <p>Jdbi parses each statement's {@code :named} parameters once per parser, and each {@code Jdbi}
 * gets a parser of its own by default. A SQLite store has two (its writer and its reader pool):
 * each parsed every statement again, about 10 ms of CPU in the first apply after {@code berth up},
 * and a process may run more than one store (tests run several control planes). The store's
 * statements are a fixed set, far below the parser's cache size, and {@link ColonPrefixSqlParser}
 * (Jdbi's default) is safe to share between threads, as every {@code Jdbi} already shares it
 * between its handles.
 *
 * <p>The store's SQL defines no {@code <attributes>}, so Jdbi's default template engine only copied
 * each statement through a per-{@code Jdbi} cache; {@link TemplateEngine#NOP} hands it over as is.
 * Invariant: no statement of the store may use {@code <name>} templates.
 */
final class StoreJdbi {
  static final SqlParser PARSER = new ColonPrefixSqlParser();

  private StoreJdbi() {}

  /** The same {@code jdbi}, set up for the store. */
  static Jdbi configure(Jdbi jdbi) {
    jdbi.setSqlParser(PARSER);
    jdbi.setTemplateEngine(TemplateEngine.NOP);
    return jdbi;
  }
}
