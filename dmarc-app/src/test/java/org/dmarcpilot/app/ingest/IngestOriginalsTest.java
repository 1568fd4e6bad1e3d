// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.testing.ReportFixtures.base64Lines;
import static org.dmarcpilot.testing.ReportFixtures.gzip;
import static org.dmarcpilot.testing.ReportFixtures.report;
import static org.dmarcpilot.testing.ReportFixtures.utf8;
import static org.dmarcpilot.testing.ReportFixtures.zip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dmarcpilot.app.store.ReportOriginal;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest keeps each stored report's original: the zip or gzip file as it is, the attachment of an
 * e-mail message after transfer decoding; within the limit, once per report, and not at all when
 * switched off.
 */
class IngestOriginalsTest {
  @TempDir Path dir;
  ReportStore store;
  byte[] zip;
  byte[] gz;
  byte[] attached;
  List<Path> inputs;

  /** One stored original, by report id. */
  record Row(String fileName, String mediaType, long size, byte @Nullable [] bytes) {}

  @BeforeEach
  void setUp() throws IOException {
    store = ReportStores.open(StoreConfig.inDataDir(dir.resolve("data")));
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    zip = zip("z.xml", utf8(report("Z", 3, 2)));
    gz = gzip(utf8(report("G", 2, 5)));
    attached = zip("e.xml", utf8(report("E", 1, 1)));
    String eml =
        "From: DMARC <noreply-dmarc@example.net>\r\n"
            + "To: dmarc@example.com\r\n"
            + "Subject: Report Domain: example.com Report-ID: E\r\n"
            + "Message-ID: <e@example.net>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n"
            + "--B\r\nContent-Type: text/plain\r\n\r\nThe report is attached.\r\n"
            + "--B\r\nContent-Type: application/zip; name=\"example.net!example.com!E.zip\"\r\n"
            + "Content-Disposition: attachment;"
            + " filename=\"../example.net!example.com!E.zip\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n"
            + base64Lines(attached)
            + "\r\n--B--\r\n";
    inputs =
        List.of(
            Files.write(in.resolve("report.zip"), zip),
            Files.write(in.resolve("report.xml.gz"), gz),
            Files.write(in.resolve("report.eml"), utf8(eml)));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private IngestSummary ingest(IngestOptions options) throws InterruptedException {
    return new IngestPipeline(
            store, CoreReportParser.of(options), options.withParserThreads(2), IngestListener.NONE)
        .run(List.of(new FileInputSource(inputs)));
  }

  private Map<String, Row> originals() {
    return store.read(
        c -> {
          Map<String, Row> out = new TreeMap<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT r.report_id, o.filename, o.media_type, o.size, o.bytes"
                          + " FROM aggregate_report r JOIN report_original o"
                          + " ON o.report_pk = r.id");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.put(
                  rs.getString(1),
                  new Row(rs.getString(2), rs.getString(3), rs.getLong(4), rs.getBytes(5)));
            }
          }
          return out;
        });
  }

  @Test
  void ingest_zipGzipAndMessage_eachKeepsTheBytesItArrivedAs() throws Exception {
    IngestSummary s = ingest(IngestOptions.defaults());

    assertThat(s.reportsStored()).isEqualTo(3);
    Map<String, Row> o = originals();
    assertThat(o).containsOnlyKeys("E", "G", "Z");
    assertThat(o.get("Z").bytes()).isEqualTo(zip);
    assertThat(o.get("Z").fileName()).isEqualTo("report.zip");
    assertThat(o.get("Z").mediaType()).isEqualTo("application/zip");
    assertThat(o.get("G").bytes()).isEqualTo(gz);
    assertThat(o.get("G").fileName()).isEqualTo("report.xml.gz");
    assertThat(o.get("G").mediaType()).isEqualTo("application/gzip");
    assertThat(o.get("E").bytes()).isEqualTo(attached); // the attachment, not the message
    assertThat(o.get("E").fileName()).isEqualTo("example.net!example.com!E.zip"); // no path
    assertThat(o.get("E").size()).isEqualTo(attached.length);
  }

  @Test
  void ingest_again_duplicatesKeepNoSecondCopy() throws Exception {
    ingest(IngestOptions.defaults());
    Files.write(dir.resolve("in").resolve("again.zip"), zip); // same report, another file
    inputs = List.of(dir.resolve("in").resolve("again.zip"));

    IngestSummary s = ingest(IngestOptions.defaults());

    assertThat(s.duplicates()).isEqualTo(1);
    assertThat(originals()).hasSize(3);
  }

  @Test
  void ingest_overTheLimit_keepsTheSizeOnly() throws Exception {
    ingest(IngestOptions.defaults().withOriginalCopyBytes(gz.length));

    Map<String, Row> o = originals();
    assertThat(o.get("G").bytes()).isEqualTo(gz); // exactly at the limit: kept
    assertThat(o.get("Z").bytes()).isNull();
    assertThat(o.get("Z").size()).isEqualTo(zip.length);
  }

  @Test
  void ingest_withoutOriginals_keepsNone() throws Exception {
    IngestSummary s = ingest(IngestOptions.defaults().withOriginalCopyBytes(0));

    assertThat(s.reportsStored()).isEqualTo(3);
    assertThat(originals()).isEmpty();
  }

  @Test
  void ingest_plainXml_heldGzippedAndGivenBackByteForByte() throws Exception {
    byte[] xml = utf8(report("X", 20, 3));
    inputs = List.of(Files.write(dir.resolve("in").resolve("report.xml"), xml));

    ingest(IngestOptions.defaults());

    Object[] held =
        store.read(
            c -> {
              try (PreparedStatement ps =
                      c.prepareStatement(
                          "SELECT octet_length(o.bytes), o.stored_as, o.size, o.report_pk"
                              + " FROM report_original o JOIN aggregate_report r"
                              + " ON o.report_pk = r.id WHERE r.report_id = 'X'");
                  ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Object[] {rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4)};
              }
            });
    assertThat(held[1]).isEqualTo("gzip");
    assertThat(held[2]).isEqualTo((long) xml.length);
    assertThat((long) held[0]).isLessThan(xml.length / 4L);
    ReportOriginal back = store.findOriginal((long) held[3]).orElseThrow();
    assertThat(back.bytes()).isEqualTo(xml);
    assertThat(back.gzipped()).isFalse();
    assertThat(back.mediaType()).isEqualTo("application/xml");
    assertThat(back.fileName()).isEqualTo("report.xml");
  }
}
