// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessageRemovedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmarcpilot.app.store.Provenance;
import org.dmarcpilot.app.store.SourceKind;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An IMAP mailbox (Angus Mail). Each message of the folder is one input. A message is moved to the
 * done folder (or flagged) only after the transaction holding its reports has committed, and to the
 * failed folder when it held no report; mail is never deleted. A dropped connection is
 * re-established with exponential backoff; messages handed over before the drop are moved on the
 * new connection, by UID. With {@link ImapSettings#idle()} the source keeps waiting for new mail
 * (IMAP IDLE, or polling where the server has no IDLE) until {@link #stop()}.
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
  private volatile boolean stopped;
  private volatile @Nullable IMAPFolder current;

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

  /** Ends an idling source: the current wait is cut short and {@link #produce} returns. */
  public void stop() {
    stopped = true;
    IMAPFolder f = current;
    if (f != null) {
      Thread t =
          new Thread(
              () -> {
                try {
                  f.getMessageCount(); // any command aborts a running IDLE
                } catch (MessagingException | RuntimeException ignored) {
                  // the connection is going away anyway
                }
              },
              "imap-stop");
      t.setDaemon(true);
      t.start();
    }
  }

  @Override
  public void produce(Sink sink) throws IOException, InterruptedException {
    int drops = 0;
    while (true) {
      Store store = null;
      try {
        store = connect(settings, CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS);
        IMAPFolder folder = (IMAPFolder) store.getFolder(settings.folder());
        folder.open(Folder.READ_WRITE);
        current = folder;
        drops = 0;
        events.reading();
        if (session(store, folder, sink)) {
          return;
        }
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
        current = null;
        closeQuietly(store);
      }
    }
  }

  /**
   * Reads the folder once (or, idling, until stopped).
   *
   * @return true when done, false never (a drop throws)
   */
  private boolean session(Store store, IMAPFolder folder, Sink sink)
      throws MessagingException, InterruptedException {
    long validity = folder.getUIDValidity();
    Folder done = folderFor(store, folder, settings.doneFolder());
    Folder failed = folderFor(store, folder, settings.failedFolder());
    while (true) {
      handleAcks(folder, validity, done, failed, 0);
      Message[] msgs = folder.getMessages();
      FetchProfile fp = new FetchProfile();
      fp.add(UIDFolder.FetchProfileItem.UID);
      fp.add(FetchProfile.Item.FLAGS);
      fp.add(FetchProfile.Item.SIZE);
      folder.fetch(msgs, fp);
      for (Message m : msgs) {
        if (stopped) {
          break;
        }
        if (m.isExpunged()) {
          continue; // moved after an earlier acknowledgement
        }
        long uid = folder.getUID(m);
        Flags flags = m.getFlags();
        if (inFlight.contains(uid)
            || flags.contains(Flags.Flag.DELETED)
            || flags.contains(DONE_KEYWORD)
            || flags.contains(FAILED_KEYWORD)) {
          continue;
        }
        byte[] bytes;
        try {
          bytes = download(m);
        } catch (MessagingException e) {
          if (!(e instanceof MessageRemovedException) && !gone(folder, uid)) {
            throw e;
          }
          LOG.info(
              "{}: message uid {} left the folder before it was read (moved elsewhere); skipped",
              describe(),
              uid);
          continue;
        }
        String messageId = messageId(m);
        inFlight.add(uid);
        outstanding.incrementAndGet();
        sink.accept(new ImapUnit(uid, validity, bytes, messageId));
        handleAcks(folder, validity, done, failed, 0);
      }
      // every handed-over message is acknowledged before this session returns or waits
      while (outstanding.get() > 0 && !Thread.currentThread().isInterrupted()) {
        handleAcks(folder, validity, done, failed, 200);
        if (outstanding.get() > 0) {
          folder.getMessageCount(); // keeps the connection alive and notices a drop
        }
      }
      if (!settings.idle() || stopped) {
        return true;
      }
      events.waiting();
      waitForMail(store, folder);
      if (stopped) {
        return true;
      }
      events.reading();
      if (stopped) {
        return true;
      }
    }
  }

  private void waitForMail(Store store, IMAPFolder folder)
      throws MessagingException, InterruptedException {
    int before = folder.getMessageCount();
    if (((IMAPStore) store).hasCapability("IDLE")) {
      Thread renew =
          new Thread(
              () -> {
                try {
                  Thread.sleep(settings.pollInterval().toMillis());
                  folder.getMessageCount(); // cuts the IDLE short so that it is renewed
                } catch (InterruptedException | MessagingException | RuntimeException ignored) {
                  // the IDLE ended by itself
                }
              },
              "imap-idle-renew");
      renew.setDaemon(true);
      renew.start();
      try {
        folder.idle(true);
      } finally {
        renew.interrupt();
      }
    } else {
      long until = System.nanoTime() + settings.pollInterval().toNanos();
      while (!stopped && System.nanoTime() < until && folder.getMessageCount() == before) {
        Thread.sleep(Math.min(1000, settings.pollInterval().toMillis()));
      }
    }
  }

  private void handleAcks(IMAPFolder folder, long validity, Folder done, Folder failed, long waitMs)
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
        finish(folder, a.uid(), a.outcome(), done, failed);
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

  /** Moves (or flags) a committed message; one that is gone was handled by another process. */
  private void finish(IMAPFolder folder, long uid, InputOutcome o, Folder done, Folder failed)
      throws MessagingException {
    boolean noReport = o.reportsStored() + o.duplicates() == 0;
    Folder target = noReport ? failed : done;
    Message m = folder.getMessageByUID(uid);
    try {
      if (m == null || m.isExpunged()) {
        throw new MessageRemovedException("message uid " + uid + " is no longer in the folder");
      }
      if (settings.afterCommit() == ImapSettings.AfterCommit.FLAG) {
        m.setFlags(new Flags(noReport ? FAILED_KEYWORD : DONE_KEYWORD), true);
      } else {
        move(folder, m, target);
      }
    } catch (MessagingException e) {
      if (!(e instanceof MessageRemovedException) && !gone(folder, uid)) {
        throw e;
      }
      LOG.warn(
          "{}: message uid {} was already handled elsewhere: it left the folder before this"
              + " process moved it to {} (another process ran the source for a moment and moved"
              + " it); it is committed, nothing is lost",
          describe(),
          uid,
          target.getFullName());
    }
  }

  /**
   * Whether the message is gone from the folder, asked after an action on it failed: a NOOP brings
   * the server's pending expunge notices in first. Throws when the connection is broken.
   */
  private static boolean gone(IMAPFolder folder, long uid) throws MessagingException {
    folder.doCommand(
        p -> {
          p.noop();
          return null;
        });
    Message m = folder.getMessageByUID(uid);
    return m == null || m.isExpunged();
  }

  private static void move(IMAPFolder folder, Message m, Folder target) throws MessagingException {
    IMAPStore store = (IMAPStore) folder.getStore();
    if (store.hasCapability("MOVE")) {
      folder.moveMessages(new Message[] {m}, target);
    } else {
      // COPY, then the message is marked done in place; without MOVE nothing is expunged
      folder.copyMessages(new Message[] {m}, target);
      m.setFlags(new Flags(DONE_KEYWORD), true);
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

  private byte[] download(Message m) throws MessagingException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, m.getSize()));
    OutputStream bounded =
        new OutputStream() {
          long n;

          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            long room = maxBytes + 1 - n;
            if (room > 0) {
              out.write(b, off, (int) Math.min(len, room));
            }
            n += len;
            if (n > maxBytes + 1) {
              throw new IOException("message larger than " + maxBytes + " bytes");
            }
          }
        };
    try {
      m.writeTo(bounded);
    } catch (IOException e) {
      if (out.size() <= maxBytes) {
        throw new MessagingException("cannot download message: " + e.getMessage(), e);
      }
      // too large: the head is kept and the pipeline rejects it for its size
    }
    return out.toByteArray();
  }

  private static @Nullable String messageId(Message m) {
    try {
      String[] h = m.getHeader("Message-ID");
      return h == null || h.length == 0 ? null : h[0].trim();
    } catch (MessagingException e) {
      return null;
    }
  }

  /** The connect timeout of the ingest's connections. */
  private static final int CONNECT_TIMEOUT_MS = 30_000;

  /** The read timeout of the ingest's connections (an IDLE is renewed well before). */
  private static final int READ_TIMEOUT_MS = 120_000;

  /**
   * Connects and logs in.
   *
   * @param connectMs the connect timeout
   * @param readMs the timeout of each read and write
   */
  static Store connect(ImapSettings settings, int connectMs, int readMs) throws MessagingException {
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
    Session session = Session.getInstance(p);
    Store store = session.getStore(protocol);
    int port = settings.port() != 0 ? settings.port() : tls ? 993 : 143;
    store.connect(settings.host(), port, settings.user(), settings.password());
    return store;
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
