// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The log format of the shipped configuration: names in messages come from e-mails and file systems
 * (an attachment name in "rejected ..." under serve), so a control character in them must not start
 * a fake log line or drive the terminal.
 */
class LogFormatTest {
  @Test
  void message_controlCharactersReplaced_oneLinePerEvent() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator config = new JoranConfigurator();
    config.setContext(context);
    URL xml = getClass().getResource("/logback.xml");
    assertThat(xml).isNotNull();
    config.doConfigure(xml);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    @SuppressWarnings("unchecked")
    Encoder<ch.qos.logback.classic.spi.ILoggingEvent> encoder =
        ((ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent>) root.getAppender("STDERR"))
            .getEncoder();
    LoggingEvent event =
        new LoggingEvent(
            "x",
            root,
            Level.WARN,
            "rejected {}: {}",
            null,
            new Object[] {
              "mail 7", "part 2 \"a\n12:00:00.000 ERROR fake\u001b[2J\u009b\u202e\tb.xml\""
            });

    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
    context.stop();

    assertThat(line)
        .endsWith(
            " WARN  ROOT - rejected mail 7: part 2 \"a?12:00:00.000 ERROR fake?[2J??\tb.xml\""
                + System.lineSeparator());
  }
}
