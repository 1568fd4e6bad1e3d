// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logging in to a mailbox with a password against GreenMail: a login the server refuses ends the
 * ingest at once with the server's answer; it is not a dropped connection to try again.
 */
class ImapLoginIT {
  @TempDir Path dir;
  GreenMail mail;
  ReportStore store;

  @BeforeEach
  void start() {
    mail = new GreenMail(ServerSetup.IMAP.dynamicPort());
    mail.start();
    mail.setUser(ReportMail.TO, "dmarc", "secret");
    store = ReportStores.open(StoreConfig.inDataDir(dir));
  }

  @AfterEach
  void stop() {
    store.close();
    mail.stop();
  }

  private static ImapSettings settings(int port, String password) {
    return new ImapSettings(
        "127.0.0.1",
        port,
        ImapSettings.Security.NONE,
        "dmarc",
        password,
        "INBOX",
        "DMARC/done",
        "DMARC/failed",
        ImapSettings.AfterCommit.MOVE,
        false,
        Duration.ofSeconds(2),
        "",
        5);
  }

  @Test
  void ingest_wrongPassword_failsAtOnceWithoutReconnecting() throws Exception {
    try (CapabilityProxy proxy = new CapabilityProxy(mail.getImap().getPort(), Set.of())) {
      ImapInputSource source = new ImapInputSource(settings(proxy.port(), "not-the-password"), 1);
      long t0 = System.nanoTime();
      IngestSummary s =
          new IngestPipeline(
                  store,
                  CoreReportParser.withFailureCopy(1 << 20),
                  IngestOptions.defaults(),
                  IngestListener.NONE)
              .run(List.of(source));

      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
      assertThat(proxy.commands()).filteredOn(c -> c.equals("LOGIN")).hasSize(1);
      assertThat(s.error())
          .startsWith("cannot read IMAP dmarc@127.0.0.1/INBOX: the server refused the login")
          .contains("Invalid login/password")
          .contains("check the user name and the password")
          .doesNotContain("not-the-password");
    }
  }
}
