// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.dmarcpilot.testing.Wait;
import org.jspecify.annotations.Nullable;

/**
 * A GreenMail IMAP server in the test JVM on a free loopback port, with one account ({@link
 * ReportMail#TO}, login {@link #LOGIN}) whose {@code INBOX} a source reads, moving what it handled
 * to {@link #DONE} or {@link #FAILED}; and a look over IMAP (Jakarta Mail) at what those folders
 * hold. Closing it stops the server.
 */
public final class TestMailbox implements AutoCloseable {
  /** The account's login. */
  public static final String LOGIN = "dmarc";

  /** The account's password. */
  public static final String PASSWORD = "s3cret-imap";

  /** The folder read. */
  public static final String READ = "INBOX";

  /** Where a message goes once its reports are committed. */
  public static final String DONE = "DMARC/done";

  /** Where a message that held no report goes. */
  public static final String FAILED = "DMARC/failed";

  private final GreenMail mail;
  private final GreenMailUser user;

  private TestMailbox(GreenMail mail) {
    this.mail = mail;
    this.user = mail.setUser(ReportMail.TO, LOGIN, PASSWORD);
  }

  /** Starts the server and adds the account. */
  public static TestMailbox start() {
    GreenMail mail = new GreenMail(ServerSetup.IMAP.dynamicPort());
    mail.start();
    try {
      return new TestMailbox(mail);
    } catch (RuntimeException e) {
      mail.stop();
      throw e;
    }
  }

  /** The server's port. */
  public int port() {
    return mail.getImap().getPort();
  }

  /**
   * The account as {@code serve} reads it from its {@code imap.*} keys: loopback without TLS,
   * messages moved to {@link #DONE} and {@link #FAILED}, waiting for new mail (IDLE renewed, or
   * polling, every {@code pollInterval}) and reconnecting for ever.
   */
  public ImapSettings settings(Duration pollInterval) {
    return new ImapSettings(
        "127.0.0.1",
        port(),
        ImapSettings.Security.NONE,
        LOGIN,
        PASSWORD,
        READ,
        DONE,
        FAILED,
        ImapSettings.AfterCommit.MOVE,
        true,
        pollInterval,
        "",
        Integer.MAX_VALUE);
  }

  /** Delivers the message into {@link #READ}. */
  public void deliver(MimeMessage m) {
    user.deliver(m);
  }

  /**
   * What {@link #READ}, {@link #DONE} and {@link #FAILED} hold, read without changing anything: the
   * subjects of each folder's messages, sorted, with {@code " (deleted)"} after one flagged deleted
   * (a missing folder holds nothing).
   */
  public Map<String, List<String>> folders() {
    try {
      Store s = Session.getInstance(new Properties()).getStore("imap");
      s.connect("127.0.0.1", port(), LOGIN, PASSWORD);
      try {
        char sep = s.getDefaultFolder().getSeparator();
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : List.of(READ, DONE, FAILED)) {
          out.put(name, subjects(s.getFolder(name.replace('/', sep))));
        }
        return out;
      } finally {
        s.close();
      }
    } catch (MessagingException e) {
      throw new IllegalStateException("cannot look into the test mailbox: " + e, e);
    }
  }

  private static List<String> subjects(Folder f) throws MessagingException {
    List<String> out = new ArrayList<>();
    if (!f.exists()) {
      return out;
    }
    f.open(Folder.READ_ONLY);
    try {
      for (Message m : f.getMessages()) {
        boolean deleted = m.getFlags().contains(Flags.Flag.DELETED);
        out.add(m.getSubject() + (deleted ? " (deleted)" : ""));
      }
    } finally {
      f.close(false);
    }
    out.sort(null);
    return out;
  }

  /**
   * Waits up to {@code timeout} until {@link #READ} is empty and {@link #DONE} and {@link #FAILED}
   * hold exactly the messages of these subjects, none flagged deleted (a look that races with a
   * source's move is taken again); fails showing what they hold after that.
   */
  public void awaitFolders(Duration timeout, List<String> done, List<String> failed)
      throws InterruptedException {
    Map<String, List<String>> expected = new LinkedHashMap<>();
    expected.put(READ, List.of());
    expected.put(DONE, done.stream().sorted().toList());
    expected.put(FAILED, failed.stream().sorted().toList());
    try {
      Wait.waitFor(timeout, () -> expected.equals(foldersOrNull()));
    } catch (AssertionError e) {
      assertThat(folders()).as(e.getMessage()).isEqualTo(expected);
      throw e;
    }
  }

  /**
   * {@link #folders()}, or null when the look failed because a source moved a message while it was
   * being read (the server then has no envelope for it).
   */
  private @Nullable Map<String, List<String>> foldersOrNull() {
    try {
      return folders();
    } catch (IllegalStateException e) {
      return null;
    }
  }

  @Override
  public void close() {
    mail.stop();
  }
}
