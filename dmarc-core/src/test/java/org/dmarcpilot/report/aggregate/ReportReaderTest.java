// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dmarcpilot.testing.ReportFixtures.gzip;
import static org.dmarcpilot.testing.ReportFixtures.report;
import static org.dmarcpilot.testing.ReportFixtures.utf8;
import static org.dmarcpilot.testing.ReportFixtures.zip;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dmarcpilot.report.PayloadFailure;
import org.dmarcpilot.report.ReportIssue;
import org.dmarcpilot.report.ReportLimits;
import org.dmarcpilot.report.ReportParseException;
import org.dmarcpilot.report.ReportSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The façade: provenance, digests, whole and streaming delivery, files and folders. */
class ReportReaderTest {
  private final ReportReader reader = new ReportReader(ReportLimits.DEFAULTS);

  /** Writes down the calls of a stream handler. */
  static final class Log implements ReportStreamHandler {
    final List<String> calls = new ArrayList<>();
    final List<PayloadFailure> failures = new ArrayList<>();

    @Override
    public void begin(ReportSource source, ReportHeader header) {
      calls.add("begin " + header.metadata().reportId());
    }

    @Override
    public void record(ReportRecord record) {
      calls.add("record " + record.count());
    }

    @Override
    public void end(ReportSource source, String sha256, ReportTrailer trailer) {
      calls.add("end " + trailer.recordCount() + "/" + trailer.messageCount());
    }

    @Override
    public void abort(ReportSource source) {
      calls.add("abort " + source.location());
    }

    @Override
    public void failure(PayloadFailure failure) {
      failures.add(failure);
      calls.add("failure " + failure.error().problem());
    }

    @Override
    public void skipped(ReportSource source, ReportIssue issue) {
      calls.add("skipped " + issue.message());
    }
  }

  @Test
  void stream_zipOfTwo_beginRecordsEndEach() throws Exception {
    byte[] zip = zip("a.xml", utf8(report("A", 2, 3)), "b.xml", utf8(report("B", 1, 7)));
    Log log = new Log();

    reader.stream(new ByteArrayInputStream(zip), "two.zip", log);

    assertThat(log.calls)
        .containsExactly(
            "begin A", "record 3", "record 3", "end 2/6", "begin B", "record 7", "end 1/7");
  }

  @Test
  void stream_largeReportBrokenAfterBegin_abortedThenFailed() throws Exception {
    String broken = report("BIG", 200, 1).replace("</feedback>", "<record><row>");
    byte[] zip = zip("big.xml", utf8(broken), "ok.xml", utf8(report("OK", 1, 1)));
    Log log = new Log();

    new ReportReader(ReportLimits.DEFAULTS.withRepairableXmlBytes(4096))
        .stream(new ByteArrayInputStream(zip), "z.zip", log);

    assertThat(log.calls).contains("begin BIG").doesNotContain("end 200/200");
    assertThat(log.calls.subList(201, log.calls.size()))
        .containsExactly(
            "abort z.zip, member \"big.xml\"",
            "begin OK",
            "record 1",
            "end 1/1",
            "failure the document ends before </feedback> (truncated?): Unexpected EOF; was"
                + " expecting a close tag for element <row> (reports larger than 4 KiB are not"
                + " repaired)");
    assertThat(log.failures.get(0).copy()).isEqualTo(zip);
  }

  @Test
  void stream_largeMembersStreamed_eachRead() throws Exception {
    byte[] zip = zip("a.xml", utf8(report("A", 300, 1)), "b.xml", utf8(report("B", 300, 2)));
    Log log = new Log();

    new ReportReader(ReportLimits.DEFAULTS.withRepairableXmlBytes(4096))
        .stream(new ByteArrayInputStream(zip), "z.zip", log);

    assertThat(log.calls).contains("end 300/300", "end 300/600");
    assertThat(log.failures).isEmpty();
  }

  @Test
  void read_sha256IsOfTheXmlBytes() throws Exception {
    byte[] xml = utf8(report("D", 1, 1));
    List<ExtractedReport> got = new ArrayList<>();

    reader.read(
        new ByteArrayInputStream(gzip(xml)),
        "d.xml.gz",
        new ReportHandler() {
          @Override
          public void report(ExtractedReport report) {
            got.add(report);
          }

          @Override
          public void failure(PayloadFailure failure) {
            throw new AssertionError(failure.error());
          }
        });

    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(xml));
    assertThat(got).singleElement().extracting(ExtractedReport::sha256).isEqualTo(expected);
  }

  @Test
  void readPath_folder_allOrNothing(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("a.xml"), utf8(report("A", 1, 1)));
    Files.write(dir.resolve("b.xml.gz"), gzip(utf8(report("B", 1, 2))));

    assertThat(reader.read(dir)).extracting(r -> r.metadata().reportId()).containsExactly("A", "B");

    Files.write(dir.resolve("c.txt"), utf8("hello"));
    Files.write(dir.resolve("d.xml"), new byte[0]);
    assertThatThrownBy(() -> reader.read(dir))
        .isInstanceOf(ReportParseException.class)
        .hasMessageEndingWith(
            "c.txt: not a report: neither XML, gzip, zip nor an e-mail message;"
                + " it begins with \"hello\"")
        .satisfies(
            e ->
                assertThat(e.getSuppressed())
                    .singleElement()
                    .extracting(Throwable::getMessage)
                    .asString()
                    .endsWith("d.xml: empty input (0 bytes)"));
  }

  @Test
  void inputs_maildirWithoutTmpAndHiddenFiles(@TempDir Path dir) throws Exception {
    Path box = dir.resolve("Maildir");
    for (String sub :
        List.of("cur", "new", "tmp", ".Archive/cur", ".Archive/new", ".Archive/tmp")) {
      Files.createDirectories(box.resolve(sub));
    }
    Files.writeString(box.resolve("new/1700000001.M1P1.host"), "x");
    Files.writeString(box.resolve("cur/1700000000.M1P1.host:2,S"), "x");
    Files.writeString(box.resolve("tmp/1700000002.M1P1.host"), "being written");
    Files.writeString(box.resolve(".Archive/cur/1600000000.M1P1.host:2,S"), "x");
    Files.writeString(box.resolve(".Archive/tmp/partial"), "x");
    Files.writeString(box.resolve("cur/.hidden"), "x");
    Files.writeString(box.resolve("dovecot-uidlist"), "x");

    assertThat(ReportReader.inputs(box))
        .extracting(p -> box.relativize(p).toString())
        .containsExactly(
            ".Archive/cur/1600000000.M1P1.host:2,S",
            "cur/1700000000.M1P1.host:2,S",
            "new/1700000001.M1P1.host");
  }

  @Test
  void inputs_aFileIsItself(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("r.xml"), "x");

    assertThat(ReportReader.inputs(f)).containsExactly(f);
  }

  /**
   * {@code read(Path)} opened whatever it was given: a named pipe blocked until a writer came, for
   * ever without one, and {@code /dev/zero} was read without end. Neither is opened now.
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void readPath_namedPipeOrDevice_refusedWithoutOpeningIt(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("pipe.xml");
    boolean made;
    try {
      Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
      made = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (java.io.IOException e) {
      made = false;
    }
    assumeTrue(made, "mkfifo is not available");
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero), "no /dev/zero");

    for (Path p : List.of(fifo, zero)) {
      assertThatThrownBy(() -> reader.read(p))
          .isInstanceOf(java.io.IOException.class)
          .hasMessage(p + ": not a regular file (a named pipe, socket or device); not read");
    }
  }
}
