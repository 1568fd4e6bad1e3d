// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * {@link DnsjavaResolver} against a scripted hostile server on loopback (knotd only gives honest
 * answers): forged IDs, answers to another question, answers from another address, oversized,
 * malformed and query-instead-of-response datagrams are dropped (the question then times out with a
 * reason that names what was dropped, or takes the honest answer that follows); a truncated answer
 * goes to TCP, where a wrong ID or a stalled answer is a TEMPFAIL within the timeout.
 */
class HostileDnsServerTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final List<AutoCloseable> open = new ArrayList<>();

  /** Where the last query to a scripted UDP server came from. */
  private volatile SocketAddress lastClient = new InetSocketAddress(LOOPBACK, 9);

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  /** A UDP server that answers each query with the datagrams a script gives, from its socket. */
  private InetSocketAddress udpServer(Function<Message, List<byte[]>> script) throws IOException {
    DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
    open.add(socket);
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[4096];
              while (!socket.isClosed()) {
                try {
                  DatagramPacket in = new DatagramPacket(buf, buf.length);
                  socket.receive(in);
                  lastClient = in.getSocketAddress();
                  Message query = new Message(Arrays.copyOf(buf, in.getLength()));
                  for (byte[] out : script.apply(query)) {
                    socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
                  }
                } catch (IOException e) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    t.start();
    return new InetSocketAddress(LOOPBACK, socket.getLocalPort());
  }

  private static Message answer(Message query, String text) {
    Message m = new Message(query.getHeader().getID());
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setFlag(Flags.AA);
    m.addRecord(query.getQuestion(), Section.QUESTION);
    m.addRecord(new TXTRecord(query.getQuestion().getName(), DClass.IN, 60, text), Section.ANSWER);
    return m;
  }

  private static byte[] honest(Message query) {
    return answer(query, "honest").toWire();
  }

  private static DnsjavaResolver resolver(InetSocketAddress server, int edns) {
    return resolver(server, edns, Duration.ofMillis(300), 0);
  }

  /**
   * A resolver for the server; the short timeout keeps the tests of dropped answers quick, tests
   * that expect every answer give a long one (a busy machine must not turn them into timeouts).
   */
  private static DnsjavaResolver resolver(
      InetSocketAddress server, int edns, Duration timeout, int retries) {
    return new DnsjavaResolver(
        DnsResolverConfig.defaults()
            .withServers(List.of(server))
            .withTimeout(timeout, retries)
            .withEdnsPayloadSize(edns)
            .withCacheSize(0),
        Clock.systemUTC());
  }

  private static DnsAnswer<TxtData> ask(InetSocketAddress server) {
    return resolver(server, DnsResolverConfig.DEFAULT_EDNS_PAYLOAD).txt("q.example.test");
  }

  private static void assertHonest(DnsAnswer<TxtData> a) {
    assertThat(a.status()).as(a.detail()).isEqualTo(DnsStatus.OK);
    assertThat(a.values()).extracting(TxtData::text).containsExactly("honest");
  }

  private static void assertDropped(DnsAnswer<TxtData> a, String reason) {
    assertThat(a.status()).isEqualTo(DnsStatus.TEMPFAIL);
    assertThat(a.detail()).contains("timeout").contains(reason);
  }

  @Test
  void forgedId_droppedAndTheHonestAnswerTaken() throws IOException {
    InetSocketAddress s =
        udpServer(
            q -> {
              Message forged = answer(q, "forged");
              forged.getHeader().setID((q.getHeader().getID() + 1) & 0xffff);
              return List.of(forged.toWire(), honest(q));
            });
    assertHonest(ask(s));
  }

  @Test
  void answerToAnotherQuestion_dropped() throws IOException {
    InetSocketAddress s =
        udpServer(
            q -> {
              Message other = new Message(q.getHeader().getID());
              other.getHeader().setFlag(Flags.QR);
              org.xbill.DNS.Record question =
                  org.xbill.DNS.Record.newRecord(
                      Name.fromConstantString("victim.example.test."), Type.TXT, DClass.IN);
              other.addRecord(question, Section.QUESTION);
              other.addRecord(
                  new TXTRecord(question.getName(), DClass.IN, 60, "poison"), Section.ANSWER);
              return List.of(other.toWire());
            });
    assertDropped(ask(s), "another question");
    // and followed by the honest answer, the honest one counts
    InetSocketAddress t =
        udpServer(
            q -> {
              Message other = answer(q, "poison");
              other.removeAllRecords(Section.QUESTION);
              other.addRecord(
                  org.xbill.DNS.Record.newRecord(
                      Name.fromConstantString("q.example.test."), Type.A, DClass.IN),
                  Section.QUESTION);
              return List.of(other.toWire(), honest(q));
            });
    assertHonest(ask(t));
  }

  @Test
  void answerFromAnotherAddress_dropped() throws IOException {
    DatagramSocket spoofer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
    open.add(spoofer);
    InetSocketAddress s =
        udpServer(
            q -> {
              // the server asked stays silent; another port answers with the right ID
              byte[] forged = answer(q, "spoofed").toWire();
              try {
                spoofer.send(new DatagramPacket(forged, forged.length, lastClient));
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
              return List.of();
            });
    assertDropped(ask(s), "not the server asked");
  }

  @Test
  void oversizedAnswer_dropped() throws IOException {
    InetSocketAddress s =
        udpServer(
            q -> {
              byte[] big = Arrays.copyOf(answer(q, "x".repeat(200)).toWire(), 1400);
              return List.of(big);
            });
    assertDropped(ask(s), "oversized");
    // without EDNS the limit is 512 bytes
    InetSocketAddress t =
        udpServer(q -> List.of(Arrays.copyOf(answer(q, "y".repeat(200)).toWire(), 600)));
    DnsAnswer<TxtData> a = resolver(t, 0).txt("q.example.test");
    assertDropped(a, "oversized");
  }

  @Test
  void malformedAnswers_droppedAndTheHonestAnswerTaken() throws IOException {
    InetSocketAddress s =
        udpServer(
            q -> {
              byte[] good = honest(q);
              byte[] cut = Arrays.copyOf(good, good.length - 3);
              byte[] header = Arrays.copyOf(good, 5);
              byte[] garbage = Arrays.copyOf(good, good.length);
              Arrays.fill(garbage, 12, garbage.length, (byte) 0xC0); // compression pointer loops
              return List.of(header, cut, garbage, good);
            });
    assertHonest(ask(s));
    InetSocketAddress t =
        udpServer(
            q -> {
              byte[] good = honest(q);
              return List.of(Arrays.copyOf(good, good.length - 3));
            });
    assertDropped(ask(t), "malformed");
  }

  @Test
  void queryEchoedBack_dropped() throws IOException {
    InetSocketAddress s = udpServer(q -> List.of(q.toWire()));
    assertDropped(ask(s), "not a response");
  }

  @Test
  void manyConcurrentQuestions_allAnsweredThroughTheSharedSockets() throws Exception {
    InetSocketAddress s = udpServer(q -> List.of(honest(q)));
    DnsjavaResolver dns =
        resolver(s, DnsResolverConfig.DEFAULT_EDNS_PAYLOAD, Duration.ofSeconds(5), 2);
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Future<DnsAnswer<TxtData>>> answers = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        String name = "n" + i + ".example.test";
        Callable<DnsAnswer<TxtData>> task = () -> dns.txt(name);
        answers.add(pool.submit(task));
      }
      for (Future<DnsAnswer<TxtData>> f : answers) {
        DnsAnswer<TxtData> a = f.get();
        assertThat(a.status()).as(a.detail()).isEqualTo(DnsStatus.OK);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A TCP server that reads one framed query and answers with what the script writes. */
  private InetSocketAddress tcpServer(InetSocketAddress udp, Function<Message, byte[]> script)
      throws IOException {
    ServerSocket server = new ServerSocket();
    open.add(server);
    server.bind(udp);
    Thread t =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try (Socket c = server.accept()) {
                  InputStream in = c.getInputStream();
                  int n = (in.read() << 8) | in.read();
                  Message q = new Message(in.readNBytes(n));
                  OutputStream out = c.getOutputStream();
                  out.write(script.apply(q));
                  out.flush();
                  Thread.sleep(30_000); // hold the connection open, longer than any bound below
                } catch (IOException e) {
                  if (server.isClosed()) {
                    return;
                  }
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    t.start();
    return udp;
  }

  private static byte[] framed(byte[] m) {
    byte[] f = new byte[m.length + 2];
    f[0] = (byte) (m.length >>> 8);
    f[1] = (byte) m.length;
    System.arraycopy(m, 0, f, 2, m.length);
    return f;
  }

  private InetSocketAddress truncatingUdp() throws IOException {
    return udpServer(
        q -> {
          Message tc = new Message(q.getHeader().getID());
          tc.getHeader().setFlag(Flags.QR);
          tc.getHeader().setFlag(Flags.TC);
          tc.addRecord(q.getQuestion(), Section.QUESTION);
          return List.of(tc.toWire());
        });
  }

  @Test
  void truncated_tcpFallback_honestAnswerTaken() throws IOException {
    InetSocketAddress s = tcpServer(truncatingUdp(), q -> framed(honest(q)));
    assertHonest(ask(s));
  }

  @Test
  void truncated_tcpAnswerWithWrongId_tempfail() throws IOException {
    InetSocketAddress s =
        tcpServer(
            truncatingUdp(),
            q -> {
              Message m = answer(q, "forged");
              m.getHeader().setID((q.getHeader().getID() + 7) & 0xffff);
              return framed(m.toWire());
            });
    DnsAnswer<TxtData> a = ask(s);
    assertThat(a.status()).isEqualTo(DnsStatus.TEMPFAIL);
    assertThat(a.detail()).contains("TCP response with ID");
  }

  @Test
  void truncated_tcpAnswerStalls_tempfailWithinTheTimeout() throws IOException {
    InetSocketAddress s =
        tcpServer(truncatingUdp(), q -> Arrays.copyOf(framed(honest(q)), 20)); // then silence
    long start = System.nanoTime();
    DnsAnswer<TxtData> a = ask(s);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(a.status()).isEqualTo(DnsStatus.TEMPFAIL);
    assertThat(a.detail()).contains("timeout");
    // the stalled answer is given up after the 300 ms timeout, not waited for; the bound leaves
    // room for a busy machine and still fails a read that waits on the silent server
    assertThat(took).isLessThan(Duration.ofSeconds(10));
  }
}
