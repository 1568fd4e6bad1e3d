// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmarcpilot.app.oauth.TokenException;
import org.dmarcpilot.app.store.Provenance;
import org.dmarcpilot.app.store.SourceKind;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An IMAP mailbox (Angus Mail). Each message of the folder is one input. A message is moved to the
 * done folder (or flagged) only after the transaction holding its reports has committed, and to the
 * failed folder when it held no report; mail is never deleted. Each pass lists the folder by UID
 * ({@code UID SEARCH} for the messages not flagged deleted and without {@link #DONE_KEYWORD} or
 * {@link #FAILED_KEYWORD}), and every command about a message names it by UID ({@link ImapUid}), so
 * a message another client takes away meanwhile never makes the source skip, read or move another;
 * how a message is moved depends on the server ({@link ImapDisposal}: MOVE, else COPY and an
 * EXPUNGE of that UID alone, else COPY and a keyword in place; never a plain EXPUNGE, which would
 * also purge the user's own messages flagged deleted). A dropped connection is re-established with
 * exponential backoff; messages handed over before the drop are moved on the new connection, by
 * UID. A login the server refuses, a server without XOAUTH2 and an access token that cannot be had
 * are not drops: {@link #produce} ends with an {@link IOException} that says what to check, at once
 * (trying again would only repeat them, and refused logins count towards the provider's lockout;
 * {@link ImapLogin} tries a different fresh token once). A refused login is also told to the {@link
 * SourceEvents}, so that {@code serve} stops trying until someone acts. With {@link
 * ImapSettings.Auth.Xoauth2} a token is fetched for every connection, so also after each poll
 * interval. With {@link ImapSettings#idle()} the source keeps waiting for new mail (IMAP IDLE, or
 * polling where the server has no IDLE) until {@link #stop()}; a message that arrives while the
 * source reads, moves or starts to wait is read at once, not after the poll interval.
 *
 * <p>Before each move (or flag) the source asks its {@link CommitGuard}; when it refuses, the
 * message stays where it is for the process that runs the mailbox now. A message that is gone when
 * it is read or moved (another process moved it: it ran the mailbox for a moment too) was handled
 * elsewhere: that is logged, and is neither a failure nor a dropped connection.
 */
public final class ImapInputSource implements InputSource {
  /** The keyword a message gets in {@link ImapSettings.AfterCommit#FLAG} mode. */
  public static final String DONE_KEYWORD = "DmarcPilotDone";

  /** The keyword a message that held no report gets in {@code FLAG} mode. */
  public static final String FAILED_KEYWORD = "DmarcPilotFailed";

  private static final Logger LOG = LoggerFactory.getLogger(ImapInputSource.class);

  private final ImapSettings settings;
  private final long maxBytes;
  private final SourceEvents events;
  private final CommitGuard guard;
  private final BlockingQueue<Ack> acks = new LinkedBlockingQueue<>();
  private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicInteger outstanding = new AtomicInteger();
  private final AtomicBoolean arrived = new AtomicBoolean();
  private volatile boolean stopped;

  /**
   * @param settings the mailbox
   * @param maxBytes the largest message downloaded whole; a larger one is cut and rejected
   */
  public ImapInputSource(ImapSettings settings, long maxBytes) {
    this(settings, maxBytes, SourceEvents.NONE);
  }

  /**
   * @param settings the mailbox
   * @param maxBytes the largest message downloaded whole; a larger one is cut and rejected
   * @param events hears when the source reads, waits for mail, or reconnects
   */
  public ImapInputSource(ImapSettings settings, long maxBytes, SourceEvents events) {
    this(settings, maxBytes, events, CommitGuard.ALWAYS);
  }

  /**
   * @param settings the mailbox
   * @param maxBytes the largest message downloaded whole; a larger one is cut and rejected
   * @param events hears when the source reads, waits for mail, or reconnects
   * @param guard asked before each committed message is moved or flagged
   */
  public ImapInputSource(
      ImapSettings settings, long maxBytes, SourceEvents events, CommitGuard guard) {
    this.settings = settings;
    this.maxBytes = maxBytes;
    this.events = java.util.Objects.requireNonNull(events, "events");
    this.guard = java.util.Objects.requireNonNull(guard, "guard");
  }

  /** What the writer tells about one message, handled on the IMAP thread. */
  private record Ack(long uid, long uidValidity, @Nullable InputOutcome outcome) {}

  @Override
  public String describe() {
    return "IMAP " + settings.mailbox();
  }

  /**
   * Ends an idling source: the current wait (an IDLE, or the pause between two looks without IDLE)
   * is cut short within {@value #CUT_CHECK_MS} ms and {@link #produce} returns.
   */
  public void stop() {
    stopped = true;
  }

  @Override
  public void produce(Sink sink) throws IOException, InterruptedException {
    int drops = 0;
    while (true) {
      Store store = null;
      try {
        store = connect(settings, CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS);
        IMAPFolder folder = (IMAPFolder) store.getFolder(settings.folder());
        folder.addMessageCountListener(
            new MessageCountAdapter() {
              @Override
              public void messagesAdded(MessageCountEvent e) {
                arrived.set(true);
              }
            });
        folder.open(Folder.READ_WRITE);
        drops = 0;
        events.reading();
        if (session(store, folder, sink)) {
          return;
        }
        // the poll interval passed: a fresh connection and SELECT
      } catch (AuthenticationFailedException e) {
        events.loginRefused(e.getMessage()); // not a drop: do not try again
        throw new LoginRefusedException(e.getMessage(), e);
      } catch (MessagingException | IllegalStateException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException("IMAP ingest cancelled");
        }
        if (stopped) {
          return;
        }
        drops++;
        if (drops > settings.maxReconnects()) {
          throw new IOException(
              describe() + ": giving up after " + (drops - 1) + " reconnects: " + e.getMessage(),
              e);
        }
        long backoff = Math.min(60_000L, 250L << Math.min(drops - 1, 8));
        LOG.warn(
            "{}: connection lost ({}); reconnecting in {} ms", describe(), e.toString(), backoff);
        events.retrying(ImapProbe.describe(e));
        Thread.sleep(backoff);
      } finally {
        closeQuietly(store);
      }
    }
  }

  /**
   * Reads the folder once (or, idling, until stopped or the poll interval has passed). Each pass
   * asks the server for the UIDs of the messages to read ({@link ImapUid#unhandled}), so the list
   * is the folder as it is at that moment, whatever this connection was told of it; a message that
   * has left the folder by the time it is read is skipped. A message the server announces from the
   * start of a pass on (while it reads, moves, or starts to wait) sets {@link #arrived}, and the
   * next pass follows at once instead of after the poll interval. A message the server does not
   * announce (GreenMail announces a folder's new size before a removal, so a message that arrives
   * while another is moved out goes unannounced) is read after the poll interval: the session then
   * ends, and the next one selects the folder afresh.
   *
   * @return true when done (not idling, or stopped); false when the poll interval has passed and
   *     the caller is to connect again (a drop throws)
   */
  private boolean session(Store store, IMAPFolder folder, Sink sink)
      throws MessagingException, InterruptedException {
    long validity = folder.getUIDValidity();
    Folder done = folderFor(store, folder, settings.doneFolder());
    Folder failed = folderFor(store, folder, settings.failedFolder());
    ImapDisposal disposal =
        ImapDisposal.of(ImapUid.has(folder, "MOVE"), ImapUid.has(folder, "UIDPLUS"));
    Targets targets = new Targets(done, failed, disposal);
    while (true) {
      arrived.set(false);
      handleAcks(folder, validity, targets, 0);
      for (long uid : ImapUid.unhandled(folder, DONE_KEYWORD, FAILED_KEYWORD)) {
        if (stopped) {
          break;
        }
        if (inFlight.contains(uid)) {
          continue;
        }
        byte[] bytes = ImapUid.body(folder, uid, maxBytes);
        if (bytes == null) {
          LOG.info(
              "{}: message uid {} left the folder before it was read (moved elsewhere); skipped",
              describe(),
              uid);
          continue;
        }
        inFlight.add(uid);
        outstanding.incrementAndGet();
        sink.accept(new ImapUnit(uid, validity, bytes, messageId(bytes)));
        handleAcks(folder, validity, targets, 0);
      }
      // every handed-over message is acknowledged before this session returns or waits
      while (outstanding.get() > 0 && !Thread.currentThread().isInterrupted()) {
        handleAcks(folder, validity, targets, 200);
        if (outstanding.get() > 0) {
          folder.getMessageCount(); // keeps the connection alive and notices a drop
        }
      }
      if (!settings.idle() || stopped) {
        return true;
      }
      if (arrived.get()) {
        continue; // mail came while this pass ran: read it before waiting
      }
      events.waiting();
      boolean pollDue = waitForMail(folder);
      if (stopped) {
        return true;
      }
      if (pollDue) {
        return false;
      }
      events.reading();
    }
  }

  /**
   * Waits until the server announces a message, {@link #stop()} is called, or the poll interval has
   * passed. With IDLE, a helper thread ends the IDLE (any command does) when one of those happens;
   * it looks every {@value #CUT_CHECK_MS} ms for as long as the IDLE runs, as an announcement can
   * arrive with the server's answer to the IDLE command itself, which Angus Mail takes in without
   * ending the IDLE, and a stop can come before the IDLE has started. Without IDLE the source just
   * waits for the poll interval, as a server announces nothing between commands.
   *
   * @return whether the poll interval has passed
   */
  private boolean waitForMail(IMAPFolder folder) throws MessagingException, InterruptedException {
    long until = System.nanoTime() + settings.pollInterval().toNanos();
    if (ImapUid.has(folder, "IDLE")) {
      AtomicBoolean idling = new AtomicBoolean(true);
      Thread cut =
          new Thread(
              () -> {
                try {
                  while (idling.get()) {
                    if (stopped || arrived.get() || System.nanoTime() - until >= 0) {
                      folder.doCommand(p -> null); // ends a running IDLE; sends nothing else
                    }
                    Thread.sleep(CUT_CHECK_MS);
                  }
                } catch (InterruptedException | MessagingException | RuntimeException ignored) {
                  // the IDLE ended, or the connection is going away
                }
              },
              "imap-idle-cut");
      cut.setDaemon(true);
      cut.start();
      try {
        if (!stopped && !arrived.get()) {
          folder.idle(true);
        }
      } finally {
        idling.set(false);
        cut.interrupt();
      }
    } else {
      while (!stopped && System.nanoTime() - until < 0) {
        Thread.sleep(Math.max(1, Math.min(CUT_CHECK_MS, (until - System.nanoTime()) / 1_000_000)));
      }
    }
    return System.nanoTime() - until >= 0;
  }

  /** The folders a committed message goes to, and how it gets there. */
  private record Targets(Folder done, Folder failed, ImapDisposal disposal) {}

  private void handleAcks(IMAPFolder folder, long validity, Targets targets, long waitMs)
      throws MessagingException, InterruptedException {
    Ack a = waitMs > 0 ? acks.poll(waitMs, TimeUnit.MILLISECONDS) : acks.poll();
    for (; a != null; a = acks.poll()) {
      try {
        if (a.outcome() == null) {
          continue; // abandoned: stays where it is, to be read again
        }
        if (a.uidValidity() != validity) {
          LOG.warn("{}: UIDVALIDITY changed; message {} stays in place", describe(), a.uid());
          continue;
        }
        if (!guard.mayCommit()) {
          LOG.warn(
              "{}: message uid {} stays in place: this process no longer runs the source",
              describe(),
              a.uid());
          continue;
        }
        finish(folder, a.uid(), a.outcome(), targets);
      } catch (MessagingException e) {
        // put it back: it is handled on the next connection
        acks.add(a);
        throw e;
      } finally {
        if (!acks.contains(a)) {
          inFlight.remove(a.uid());
          outstanding.decrementAndGet();
        }
      }
    }
  }

  /**
   * Moves (or flags) a committed message, by UID. One that is gone, or that carries a keyword of
   * ours already, was handled by another process.
   */
  private void finish(IMAPFolder folder, long uid, InputOutcome o, Targets t)
      throws MessagingException {
    boolean noReport = o.reportsStored() + o.duplicates() == 0;
    Folder target = noReport ? t.failed() : t.done();
    String keyword = noReport ? FAILED_KEYWORD : DONE_KEYWORD;
    Flags now = ImapUid.flags(folder, uid);
    if (now == null || now.contains(DONE_KEYWORD) || now.contains(FAILED_KEYWORD)) {
      LOG.warn(
          "{}: message uid {} was already handled elsewhere: it {} before this process moved it"
              + " to {} (another process ran the source for a moment and moved it); it is"
              + " committed, nothing is lost",
          describe(),
          uid,
          now == null ? "left the folder" : "was marked handled",
          target.getFullName());
      return;
    }
    if (settings.afterCommit() == ImapSettings.AfterCommit.FLAG) {
      ImapUid.addFlags(folder, uid, new Flags(keyword));
      return;
    }
    String to = target.getFullName();
    if (t.disposal() == ImapDisposal.MOVE) {
      ImapUid.move(folder, uid, to);
      return;
    }
    ImapUid.copy(folder, uid, to);
    if (t.disposal() == ImapDisposal.COPY_THEN_EXPUNGE_UID) {
      Flags gone = new Flags(Flags.Flag.DELETED);
      gone.add(keyword);
      ImapUid.addFlags(folder, uid, gone);
      ImapUid.expunge(folder, uid);
    } else {
      ImapUid.addFlags(folder, uid, new Flags(keyword)); // COPY_AND_KEEP
    }
  }

  private static Folder folderFor(Store store, IMAPFolder inbox, String path)
      throws MessagingException {
    char sep = inbox.getSeparator();
    Folder f = store.getFolder(path.replace('/', sep));
    if (!f.exists() && !f.create(Folder.HOLDS_MESSAGES)) {
      throw new MessagingException("cannot create folder " + path);
    }
    return f;
  }

  /** The Message-ID of a downloaded message, from its header block; null when it has none. */
  private static @Nullable String messageId(byte[] bytes) {
    try {
      String[] h = new InternetHeaders(new ByteArrayInputStream(bytes)).getHeader("Message-ID");
      return h == null || h.length == 0 ? null : h[0].trim();
    } catch (MessagingException e) {
      return null;
    }
  }

  /** How often an IDLE's helper looks whether to end it, in milliseconds. */
  static final int CUT_CHECK_MS = 50;

  /** The connect timeout of the ingest's connections. */
  private static final int CONNECT_TIMEOUT_MS = 30_000;

  /** The read timeout of the ingest's connections (an IDLE is renewed well before). */
  private static final int READ_TIMEOUT_MS = 120_000;

  /**
   * Connects and logs in, with the password or with an access token fetched now ({@link
   * ImapLogin}).
   *
   * @param connectMs the connect timeout
   * @param readMs the timeout of each read and write
   * @throws AuthenticationFailedException when the server refuses the login, or does not offer
   *     XOAUTH2 for a token; the message says what to check and holds no password or token
   * @throws TokenException when no access token could be had
   */
  static Store connect(ImapSettings settings, int connectMs, int readMs)
      throws MessagingException, TokenException, InterruptedException {
    boolean tls = settings.security() == ImapSettings.Security.TLS;
    String protocol = tls ? "imaps" : "imap";
    Properties p = new Properties();
    String pre = "mail." + protocol + ".";
    p.setProperty("mail.store.protocol", protocol);
    p.setProperty(pre + "connectiontimeout", String.valueOf(connectMs));
    p.setProperty(pre + "timeout", String.valueOf(readMs));
    p.setProperty(pre + "writetimeout", String.valueOf(readMs));
    if (settings.security() == ImapSettings.Security.STARTTLS) {
      p.setProperty(pre + "starttls.enable", "true");
      p.setProperty(pre + "starttls.required", "true");
    }
    if (settings.security() != ImapSettings.Security.NONE) {
      p.setProperty(pre + "ssl.checkserveridentity", "true");
      if (!settings.trustHosts().isEmpty()) {
        p.setProperty(pre + "ssl.trust", settings.trustHosts());
      }
    }
    ImapLogin.configure(p, pre, settings);
    int port = settings.port() != 0 ? settings.port() : tls ? 993 : 143;
    return ImapLogin.login(Session.getInstance(p), protocol, settings, port);
  }

  static void closeQuietly(@Nullable Store store) {
    if (store != null) {
      try {
        store.close();
      } catch (MessagingException | RuntimeException ignored) {
        // the connection is gone already
      }
    }
  }

  /** One message, downloaded. */
  private final class ImapUnit extends InputUnit {
    private final long uid;
    private final long validity;
    private final byte[] bytes;

    ImapUnit(long uid, long validity, byte[] bytes, @Nullable String messageId) {
      super(
          settings.mailbox() + " uid " + uid,
          new Provenance(SourceKind.IMAP, null, settings.mailbox(), messageId, null));
      this.uid = uid;
      this.validity = validity;
      this.bytes = bytes;
    }

    @Override
    public InputStream open() {
      return new ByteArrayInputStream(bytes);
    }

    @Override
    public void committed(InputOutcome outcome) {
      acks.add(new Ack(uid, validity, outcome));
    }

    @Override
    public void abandoned() {
      acks.add(new Ack(uid, validity, null));
    }
  }
}
