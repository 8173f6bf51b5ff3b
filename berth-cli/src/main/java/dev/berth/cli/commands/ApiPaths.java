package dev.berth.cli.commands;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * API paths, with names encoded (they are validated DNS labels, but input from the user is not).
 */
final class ApiPaths {
  private ApiPaths() {}

  static String env(String project, String environment) {
    return "/api/v1/projects/" + enc(project) + "/environments/" + enc(environment);
  }

  static String service(String project, String environment, String service) {
    return env(project, environment) + "/services/" + enc(service);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
