package dev.berth.engine.artifact;

import java.util.regex.Pattern;

/**
 * Git URLs as they may be shown and recorded: a password or token written into a URL ({@code
 * https://user:TOKEN@host/repo.git}) never reaches a release record, an event, an error message or
 * a log line.
 */
public final class GitUrls {
  private static final Pattern USERINFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)([^/@]*)@");

  private GitUrls() {}

  /**
   * The URL with the password part of its user information replaced by {@code ***} ({@code
   * https://user:***@host/repo.git}); a user name alone is kept (an SSH {@code git@host:repo} or
   * {@code ssh://git@host/repo} is no secret), and so is any URL without user information.
   */
  public static String redacted(String url) {
    if (url == null) {
      return null;
    }
    var m = USERINFO.matcher(url);
    if (!m.find()) {
      return url;
    }
    String userinfo = m.group(2);
    int colon = userinfo.indexOf(':');
    if (colon < 0) {
      return url;
    }
    return m.group(1) + userinfo.substring(0, colon) + ":***@" + url.substring(m.end());
  }
}
