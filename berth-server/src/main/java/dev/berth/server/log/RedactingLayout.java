package dev.berth.server.log;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.berth.engine.config.Redactor;

/**
 * The control plane's log layout: the usual pattern, then the whole line (message, arguments and
 * stack trace alike) through the {@link Redactor}, so no log line Berth writes holds a secret value
 * whatever code logged it. Used by {@code logback.xml}.
 */
public final class RedactingLayout extends PatternLayout {
  @Override
  public String doLayout(ILoggingEvent event) {
    return Redactor.shared().redact(super.doLayout(event));
  }
}
