// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.app.ingest.ReportMail.withAttachment;
import static org.dmarcpilot.testing.Wait.waitFor;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.SourceKind;
import org.dmarcpilot.app.store.StoreBatch;
import org.dmarcpilot.app.store.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** IMAP ingest against GreenMail, a real IMAP server in the test JVM. */
class ImapInputSourceIT {
  @TempDir Path dir;
  GreenMail mail;
  GreenMailUser user;
  ReportStore store;

  @BeforeEach
  void start() {
    mail = new GreenMail(ServerSetup.IMAP.dynamicPort());
    mail.start();
    user = mail.setUser("dmarc@example.com", "dmarc", "secret");
    store = ReportStores.open(StoreConfig.inDataDir(dir));
  }

  @AfterEach
  void stop() {
    store.close();
    mail.stop();
  }

  static String xml(String id, int records) {
    StringBuilder sb =
        new StringBuilder(
            "<?xml version=\"1.0\"?><feedback><report_metadata><org_name>receiver.example</org_name>"
                + "<email>r@receiver.example</email><report_id>"
                + id
                + "</report_id><date_range><begin>1714521600</begin><end>1714607999</end>"
                + "</date_range></report_metadata><policy_published><domain>example.com</domain>"
                + "<p>none</p></policy_published>");
    for (int i = 0; i < records; i++) {
      sb.append("<record><row><source_ip>192.0.2.")
          .append(i + 1)
          .append("</source_ip><count>2</count><policy_evaluated><disposition>none</disposition>")
          .append("<dkim>pass</dkim><spf>pass</spf></policy_evaluated></row><identifiers>")
          .append("<header_from>example.com</header_from></identifiers><auth_results><spf>")
          .append(
              "<domain>example.com</domain><result>pass</result></spf></auth_results></record>");
    }
    return sb.append("</feedback>").toString();
  }

  private static byte[] zip(String name, String xml) throws Exception {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bo)) {
      z.putNextEntry(new ZipEntry(name));
      z.write(xml.getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    }
    return bo.toByteArray();
  }

  private static byte[] gzip(String xml) throws Exception {
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
      g.write(xml.getBytes(StandardCharsets.UTF_8));
    }
    return bo.toByteArray();
  }

  private void deliverFour() throws Exception {
    user.deliver(withAttachment("zip", "r1.zip", "application/zip", zip("r1.xml", xml("r1", 3))));
    user.deliver(withAttachment("gz", "r2.xml.gz", "application/gzip", gzip(xml("r2", 2))));
    user.deliver(ReportMail.wholeBody("body", xml("r3", 1)));
    user.deliver(ReportMail.text("hello", "Just saying hello, no report here."));
  }

  private ImapSettings settings(int port, boolean idle) {
    return new ImapSettings(
        "127.0.0.1",
        port,
        ImapSettings.Security.NONE,
        "dmarc",
        "secret",
        "INBOX",
        "DMARC/done",
        "DMARC/failed",
        ImapSettings.AfterCommit.MOVE,
        idle,
        Duration.ofSeconds(2),
        "",
        5);
  }

  /** Message counts of INBOX (without the ones marked done), done and failed. */
  private int[] counts() throws Exception {
    Properties p = new Properties();
    Store s = Session.getInstance(p).getStore("imap");
    s.connect("127.0.0.1", mail.getImap().getPort(), "dmarc", "secret");
    try {
      Folder inbox = s.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      int left = 0;
      for (Message m : inbox.getMessages()) {
        Flags f = m.getFlags();
        if (!f.contains(Flags.Flag.DELETED) && !f.contains(ImapInputSource.DONE_KEYWORD)) {
          left++;
        }
      }
      inbox.close(false);
      char sep = s.getDefaultFolder().getSeparator();
      return new int[] {
        left,
        s.getFolder("DMARC" + sep + "done").getMessageCount(),
        s.getFolder("DMARC" + sep + "failed").getMessageCount()
      };
    } finally {
      s.close();
    }
  }

  private IngestPipeline pipeline(InputParser parser) {
    return new IngestPipeline(store, parser, IngestOptions.defaults(), IngestListener.NONE);
  }

  @Test
  void ingest_zipGzipBodyAndNonReport_storedOnceAndMoved() throws Exception {
    deliverFour();
    ImapInputSource source =
        new ImapInputSource(settings(mail.getImap().getPort(), false), 1 << 20);
    IngestSummary s = pipeline(CoreReportParser.withFailureCopy(1 << 20)).run(List.of(source));

    assertThat(s.error()).isNull();
    assertThat(s.reportsStored()).isEqualTo(3);
    assertThat(s.records()).isEqualTo(6);
    assertThat(s.rejected()).isEqualTo(1);
    assertThat(counts()).containsExactly(0, 3, 1);
    var stored = store.findReport(1).orElseThrow();
    assertThat(stored.source().kind()).isEqualTo(SourceKind.IMAP);
    assertThat(stored.source().mailbox()).isEqualTo("dmarc@127.0.0.1/INBOX");
    assertThat(stored.source().messageId()).isNotNull();
    assertThat(store.failures(10)).hasSize(1);
    assertThat(new String(store.failures(10).get(0).original(), StandardCharsets.UTF_8))
        .contains("no report here");

    // a second run finds nothing new: the messages are out of INBOX
    IngestSummary again =
        pipeline(CoreReportParser.withFailureCopy(1 << 20))
            .run(List.of(new ImapInputSource(settings(mail.getImap().getPort(), false), 1 << 20)));
    assertThat(again.inputs()).isZero();
    assertThat(store.totals().reports()).isEqualTo(3);
  }

  @Test
  void ingest_connectionDroppedInTheMiddle_reconnectsAndStoresEachReportOnce() throws Exception {
    for (int i = 0; i < 12; i++) {
      user.deliver(
          withAttachment(
              "r" + i, "r" + i + ".zip", "application/zip", zip("r.xml", xml("d" + i, 2))));
    }
    try (DroppingProxy proxy = new DroppingProxy(mail.getImap().getPort())) {
      CoreReportParser real = CoreReportParser.withFailureCopy(1 << 20);
      AtomicInteger parsed = new AtomicInteger();
      InputParser dropping =
          (in, name, sink) -> {
            if (parsed.incrementAndGet() == 5) {
              proxy.dropAll();
            }
            real.parse(in, name, sink);
          };
      IngestSummary s =
          pipeline(dropping)
              .run(List.of(new ImapInputSource(settings(proxy.port(), false), 1 << 20)));

      assertThat(proxy.drops()).isEqualTo(1);
      assertThat(s.error()).isNull();
      assertThat(s.reportsStored()).isEqualTo(12);
      assertThat(store.totals().reports()).isEqualTo(12);
      assertThat(store.totals().records()).isEqualTo(24);
      assertThat(counts()).containsExactly(0, 12, 0);
    }
  }

  /**
   * Another process (which took the source over) moved some messages to the done folder after this
   * one committed them and before it moved them: the move finds them gone. They are handled
   * elsewhere, not failures: none lands in the failed folder, none is moved twice or lost, the
   * connection is not dropped and retried, and the other messages are moved as usual.
   */
  @Test
  void ingest_messagesMovedElsewhereAfterCommit_alreadyHandledNotFailed() throws Exception {
    for (int i = 0; i < 6; i++) {
      user.deliver(
          withAttachment(
              "m" + i, "m" + i + ".zip", "application/zip", zip("m.xml", xml("m" + i, 1))));
    }
    List<String> elsewhere = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicInteger seen = new AtomicInteger();
    ReportStore racing =
        afterEachCommit(
            store,
            batch -> {
              for (var in : batch.inputs()) {
                if (seen.getAndIncrement() % 2 == 1) {
                  elsewhere.add(moveElsewhere(in.source().messageId()));
                }
              }
            });
    List<String> retries = new java.util.concurrent.CopyOnWriteArrayList<>();
    SourceEvents events =
        new SourceEvents() {
          @Override
          public void retrying(String error) {
            retries.add(error);
          }
        };
    Logger log = (Logger) LoggerFactory.getLogger(ImapInputSource.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    log.addAppender(logged);
    IngestSummary s;
    try {
      s =
          new IngestPipeline(
                  racing,
                  CoreReportParser.withFailureCopy(1 << 20),
                  IngestOptions.defaults().withParserThreads(1),
                  IngestListener.NONE)
              .run(
                  List.of(
                      new ImapInputSource(
                          settings(mail.getImap().getPort(), false), 1 << 20, events)));
    } finally {
      log.detachAppender(logged);
    }

    assertThat(elsewhere).hasSize(3);
    assertThat(s.error()).isNull();
    assertThat(s.reportsStored()).isEqualTo(6);
    assertThat(s.rejected()).isZero();
    assertThat(retries).as("reconnects").isEmpty();
    assertThat(counts()).containsExactly(0, 6, 0);
    assertThat(doneSubjects()).containsExactly("m0", "m1", "m2", "m3", "m4", "m5");
    assertThat(logged.list)
        .filteredOn(e -> e.getFormattedMessage().contains("already handled elsewhere"))
        .hasSize(3)
        .allMatch(e -> e.getLevel() == Level.WARN);
  }

  /** The test's store, with a hook run after each batch's transaction committed. */
  static ReportStore afterEachCommit(
      ReportStore store, java.util.function.Consumer<StoreBatch> hook) {
    return (ReportStore)
        java.lang.reflect.Proxy.newProxyInstance(
            ReportStore.class.getClassLoader(),
            new Class<?>[] {ReportStore.class},
            (proxy, method, args) -> {
              Object r;
              try {
                r = method.invoke(store, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
              if (method.getName().equals("storeBatch")) {
                hook.accept((StoreBatch) args[0]);
              }
              return r;
            });
  }

  /**
   * Moves the message with this Message-ID from INBOX to the done folder over a connection of its
   * own, as another process would; returns its subject.
   */
  private String moveElsewhere(String messageId) {
    try {
      Store s = Session.getInstance(new Properties()).getStore("imap");
      s.connect("127.0.0.1", mail.getImap().getPort(), "dmarc", "secret");
      try {
        Folder inbox = s.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        Message[] found = inbox.search(new jakarta.mail.search.HeaderTerm("Message-ID", messageId));
        assertThat(found).as(messageId).hasSize(1);
        Folder done = s.getFolder("DMARC" + s.getDefaultFolder().getSeparator() + "done");
        if (!done.exists()) {
          done.create(Folder.HOLDS_MESSAGES);
        }
        String subject = found[0].getSubject();
        ((org.eclipse.angus.mail.imap.IMAPFolder) inbox).moveMessages(found, done);
        inbox.close(true);
        return subject;
      } finally {
        s.close();
      }
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The subjects in the done folder, sorted. */
  private List<String> doneSubjects() throws Exception {
    Store s = Session.getInstance(new Properties()).getStore("imap");
    s.connect("127.0.0.1", mail.getImap().getPort(), "dmarc", "secret");
    try {
      Folder done = s.getFolder("DMARC" + s.getDefaultFolder().getSeparator() + "done");
      done.open(Folder.READ_ONLY);
      List<String> out = new java.util.ArrayList<>();
      for (Message m : done.getMessages()) {
        out.add(m.getSubject());
      }
      out.sort(null);
      return out;
    } finally {
      s.close();
    }
  }

  /**
   * A message appended while the source idles is read through the server's announcement: the poll
   * interval is ten minutes, so waiting for the next look would fail the test. The message is
   * appended once the source has said it waits (its IDLE may not have begun yet), not while the
   * first message is being moved out: GreenMail miscounts the folder when those two overlap, which
   * {@link ImapWaitIT} covers on its own.
   */
  @Test
  void ingest_idling_picksUpAMessageAppendedMeanwhile() throws Exception {
    user.deliver(withAttachment("first", "a.zip", "application/zip", zip("a.xml", xml("a", 1))));
    java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
    ImapSettings idling = settings(mail.getImap().getPort(), true);
    ImapInputSource source =
        new ImapInputSource(
            new ImapSettings(
                idling.host(),
                idling.port(),
                idling.security(),
                idling.user(),
                idling.password(),
                idling.folder(),
                idling.doneFolder(),
                idling.failedFolder(),
                idling.afterCommit(),
                true,
                Duration.ofMinutes(10),
                "",
                idling.maxReconnects()),
            1 << 20,
            new SourceEvents() {
              @Override
              public void waiting() {
                waiting.countDown();
              }
            });
    AtomicReference<IngestSummary> result = new AtomicReference<>();
    Thread run =
        new Thread(
            () -> {
              try {
                result.set(
                    pipeline(CoreReportParser.withFailureCopy(1 << 20)).run(List.of(source)));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    run.start();
    try {
      assertThat(waiting.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(store.totals().reports()).isEqualTo(1);
      user.deliver(withAttachment("second", "b.xml.gz", "application/gzip", gzip(xml("b", 4))));
      waitFor(() -> store.totals().reports() == 2);
    } finally {
      source.stop();
      run.join(30_000);
    }

    assertThat(run.isAlive()).isFalse();
    assertThat(result.get().reportsStored()).isEqualTo(2);
    assertThat(store.totals().records()).isEqualTo(5);
    waitFor(
        () -> {
          try {
            return counts()[1] == 2;
          } catch (Exception e) {
            return false;
          }
        });
  }
}
