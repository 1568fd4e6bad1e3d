// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.SubjectTerm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.dmarcpilot.app.store.StoredReport;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How an IMAP source lists its folder while another client changes it, against GreenMail behind a
 * {@link CapabilityProxy} that lets the other client act at a chosen point of the source's session.
 * GreenMail resolves a sequence number against the folder as it is now, not as the source's session
 * last saw it, and leaves another session's removal out of its answer to a FETCH by sequence number
 * (it tells it with the next command): a listing by sequence number then paired the source's
 * messages with the wrong UIDs, and the news of the removal, with the first read, made the source
 * drop a message that is still there, for that pass.
 *
 * <p>In one pass without IDLE (and without reconnecting), every message that is still in the folder
 * is stored exactly once, each report from the message read for it, and moved to the done folder;
 * the message taken away is neither stored nor counted as a failure.
 */
class ImapListingIT {
  /** Where the other client puts the message it takes away. */
  private static final String ARCHIVE = "Archive";

  @TempDir Path dir;
  TestMailbox mail;
  ReportStore store;

  /** Message-ID of each delivered message, by subject (which is also its report's id). */
  final Map<String, String> messageIds = new LinkedHashMap<>();

  /** Failures of the other client's action, which runs on the proxy's thread. */
  final List<Throwable> otherClient = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    mail = TestMailbox.start();
    store = ReportStores.open(StoreConfig.inDataDir(dir));
    for (int i = 1; i <= 5; i++) {
      deliver("r" + i);
    }
  }

  @AfterEach
  void stop() {
    store.close();
    mail.close();
  }

  private void deliver(String id) throws Exception {
    MimeMessage m = ImapWaitIT.report(id);
    messageIds.put(id, m.getMessageID());
    mail.deliver(m);
  }

  /**
   * Another client takes message {@code n} of 5 away (moves it to another folder) after the
   * source's SELECT, just before the source lists the folder. (Listed by sequence number, taking
   * message 2 away made the source store 3 reports, not 4.)
   */
  @ParameterizedTest(name = "message {0} of 5")
  @ValueSource(ints = {1, 2, 5})
  void messageTakenAwayBeforeListing_everyOtherStoredOnce(int n) throws Exception {
    String away = "r" + n;
    try (CapabilityProxy proxy = new CapabilityProxy(mail.port(), Set.of())) {
      proxy.beforeFirst(ImapListingIT::asksAboutMessages, () -> otherClient(() -> moveAway(away)));
      IngestSummary s = ingestOnce(proxy.port());

      List<String> left = new ArrayList<>(messageIds.keySet());
      left.remove(away);
      assertThat(otherClient).isEmpty();
      assertThat(folder(ARCHIVE)).containsExactly(away);
      assertPass(s, left);
      assertThat(mail.folders().get(TestMailbox.READ)).isEmpty();
    }
  }

  /**
   * Just before the source lists the folder, another client takes message 4 away and a new one
   * arrives: the four left and the new one are each stored once. (Listed by sequence number,
   * GreenMail paired the source's 4th message with the 5th's UID and its 5th with the new one's;
   * the removal, announced with the first read, then took the 4th away: r5 was skipped.)
   */
  @Test
  void messageTakenAwayAndAnotherArrivingBeforeListing_allStoredOnce() throws Exception {
    try (CapabilityProxy proxy = new CapabilityProxy(mail.port(), Set.of())) {
      proxy.beforeFirst(
          ImapListingIT::asksAboutMessages,
          () ->
              otherClient(
                  () -> {
                    moveAway("r4");
                    deliver("r6");
                  }));
      IngestSummary s = ingestOnce(proxy.port());

      assertThat(otherClient).isEmpty();
      assertThat(folder(ARCHIVE)).containsExactly("r4");
      assertPass(s, List.of("r1", "r2", "r3", "r5", "r6"));
      assertThat(mail.folders().get(TestMailbox.READ)).isEmpty();
    }
  }

  /**
   * After the source has listed the folder and before it reads the first message, another client
   * takes message 4 away and a new one arrives. The ones listed and still there are stored once;
   * the new one waits in the folder for the next pass (the source does not idle here), which stores
   * it.
   */
  @Test
  void messageTakenAwayAndAnotherArrivingBeforeFirstRead_everyListedOneStoredOnce()
      throws Exception {
    try (CapabilityProxy proxy = new CapabilityProxy(mail.port(), Set.of())) {
      proxy.beforeFirst(
          line -> line.toUpperCase(Locale.ROOT).contains("BODY.PEEK[]"),
          () ->
              otherClient(
                  () -> {
                    moveAway("r4");
                    deliver("r6");
                  }));
      IngestSummary s = ingestOnce(proxy.port());

      assertThat(otherClient).isEmpty();
      assertThat(folder(ARCHIVE)).containsExactly("r4");
      assertPass(s, List.of("r1", "r2", "r3", "r5"));
      assertThat(mail.folders().get(TestMailbox.READ)).containsExactly("r6");

      IngestSummary next = ingestOnce(proxy.port());
      assertThat(next.error()).isNull();
      assertThat(next.reportsStored()).isEqualTo(1);
      assertStored(List.of("r1", "r2", "r3", "r5", "r6"));
    }
  }

  /**
   * Whether a client's line is a command about messages ({@code FETCH}, {@code SEARCH}, or their
   * {@code UID} forms): the first one a source sends on its connection lists the folder.
   */
  private static boolean asksAboutMessages(String line) {
    String[] w = line.trim().toUpperCase(Locale.ROOT).split(" ");
    String name = w.length > 2 && w[1].equals("UID") ? w[2] : w.length > 1 ? w[1] : "";
    return name.equals("FETCH") || name.equals("SEARCH");
  }

  /** The pass stored the reports {@code ids}, rejected nothing, and left the store so. */
  private void assertPass(IngestSummary s, List<String> ids) {
    assertThat(s.error()).isNull();
    assertThat(s.reportsStored()).as("reports stored in the pass").isEqualTo(ids.size());
    assertThat(s.rejected()).as("rejected").isZero();
    assertStored(ids);
  }

  /**
   * The store holds exactly the reports {@code ids}, each once and each from the message of that
   * subject (its Message-ID), and the done folder exactly their messages; nothing failed.
   */
  private void assertStored(List<String> ids) {
    assertThat(store.totals().reports()).as("reports in the store").isEqualTo(ids.size());
    assertThat(store.failures(10)).as("failures").isEmpty();
    Map<String, String> stored = new LinkedHashMap<>();
    for (long pk = 1; pk <= ids.size(); pk++) {
      StoredReport r = store.findReport(pk).orElseThrow();
      String prev = stored.put(r.report().metadata().reportId(), r.source().messageId());
      assertThat(prev).as("report %s stored twice", r.report().metadata().reportId()).isNull();
    }
    Map<String, String> expected = new LinkedHashMap<>();
    ids.forEach(id -> expected.put(id, messageIds.get(id)));
    assertThat(stored).as("report id -> Message-ID it came from").isEqualTo(expected);
    assertThat(mail.folders().get(TestMailbox.DONE)).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(mail.folders().get(TestMailbox.FAILED)).isEmpty();
  }

  private IngestSummary ingestOnce(int port) throws InterruptedException {
    ImapSettings s = mail.settings(Duration.ofSeconds(2));
    ImapSettings once =
        new ImapSettings(
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
            0);
    return new IngestPipeline(
            store,
            CoreReportParser.withFailureCopy(1 << 20),
            IngestOptions.defaults(),
            IngestListener.NONE)
        .run(List.of(new ImapInputSource(once, 1 << 20)));
  }

  private interface Action {
    void run() throws Exception;
  }

  private void otherClient(Action a) {
    try {
      a.run();
    } catch (Exception | AssertionError e) {
      otherClient.add(e);
    }
  }

  /** Moves the message of this subject from INBOX to {@link #ARCHIVE}, as a mail client would. */
  private void moveAway(String subject) throws MessagingException {
    Store s = Session.getInstance(new Properties()).getStore("imap");
    s.connect("127.0.0.1", mail.port(), TestMailbox.LOGIN, TestMailbox.PASSWORD);
    try {
      IMAPFolder inbox = (IMAPFolder) s.getFolder(TestMailbox.READ);
      inbox.open(Folder.READ_WRITE);
      Message[] m = inbox.search(new SubjectTerm(subject));
      assertThat(m).as(subject).hasSize(1);
      Folder archive = s.getFolder(ARCHIVE);
      if (!archive.exists()) {
        archive.create(Folder.HOLDS_MESSAGES);
      }
      inbox.moveMessages(m, archive);
      inbox.close(false);
    } finally {
      s.close();
    }
  }

  /** The subjects in a folder, sorted. */
  private List<String> folder(String name) throws MessagingException {
    Store s = Session.getInstance(new Properties()).getStore("imap");
    s.connect("127.0.0.1", mail.port(), TestMailbox.LOGIN, TestMailbox.PASSWORD);
    try {
      Folder f = s.getFolder(name);
      f.open(Folder.READ_ONLY);
      List<String> out = new ArrayList<>();
      for (Message m : f.getMessages()) {
        out.add(m.getSubject());
      }
      f.close(false);
      out.sort(null);
      return out;
    } finally {
      s.close();
    }
  }
}
