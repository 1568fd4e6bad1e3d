// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.SubjectTerm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where committed messages go on servers with and without MOVE and UIDPLUS (GreenMail, with a
 * {@link CapabilityProxy} in front that hides an extension and refuses its commands), and that a
 * message the user flagged deleted in their own mail client is never purged by the source.
 */
class ImapDisposalIT {
  @TempDir Path dir;
  TestMailbox mail;
  ReportStore store;

  @BeforeEach
  void start() throws Exception {
    mail = TestMailbox.start();
    store = ReportStores.open(StoreConfig.inDataDir(dir));
    // the user flagged this one deleted in their mail client and has not purged it (yet)
    mail.deliver(ReportMail.text("junk", "The user deleted this one; it is theirs to purge."));
    user(inbox -> inbox.search(new SubjectTerm("junk"))[0].setFlag(Flags.Flag.DELETED, true));
    mail.deliver(ImapWaitIT.report("r1"));
    mail.deliver(ReportMail.text("hello", "Just saying hello, no report here."));
    mail.deliver(ImapWaitIT.report("r2"));
  }

  @AfterEach
  void stop() {
    store.close();
    mail.close();
  }

  private ImapSettings settings(int port) {
    ImapSettings s = mail.settings(Duration.ofSeconds(2));
    return new ImapSettings(
        s.host(),
        port,
        s.security(),
        s.user(),
        s.password(),
        s.folder(),
        s.doneFolder(),
        s.failedFolder(),
        ImapSettings.AfterCommit.MOVE,
        false,
        s.pollInterval(),
        "",
        5);
  }

  private IngestSummary ingest(ReportStore target, int port) throws InterruptedException {
    return new IngestPipeline(
            target,
            CoreReportParser.withFailureCopy(1 << 20),
            IngestOptions.defaults(),
            IngestListener.NONE)
        .run(List.of(new ImapInputSource(settings(port), 1 << 20)));
  }

  /**
   * Without MOVE and without UIDPLUS the only way to remove a message is a plain EXPUNGE, which
   * would purge the user's deleted message too: the source copies each message and leaves it in
   * place with a keyword, which the next run skips.
   */
  @Test
  void withoutMoveOrUidplus_copiesAndKeepsInPlace_neverExpunges() throws Exception {
    try (CapabilityProxy proxy =
        new CapabilityProxy(
            mail.port(),
            Set.of(CapabilityProxy.Extension.MOVE, CapabilityProxy.Extension.UIDPLUS))) {
      IngestSummary s = ingest(store, proxy.port());

      assertThat(s.error()).isNull();
      assertThat(s.reportsStored()).isEqualTo(2);
      assertThat(s.rejected()).isEqualTo(1);
      assertThat(look(TestMailbox.READ))
          .containsExactly(
              "hello DmarcPilotFailed", "junk deleted", "r1 DmarcPilotDone", "r2 DmarcPilotDone");
      assertThat(look(TestMailbox.DONE)).containsExactly("r1", "r2");
      assertThat(look(TestMailbox.FAILED)).containsExactly("hello");
      assertThat(proxy.commands())
          .contains("UID COPY", "UID STORE")
          .doesNotContain("EXPUNGE", "UID EXPUNGE", "COPY", "STORE")
          .noneMatch(c -> c.contains("MOVE"));

      IngestSummary again = ingest(store, proxy.port());
      assertThat(again.inputs()).isZero();
      assertThat(look(TestMailbox.DONE)).containsExactly("r1", "r2");
    }
  }

  /** Without MOVE but with UIDPLUS: copy, then an EXPUNGE of that one UID; the user's stays. */
  @Test
  void withoutMove_withUidplus_expungesOnlyItsOwnMessages() throws Exception {
    try (CapabilityProxy proxy =
        new CapabilityProxy(mail.port(), Set.of(CapabilityProxy.Extension.MOVE))) {
      IngestSummary s = ingest(store, proxy.port());

      assertThat(s.error()).isNull();
      assertThat(s.reportsStored()).isEqualTo(2);
      assertThat(look(TestMailbox.READ)).containsExactly("junk deleted");
      assertThat(look(TestMailbox.DONE)).containsExactly("r1", "r2");
      assertThat(look(TestMailbox.FAILED)).containsExactly("hello");
      assertThat(proxy.commands())
          .contains("UID COPY", "UID EXPUNGE")
          .doesNotContain("EXPUNGE")
          .noneMatch(c -> c.contains("MOVE"));
    }
  }

  /**
   * With MOVE, the user purges their deleted message in their mail client while the source is at
   * work (right after the first transaction commits). That shifts the sequence numbers of the
   * messages after it; GreenMail, like some servers, reads a sequence number against the folder as
   * it is now. Named by UID, the right messages are moved: the folder ends empty, each report in
   * done, the letter in failed. (Named by sequence number, the source used to move the wrong one
   * and leave a report behind.)
   */
  @Test
  void withMove_userPurgesMeanwhile_theRightMessagesAreMoved() throws Exception {
    AtomicInteger batches = new AtomicInteger();
    ReportStore purging =
        ImapInputSourceIT.afterEachCommit(
            store,
            b -> {
              if (batches.getAndIncrement() == 0) {
                user(Folder::expunge);
              }
            });
    IngestSummary s = ingest(purging, mail.port());

    assertThat(s.error()).isNull();
    assertThat(s.reportsStored()).isEqualTo(2);
    assertThat(look(TestMailbox.READ)).isEmpty();
    assertThat(look(TestMailbox.DONE)).containsExactly("r1", "r2");
    assertThat(look(TestMailbox.FAILED)).containsExactly("hello");
  }

  /**
   * Without MOVE or UIDPLUS, another process (it ran the source for a moment) copied and marked a
   * message after this one committed it: this process does not copy it a second time.
   */
  @Test
  void withoutMoveOrUidplus_messageMarkedByAnotherProcess_isNotCopiedTwice() throws Exception {
    try (CapabilityProxy proxy =
        new CapabilityProxy(
            mail.port(),
            Set.of(CapabilityProxy.Extension.MOVE, CapabilityProxy.Extension.UIDPLUS))) {
      ReportStore racing =
          ImapInputSourceIT.afterEachCommit(
              store,
              b ->
                  b.inputs().stream()
                      .filter(in -> in.source().messageId() != null)
                      .forEach(in -> copyAndMarkElsewhere(in.source().messageId())));
      IngestSummary s = ingest(racing, proxy.port());

      assertThat(s.error()).isNull();
      assertThat(s.reportsStored()).isEqualTo(2);
      assertThat(look(TestMailbox.DONE)).containsExactly("r1", "r2");
      assertThat(look(TestMailbox.FAILED)).containsExactly("hello");
    }
  }

  /** What another process does without MOVE to a report: copy to done, mark done in place. */
  private void copyAndMarkElsewhere(String messageId) {
    user(
        inbox -> {
          Message[] m = inbox.search(new jakarta.mail.search.HeaderTerm("Message-ID", messageId));
          if (m.length != 1 || !m[0].getSubject().startsWith("r")) {
            return;
          }
          Store s = inbox.getStore();
          Folder done =
              s.getFolder(TestMailbox.DONE.replace('/', s.getDefaultFolder().getSeparator()));
          if (!done.exists()) {
            done.create(Folder.HOLDS_MESSAGES);
          }
          inbox.copyMessages(m, done);
          inbox.setFlags(m, new Flags(ImapInputSource.DONE_KEYWORD), true);
        });
  }

  private interface InboxAction {
    void run(IMAPFolder inbox) throws MessagingException;
  }

  /** Does something to INBOX over a connection of its own, as the user's mail client would. */
  private void user(InboxAction action) {
    try {
      Store s = Session.getInstance(new Properties()).getStore("imap");
      s.connect("127.0.0.1", mail.port(), TestMailbox.LOGIN, TestMailbox.PASSWORD);
      try {
        IMAPFolder inbox = (IMAPFolder) s.getFolder(TestMailbox.READ);
        inbox.open(Folder.READ_WRITE);
        action.run(inbox);
        inbox.close(false);
      } finally {
        s.close();
      }
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The messages of a folder, sorted: each its subject, then {@code deleted} when flagged so, then
   * its keywords.
   */
  private List<String> look(String name) throws MessagingException {
    Store s = Session.getInstance(new Properties()).getStore("imap");
    s.connect("127.0.0.1", mail.port(), TestMailbox.LOGIN, TestMailbox.PASSWORD);
    try {
      Folder f = s.getFolder(name.replace('/', s.getDefaultFolder().getSeparator()));
      List<String> out = new ArrayList<>();
      if (!f.exists()) {
        return out;
      }
      f.open(Folder.READ_ONLY);
      for (Message m : f.getMessages()) {
        Flags flags = m.getFlags();
        StringBuilder sb = new StringBuilder(m.getSubject());
        if (flags.contains(Flags.Flag.DELETED)) {
          sb.append(" deleted");
        }
        for (String k : flags.getUserFlags()) {
          sb.append(' ').append(k);
        }
        out.add(sb.toString());
      }
      f.close(false);
      out.sort(null);
      return out;
    } finally {
      s.close();
    }
  }
}
