// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Section;

/**
 * How {@link DnsjavaResolver} talks to servers. UDP questions go out over a few shared, unconnected
 * sockets that a few daemon threads (one per core) read with selectors; each question gets a random
 * ID on a randomly chosen socket, and every socket is replaced by a fresh one (a new random port)
 * after {@value #ROTATE_AFTER} questions, so an off-path forger must guess both the ID and the
 * port. A datagram is accepted only from the server asked, with a known ID, within the accepted
 * size, parseable, a response (QR) to a standard query whose question is exactly the one asked;
 * anything else is dropped (the question keeps waiting for the real answer until its timeout, and
 * the timeout names what was dropped). At most {@value #MAX_IN_FLIGHT} UDP questions are in flight
 * at once; more fail at once (callers bound their own concurrency). Answers arrive as futures
 * completed on a reader thread, so a caller chains its next question without a thread of its own.
 * TCP (for truncated answers) uses one connection per question on a small pool of threads, with one
 * deadline for connect, write and read.
 *
 * <p>The shared instance lives as long as the process (like the JDK's own resolver threads); a
 * {@link DnsjavaResolver} needs no closing.
 */
final class DnsTransport {
  private static final Logger LOG = LoggerFactory.getLogger(DnsTransport.class);

  /**
   * How many threads read the UDP sockets (and run what is chained to the answers): one per core,
   * at most 4.
   */
  static final int READERS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

  /** How many UDP sockets questions are spread over. */
  static final int SOCKETS = 8;

  /** How many questions one UDP socket carries before it is replaced. */
  static final int ROTATE_AFTER = 256;

  /** How many UDP questions may wait for an answer at once (process-wide). */
  static final int MAX_IN_FLIGHT = 1024;

  /** The largest DNS message (RFC 1035 over TCP; UDP datagrams are smaller). */
  static final int MAX_MESSAGE = 65535;

  static final int HEADER = 12;

  /** How many threads at most ask over TCP at once (truncated answers are rare). */
  static final int TCP_THREADS = 8;

  /** One selector per reader thread; socket slot i is read by reader i % readers. */
  private final Selector[] selectors;

  private final AtomicReferenceArray<Sock> sockets = new AtomicReferenceArray<>(SOCKETS);
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final ExecutorService tcpPool;

  /**
   * The IDs' random source, one per thread: the default (NativePRNG) instance serialises every
   * caller on one lock.
   */
  private static final ThreadLocal<SecureRandom> RANDOM =
      ThreadLocal.withInitial(DnsTransport::newRandom);

  /** Why one exchange with one server gave no usable answer. */
  static final class ExchangeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final boolean timeout;

    ExchangeException(String message, boolean timeout) {
      super(message);
      this.timeout = timeout;
    }

    /** Whether the server did not answer (usefully) in time. */
    boolean isTimeout() {
      return timeout;
    }
  }

  private static final class Shared {
    static final DnsTransport INSTANCE;
    static final @Nullable IOException FAILURE;

    static {
      DnsTransport t = null;
      IOException failure = null;
      try {
        t = new DnsTransport();
      } catch (IOException e) {
        failure = e;
      }
      INSTANCE = t;
      FAILURE = failure;
    }
  }

  /**
   * The process-wide transport.
   *
   * @throws IOException when no UDP socket or selector can be opened
   */
  static DnsTransport shared() throws IOException {
    if (Shared.INSTANCE == null) {
      throw new IOException("cannot open UDP sockets for DNS", Shared.FAILURE);
    }
    return Shared.INSTANCE;
  }

  DnsTransport() throws IOException {
    selectors = new Selector[READERS];
    for (int r = 0; r < READERS; r++) {
      selectors[r] = Selector.open();
    }
    for (int i = 0; i < SOCKETS; i++) {
      sockets.set(i, open(i));
    }
    AtomicInteger tcpThreads = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            TCP_THREADS,
            TCP_THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "dns-tcp-" + tcpThreads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    tcpPool = pool;
    for (int r = 0; r < READERS; r++) {
      Selector selector = selectors[r];
      Thread reader = new Thread(() -> readLoop(selector), "dns-udp-reader-" + (r + 1));
      reader.setDaemon(true);
      reader.start();
    }
  }

  /** A question waiting for its UDP answer. */
  private static final class Pending {
    final Message query;
    final InetSocketAddress server;
    final int maxSize;
    final CompletableFuture<Message> result = new CompletableFuture<>();
    volatile @Nullable String dropped;

    Pending(Message query, InetSocketAddress server, int maxSize) {
      this.query = query;
      this.server = server;
      this.maxSize = maxSize;
    }
  }

  /** One UDP socket and the questions waiting on it, by ID. */
  private final class Sock {
    final DatagramChannel channel;
    private final Map<Integer, Pending> waiting = new HashMap<>();
    private int uses;
    private volatile boolean retired;
    private boolean closed;

    Sock(DatagramChannel channel) {
      this.channel = channel;
    }

    /** Registers a question under a fresh random ID; -1 when this socket takes no more. */
    int register(Pending p) {
      SecureRandom ids = RANDOM.get();
      while (true) {
        int id = ids.nextInt(0x10000);
        synchronized (this) {
          if (retired) {
            return -1;
          }
          if (waiting.putIfAbsent(id, p) == null) {
            if (++uses >= ROTATE_AFTER) {
              retired = true;
            }
            return id;
          }
        }
      }
    }

    synchronized void retire() {
      retired = true;
      closeIfDone();
    }

    boolean isRetired() {
      return retired;
    }

    synchronized @Nullable Pending lookup(int id) {
      return waiting.get(id);
    }

    synchronized void release(int id, Pending p) {
      waiting.remove(id, p);
      closeIfDone();
    }

    synchronized void closeIfDone() {
      if (retired && waiting.isEmpty() && !closed) {
        closed = true;
        try {
          channel.close();
        } catch (IOException e) {
          LOG.debug("closing a DNS UDP socket: {}", e.getMessage());
        }
      }
    }
  }

  /** The calling thread's random source for question IDs. */
  static SecureRandom idRandom() {
    return RANDOM.get();
  }

  private static SecureRandom newRandom() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }

  private Sock open(int slot) throws IOException {
    Selector selector = selectors[slot % READERS];
    DatagramChannel ch = DatagramChannel.open();
    try {
      ch.bind(null); // the kernel picks a random ephemeral port
      ch.configureBlocking(false);
      Sock s = new Sock(ch);
      ch.register(selector, SelectionKey.OP_READ, s);
      selector.wakeup();
      return s;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** The socket in a slot, replacing it first when it has carried its share of questions. */
  private Sock socket(int slot) throws IOException {
    Sock s = sockets.get(slot);
    if (!s.isRetired()) {
      return s;
    }
    Sock fresh = open(slot);
    if (sockets.compareAndSet(slot, s, fresh)) {
      s.closeIfDone();
      return fresh;
    }
    fresh.retire(); // lost the race: never used
    return sockets.get(slot);
  }

  /**
   * Asks one server one question: over UDP, and again over TCP when the answer is truncated. The
   * future completes on the transport's threads (the UDP reader, the timer, the TCP pool), so
   * whatever depends on it must not block; it fails with an {@link ExchangeException} on timeout,
   * trouble or overload, never with anything else.
   *
   * @param query the question (its ID is replaced; the message itself is not changed)
   * @param maxSize the largest UDP answer accepted (512, or the EDNS payload size offered)
   * @param timeout how long each of the UDP and the TCP exchange may take
   */
  CompletableFuture<Message> ask(
      Message query, InetSocketAddress server, int maxSize, Duration timeout) {
    return udp(query, server, maxSize, timeout)
        .thenCompose(
            r ->
                r.getHeader().getFlag(Flags.TC)
                    ? CompletableFuture.supplyAsync(
                        () -> tcpOrFail(query, server, timeout), tcpPool)
                    : CompletableFuture.completedFuture(r));
  }

  /**
   * Asks one server one question over UDP.
   *
   * @return the validated response (it may be truncated: see {@link Flags#TC})
   */
  CompletableFuture<Message> udp(
      Message query, InetSocketAddress server, int maxSize, Duration timeout) {
    Pending p = new Pending(query, server, maxSize);
    if (!inFlight.tryAcquire()) {
      p.result.completeExceptionally(
          new ExchangeException("more than " + MAX_IN_FLIGHT + " DNS questions in flight", true));
      return p.result;
    }
    p.result.whenComplete((m, e) -> inFlight.release());
    try {
      Sock sock;
      int id;
      int tries = 0;
      do {
        if (++tries > 2 * SOCKETS) {
          throw new IOException("no UDP socket available");
        }
        sock = socket(ThreadLocalRandom.current().nextInt(SOCKETS));
        id = sock.register(p);
      } while (id < 0);
      Sock s = sock;
      int sent = id;
      p.result.whenComplete((m, e) -> s.release(sent, p));
      p.result.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
      Message copy = query.clone();
      copy.getHeader().setID(id);
      if (s.channel.send(ByteBuffer.wrap(copy.toWire()), server) == 0) {
        throw new IOException("UDP send buffer full");
      }
    } catch (IOException | RuntimeException e) {
      p.result.completeExceptionally(new ExchangeException("UDP: " + e.getMessage(), false));
    }
    return p.result.handle(
        (m, e) -> {
          if (e == null) {
            return m;
          }
          Throwable cause =
              e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
          if (cause instanceof ExchangeException x) {
            throw new CompletionException(x);
          }
          if (cause instanceof TimeoutException) {
            String dropped = p.dropped;
            throw new CompletionException(
                new ExchangeException(
                    "timeout" + (dropped == null ? "" : " (dropped " + dropped + ")"), true));
          }
          throw new CompletionException(new ExchangeException(String.valueOf(cause), false));
        });
  }

  private Message tcpOrFail(Message query, InetSocketAddress server, Duration timeout) {
    try {
      return DnsTcp.ask(query, server, timeout);
    } catch (ExchangeException e) {
      throw new CompletionException(e);
    }
  }

  private void readLoop(Selector selector) {
    ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_MESSAGE + 1);
    while (true) {
      try {
        selector.select();
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          if (key.isValid() && key.attachment() instanceof Sock s) {
            drain(s, buffer);
          }
        }
      } catch (ClosedSelectorException e) {
        return;
      } catch (IOException | RuntimeException e) {
        LOG.warn("DNS UDP reader: {}", e.toString());
      }
    }
  }

  private void drain(Sock s, ByteBuffer buffer) {
    for (int n = 0; n < 256; n++) {
      SocketAddress from;
      buffer.clear();
      try {
        from = s.channel.receive(buffer);
      } catch (IOException e) {
        return; // closed (rotated out) or an ICMP error: nothing to read
      }
      if (from == null) {
        return;
      }
      buffer.flip();
      byte[] data = new byte[buffer.remaining()];
      buffer.get(data);
      try {
        accept(s, from, data);
      } catch (RuntimeException e) {
        LOG.debug("DNS datagram from {} dropped: {}", from, e.toString());
      }
    }
  }

  private void accept(Sock s, SocketAddress from, byte[] data) {
    if (data.length < HEADER) {
      LOG.debug(
          "DNS datagram of {} bytes from {} dropped: shorter than a header", data.length, from);
      return;
    }
    int id = ((data[0] & 0xff) << 8) | (data[1] & 0xff);
    Pending p = s.lookup(id);
    if (p == null) {
      LOG.debug("DNS datagram from {} dropped: ID {} not asked (late or forged)", from, id);
      return;
    }
    if (!p.server.equals(from)) {
      p.dropped = "a response from " + from + ", not the server asked";
      return;
    }
    if (data.length > p.maxSize) {
      p.dropped =
          "an oversized response (" + data.length + " bytes, at most " + p.maxSize + " accepted)";
      return;
    }
    Message response;
    try {
      response = new Message(data);
    } catch (IOException | RuntimeException e) {
      p.dropped = "a malformed response: " + e.getMessage();
      return;
    }
    String problem = mismatch(p.query, response);
    if (problem != null) {
      p.dropped = "a response that " + problem;
      return;
    }
    p.result.complete(response);
  }

  /** Why a response does not answer the question, or null when it does. */
  static @Nullable String mismatch(Message query, Message response) {
    if (!response.getHeader().getFlag(Flags.QR)) {
      return "is a query, not a response";
    }
    if (response.getHeader().getOpcode() != Opcode.QUERY) {
      return "has opcode " + Opcode.string(response.getHeader().getOpcode());
    }
    if (response.getHeader().getCount(Section.QUESTION) != 1) {
      return "has " + response.getHeader().getCount(Section.QUESTION) + " questions";
    }
    org.xbill.DNS.Record q = query.getQuestion();
    org.xbill.DNS.Record r = response.getQuestion();
    if (r == null
        || !q.getName().equals(r.getName())
        || q.getType() != r.getType()
        || q.getDClass() != r.getDClass()) {
      return "answers another question (" + r + ")";
    }
    return null;
  }
}
