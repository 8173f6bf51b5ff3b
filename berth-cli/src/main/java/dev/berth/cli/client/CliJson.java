package dev.berth.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The CLI's JSON: a plain mapper (no date/time module — the CLI only reads trees and writes maps of
 * strings), so short commands load as few classes as possible and start fast.
 */
public final class CliJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CliJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ObjectWriter pretty() {
    return MAPPER.writerWithDefaultPrettyPrinter();
  }
}
