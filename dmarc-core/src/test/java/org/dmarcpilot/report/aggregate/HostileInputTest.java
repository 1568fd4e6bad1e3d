// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.testing.ReportFixtures.gzip;
import static org.dmarcpilot.testing.ReportFixtures.report;
import static org.dmarcpilot.testing.ReportFixtures.utf8;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipInputStream;
import org.dmarcpilot.report.PayloadFailure;
import org.dmarcpilot.report.ReportLimits;
import org.dmarcpilot.testing.Bombs;
import org.dmarcpilot.testing.ReportFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile inputs: each ends in a failure that names the problem, within 2 s of CPU time of the
 * reading thread and with less than 64 MiB allocated by it (an upper bound of the extra heap). The
 * inputs are built in the test; nothing large is committed.
 */
class HostileInputTest {
  private static final long CPU_LIMIT_NANOS = 2_000_000_000L;
  private static final long ALLOCATION_LIMIT = 64L << 20;
  private static final String OPEN_ORG =
      "<?xml version=\"1.0\"?>\n<feedback><report_metadata><org_name>";

  private final ReportReader reader = new ReportReader(ReportLimits.DEFAULTS);

  @BeforeAll
  static void warmUp() throws IOException {
    // class loading and the first JIT pass are not what is measured
    new ReportReader()
        .read(
            new ByteArrayInputStream(ReportFixtures.zip("a.xml", gzip(utf8(report("W", 10, 1))))),
            "warm-up",
            new Outcome());
  }

  /** Collects what a read produced. */
  static final class Outcome implements ReportHandler {
    final List<ExtractedReport> reports = new ArrayList<>();
    final List<PayloadFailure> failures = new ArrayList<>();

    @Override
    public void report(ExtractedReport report) {
      reports.add(report);
    }

    @Override
    public void failure(PayloadFailure failure) {
      failures.add(failure);
    }
  }

  /** Reads {@code input} and checks the CPU time and allocation of doing so. */
  private Outcome bounded(ReportReader r, byte[] input, String name) throws IOException {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long cpu = mx.getCurrentThreadCpuTime();
    long allocated = mx.getThreadAllocatedBytes(thread);
    Outcome o = new Outcome();

    r.read(new ByteArrayInputStream(input), name, o);

    long usedCpu = mx.getCurrentThreadCpuTime() - cpu;
    long usedHeap = mx.getThreadAllocatedBytes(thread) - allocated;
    assertThat(usedCpu).as("CPU nanoseconds for " + name).isLessThan(CPU_LIMIT_NANOS);
    assertThat(usedHeap).as("bytes allocated for " + name).isLessThan(ALLOCATION_LIMIT);
    return o;
  }

  private String problem(ReportReader r, byte[] input, String name) throws IOException {
    Outcome o = bounded(r, input, name);
    assertThat(o.reports).as("reports from " + name).isEmpty();
    assertThat(o.failures).as("failures of " + name).hasSize(1);
    return o.failures.get(0).error().getMessage();
  }

  @Test
  void xxe_localFileNeverRead(@TempDir Path dir) throws IOException {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-4711");
    String xml =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE feedback [<!ENTITY x SYSTEM \""
            + secret.toUri()
            + "\">]>\n"
            + report("X", 1, 1)
                .substring(report("X", 1, 1).indexOf("<feedback>"))
                .replace("example.net</org_name>", "&x;</org_name>");

    Outcome o = bounded(reader, utf8(xml), "xxe.xml");

    assertThat(o.reports).isEmpty();
    PayloadFailure f = o.failures.get(0);
    assertThat(f.error())
        .hasMessage(
            "xxe.xml: line 2, column 1: a DOCTYPE declaration: reports never have one, and DTDs"
                + " and entities are not processed");
    assertThat(f.error().toString() + Arrays.toString(f.error().getStackTrace()))
        .doesNotContain("TOP-SECRET");
  }

  @Test
  void billionLaughs_noExpansion() throws IOException {
    StringBuilder dtd = new StringBuilder("<!DOCTYPE feedback [\n <!ENTITY lol \"lol\">\n");
    for (int i = 1; i <= 9; i++) {
      dtd.append(" <!ENTITY lol").append(i).append(" \"");
      for (int j = 0; j < 10; j++) {
        dtd.append("&lol").append(i == 1 ? "" : i - 1).append(';');
      }
      dtd.append("\">\n");
    }
    dtd.append("]>\n");
    String xml = "<?xml version=\"1.0\"?>\n" + dtd + "<feedback>&lol9;</feedback>\n";

    assertThat(problem(reader, utf8(xml), "lol.xml"))
        .isEqualTo(
            "lol.xml: line 2, column 1: a DOCTYPE declaration: reports never have one, and DTDs"
                + " and entities are not processed");
  }

  @Test
  void gzipExpandingTo1GiB_stoppedByTheRatio() throws IOException {
    byte[] bomb = Bombs.gzip(Bombs.deflate(OPEN_ORG, (byte) 'A', 1024));
    assertThat(bomb.length).isLessThan(2 << 20);

    assertThat(problem(reader, bomb, "bomb.xml.gz"))
        .startsWith("bomb.xml.gz: the gzip data expands more than 200 times (")
        .endsWith("): a decompression bomb? (limit maxCompressionRatio)");
  }

  @Test
  void zipExpandingTo1GiB_stoppedByTheRatio() throws IOException {
    byte[] bomb = Bombs.zip("report.xml", Bombs.deflate(OPEN_ORG, (byte) 'A', 1024));

    assertThat(problem(reader, bomb, "bomb.zip"))
        .startsWith(
            "bomb.zip, member \"report.xml\": zip member \"report.xml\" expands more than 200"
                + " times (")
        .endsWith("): a decompression bomb? (limit maxCompressionRatio)");
  }

  @Test
  void gzipWithinTheRatio_stoppedByTheAbsoluteCap() throws IOException {
    ReportLimits limits =
        ReportLimits.DEFAULTS.withMaxDecompressedBytes(4L << 20).withMaxCompressionRatio(1 << 20);
    byte[] bomb = Bombs.gzip(Bombs.deflate(OPEN_ORG, (byte) 'A', 64));

    assertThat(problem(new ReportReader(limits), bomb, "big.xml.gz"))
        .isEqualTo("big.xml.gz: the gzip data expands past 4 MiB (limit maxDecompressedBytes)");
  }

  @Test
  void manyMembers_stoppedByTheInputBudget() throws IOException {
    ReportLimits limits =
        new ReportLimits(
            32,
            50_000_000,
            1 << 20,
            64,
            256L << 20,
            1 << 20,
            1 << 20,
            3L << 20,
            1000,
            1000,
            10,
            1000,
            2000,
            1 << 20,
            1000,
            1000,
            10 << 20,
            10 << 20,
            0);
    byte[] member = Bombs.zip("m.xml", Bombs.deflate(OPEN_ORG, (byte) 'A', 2));
    // two members of 2 MiB each: the second crosses the 3 MiB budget of the input
    byte[] zip = ReportFixtures.zip("a.xml.zip", member, "b.xml.zip", member);

    Outcome o = bounded(new ReportReader(limits), zip, "budget.zip");

    assertThat(o.failures)
        .extracting(f -> f.error().problem())
        .contains(
            "zip member \"m.xml\": the input's decompressed data exceed 3 MiB in total (limit"
                + " maxInputDecompressedBytes)");
  }

  @Test
  void bombConstruction_expandsAsClaimed() throws IOException {
    Bombs.Deflated d = Bombs.deflate(OPEN_ORG, (byte) 'A', 3);
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(Bombs.gzip(d)))) {
      byte[] all = in.readAllBytes(); // also checks CRC-32 and length
      assertThat(all).hasSize((int) d.size());
      assertThat(new String(all, 0, OPEN_ORG.length(), "UTF-8")).isEqualTo(OPEN_ORG);
      assertThat(all[all.length - 1]).isEqualTo((byte) 'A');
    }
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(Bombs.zip("r.xml", d)))) {
      assertThat(zip.getNextEntry().getName()).isEqualTo("r.xml");
      assertThat(zip.readAllBytes()).hasSize((int) d.size());
    }
  }

  @Test
  void truncatedGzip_failsWithoutPartialData() throws IOException {
    byte[] whole = gzip(utf8(report("T", 500, 1)));
    byte[] cut = Arrays.copyOf(whole, whole.length / 2);

    assertThat(problem(reader, cut, "cut.xml.gz"))
        .isEqualTo(
            "cut.xml.gz: the compressed data end early (truncated?): Unexpected end of ZLIB input"
                + " stream");
  }

  @Test
  void deepNesting_stoppedByTheDepthLimit() throws IOException {
    String xml = "<feedback>" + "<x>".repeat(100_000) + "</x>".repeat(100_000) + "</feedback>";

    assertThat(problem(reader, utf8(xml), "deep.xml"))
        .startsWith("deep.xml: line 1, column ")
        .contains("Maximum Element Depth limit (32) Exceeded");
  }

  @Test
  void hugeText_stoppedByTheTextLimit() throws IOException {
    String xml =
        report("H", 1, 1).replace("example.net</org_name>", "x".repeat(3 << 20) + "</org_name>");

    assertThat(problem(reader, utf8(xml), "text.xml"))
        .contains("Text size limit (1048576) exceeded");
  }

  @Test
  void manyAttributes_stoppedByTheAttributeLimit() throws IOException {
    StringBuilder attrs = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      attrs.append(" a").append(i).append("=\"1\"");
    }
    String xml = report("A", 1, 1).replace("<feedback>", "<feedback" + attrs + ">");

    assertThat(problem(reader, utf8(xml), "attrs.xml")).contains("Attribute limit (64) exceeded");
  }

  @Test
  void manyElements_stoppedByTheElementLimit() throws IOException {
    ReportReader small = new ReportReader(ReportLimits.DEFAULTS.withMaxXmlElements(10_000));

    assertThat(problem(small, utf8(report("E", 2000, 1)), "elements.xml"))
        .contains("Maximum Element Count limit (10000) Exceeded");
  }

  @Test
  void brokenMarkupJustUnderTheRepairLimit_repairedInLinearTime() throws IOException {
    String junk = "a<b&c<!--<?<x y=\"".repeat(6);
    StringBuilder xml = new StringBuilder(ReportFixtures.header("J"));
    String row =
        ReportFixtures.record("192.0.2.1", 1)
            .replace("example.com</header_from>", junk + "</header_from>");
    int rows = 0;
    while (xml.length() + row.length() + 20 < ReportLimits.DEFAULT_REPAIRABLE_XML_BYTES) {
      xml.append(row);
      rows++;
    }
    xml.append("</feedback>\n");

    Outcome o = bounded(reader, utf8(xml.toString()), "junk.xml");

    assertThat(o.failures).isEmpty();
    AggregateReport r = o.reports.get(0).report();
    assertThat(r.records()).hasSize(rows);
    assertThat(r.records().get(0).identifiers().headerFrom()).isEqualTo(junk);
    assertThat(r.issues())
        .extracting(org.dmarcpilot.report.ReportIssue::message)
        .contains(
            String.format(
                java.util.Locale.ROOT,
                "a '<' inside <header_from> was read as text (and %,d more times)",
                rows * 24 - 1), // four per repetition of the junk
            String.format(
                java.util.Locale.ROOT,
                "an '&' that starts no entity reference was read as text (and %,d more times)",
                rows * 6 - 1));
  }

  @Test
  void brokenMarkupOverTheRepairLimit_rejectedInOnePass() throws IOException {
    String junk = "a<b&c".repeat((10 << 20) / 5);
    String xml = report("J", 1, 1).replace("example.net</org_name>", junk + "</org_name>");

    assertThat(problem(reader, utf8(xml), "junk.xml"))
        .startsWith("junk.xml: line 4, column 33: not well-formed XML: ")
        .endsWith("(reports larger than 4 MiB are not repaired)");
  }

  @Test
  void mimeNestedTooDeep_stopped() throws IOException {
    StringBuilder m = new StringBuilder("From: a@example.net\r\nMessage-ID: <deep@x>\r\n");
    for (int i = 0; i < 200; i++) {
      m.append("Content-Type: multipart/mixed; boundary=\"b")
          .append(i)
          .append("\"\r\n\r\n--b")
          .append(i)
          .append("\r\n");
    }
    m.append("Content-Type: text/plain\r\n\r\nhello\r\n");

    assertThat(problem(reader, utf8(m.toString()), "deep.eml"))
        .isEqualTo("deep.eml: MIME parts nested deeper than 10 levels (limit maxNestingDepth)");
  }

  @Test
  void mimeHeaderLineWithoutEnd_stoppedByTheLineLimit() throws IOException {
    byte[] m = utf8("Subject: " + "x".repeat(3 << 20) + "\r\n\r\nbody\r\n");

    assertThat(problem(reader, m, "line.eml"))
        .isEqualTo(
            "line.eml: unreadable e-mail message: Maximum line length limit (1048576) exceeded");
  }

  @Test
  void gzipOfManyEmptyMembers_readWithoutRecursion() throws IOException {
    // the JDK's GZIPInputStream recurses once per empty member: 200,000 of them overflow its stack
    byte[] empty = gzip(new byte[0]);
    byte[] last = gzip(utf8(report("E", 1, 1)));
    int members = 200_000;
    byte[] input = new byte[empty.length * members + last.length];
    for (int i = 0; i < members; i++) {
      System.arraycopy(empty, 0, input, i * empty.length, empty.length);
    }
    System.arraycopy(last, 0, input, empty.length * members, last.length);

    assertThat(problem(reader, input, "members.gz"))
        .isEqualTo(
            "members.gz: the gzip data have more than 10000 members (a report has one); the rest"
                + " was not read");
  }

  @Test
  void gzipOfTwoMembers_readAsOneStream() throws IOException {
    byte[] xml = utf8(report("TWO", 3, 1));
    byte[] first = gzip(Arrays.copyOf(xml, 100));
    byte[] second = gzip(Arrays.copyOfRange(xml, 100, xml.length));
    byte[] input = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, input, first.length, second.length);

    Outcome o = bounded(reader, input, "two.gz");

    assertThat(o.failures).isEmpty();
    assertThat(o.reports).hasSize(1);
    assertThat(o.reports.get(0).report().records()).hasSize(3);
  }

  @Test
  void gzipWithAWrongChecksum_rejected() throws IOException {
    byte[] gz = gzip(utf8(report("CRC", 1, 1)));
    gz[gz.length - 8] ^= 0x01; // the CRC-32 of the trailer

    assertThat(problem(reader, gz, "crc.gz"))
        .isEqualTo("crc.gz: damaged compressed data: Corrupt GZIP trailer");
  }

  @Test
  void hugeElementName_issueNamesItShortened() throws IOException {
    // Woodstox has no bound on names: a 4 MB element name came back whole in the issue text,
    // and so went into the store and onto every screen that lists the report's issues
    String name = "n".repeat(4 << 20);
    String xml = report("N", 1, 1).replace("<version>", "<" + name + "/><version>");

    Outcome o = bounded(reader, utf8(xml), "name.xml");

    assertThat(o.failures).isEmpty();
    assertThat(o.reports.get(0).report().issues())
        .singleElement()
        .satisfies(
            i ->
                assertThat(i.message())
                    .isEqualTo(
                        "unknown element <" + "n".repeat(57) + "...> in <feedback> skipped"));
  }
}
