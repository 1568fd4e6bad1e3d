// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.testing.ReportFixtures.gzip;
import static org.dmarcpilot.testing.ReportFixtures.report;
import static org.dmarcpilot.testing.ReportFixtures.utf8;
import static org.dmarcpilot.testing.ReportFixtures.zip;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dmarcpilot.app.ingest.IngestOptions;
import org.dmarcpilot.app.store.IngestFailure;
import org.dmarcpilot.app.store.SourceKind;
import org.dmarcpilot.app.store.StoreTotals;
import org.dmarcpilot.app.store.StoredReport;
import org.dmarcpilot.app.web.data.IngestionLog;
import org.dmarcpilot.app.web.data.UploadResult;
import org.dmarcpilot.app.web.http.Views;
import org.dmarcpilot.app.web.page.Chrome;
import org.dmarcpilot.app.web.page.IngestionPage.IngestionView;
import org.dmarcpilot.app.web.page.UploadPage.UploadView;
import org.dmarcpilot.app.web.sql.SqlIngestionLog;
import org.dmarcpilot.app.web.testing.TestStore;
import org.junit.jupiter.api.Test;

/**
 * Uploads through {@link IngestUploads} into a real store (the store's own migrations): zip, gzip
 * and plain XML stored with their totals and provenance, a second upload of the same reports
 * counted as a duplicate, bad uploads rejected with the file's name and the problem and kept in the
 * failure log (bounded), nothing partial stored, and hostile file names stored and shown safely;
 * run on each engine by a subclass.
 */
abstract class IngestUploadsContract {
  /** The largest input the tests' uploads read. */
  static final long MAX_INPUT = 256 << 10;

  /** The most bytes of a rejected upload kept in the failure log. */
  static final int FAILURE_COPY = 1024;

  /** A fresh store of the engine under test, named after {@code name}. */
  abstract TestStore open(String name) throws Exception;

  private static IngestUploads uploads(TestStore s) {
    return new IngestUploads(
        s.store(), new IngestOptions(2, 20_000, 50, 200_000, MAX_INPUT, FAILURE_COPY, 1 << 20));
  }

  @Test
  void upload_zipGzipAndXml_storedWithTheirTotalsAndProvenance() throws Exception {
    try (TestStore s = open("uploads_kinds")) {
      IngestUploads up = uploads(s);
      byte[] zip =
          zip("one.xml", utf8(report("UP-Z1", 3, 5)), "two.xml", utf8(report("UP-Z2", 2, 4)));
      byte[] gz = gzip(utf8(report("UP-G", 4, 7)));
      byte[] xml = utf8(report("UP-X", 1, 11));

      UploadResult rz = up.upload("reports.zip", zip);
      UploadResult rg = up.upload("report.xml.gz", gz);
      UploadResult rx = up.upload("report.xml", xml);

      assertThat(rz.status()).as(rz.message()).isEqualTo(UploadResult.Status.STORED);
      assertThat(rz.filename()).isEqualTo("reports.zip");
      assertThat(rz.reportIds()).hasSize(2);
      assertThat(rz.records()).isEqualTo(5);
      assertThat(rz.message()).isEqualTo("2 reports stored");
      assertThat(rg.status()).as(rg.message()).isEqualTo(UploadResult.Status.STORED);
      assertThat(rg.reportIds()).hasSize(1);
      assertThat(rg.records()).isEqualTo(4);
      assertThat(rg.message()).isEqualTo("1 report stored");
      assertThat(rx.status()).as(rx.message()).isEqualTo(UploadResult.Status.STORED);
      assertThat(rx.reportIds()).hasSize(1);
      assertThat(rx.records()).isEqualTo(1);

      Map<String, StoredReport> byId =
          Map.of(
              "UP-Z1", find(s, rz.reportIds().get(0)),
              "UP-Z2", find(s, rz.reportIds().get(1)),
              "UP-G", find(s, rg.reportIds().get(0)),
              "UP-X", find(s, rx.reportIds().get(0)));
      byId.forEach(
          (reportId, r) -> {
            assertThat(r.report().metadata().reportId()).isEqualTo(reportId);
            assertThat(r.source().kind()).isEqualTo(SourceKind.UPLOAD);
            assertThat(r.source().mailbox()).isNull();
            assertThat(r.source().messageId()).isNull();
          });
      assertThat(byId.get("UP-Z1").source().path()).isEqualTo("reports.zip");
      assertThat(byId.get("UP-Z1").source().part()).contains("one.xml");
      assertThat(byId.get("UP-Z2").source().part()).contains("two.xml");
      assertThat(byId.get("UP-G").source().path()).isEqualTo("report.xml.gz");
      assertThat(byId.get("UP-X").source().path()).isEqualTo("report.xml");
      assertThat(byId.get("UP-X").source().part()).isNull();
      assertThat(byId.get("UP-Z1").report().records()).hasSize(3);
      assertThat(byId.get("UP-Z1").report().messageCount()).isEqualTo(15);
      assertThat(byId.get("UP-G").report().messageCount()).isEqualTo(28);
      assertThat(byId.get("UP-X").report().messageCount()).isEqualTo(11);

      assertThat(s.store().totals()).isEqualTo(new StoreTotals(4, 10, 15 + 8 + 28 + 11, 0));
      assertThat(s.store().findOriginal(rg.reportIds().get(0)).orElseThrow().bytes()).isEqualTo(gz);
      IngestionLog log = new SqlIngestionLog(s.reader());
      assertThat(log.sources())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.kind()).isEqualTo("upload");
                assertThat(a.inputs()).isEqualTo(3);
                assertThat(a.reports()).isEqualTo(4);
                assertThat(a.failures()).isZero();
              });
    }
  }

  @Test
  void upload_sameReportsTwice_duplicateNotAnError_storedOnce() throws Exception {
    try (TestStore s = open("uploads_dup")) {
      IngestUploads up = uploads(s);
      byte[] zip = zip("a.xml", utf8(report("UP-D1", 3, 2)));
      UploadResult first = up.upload("batch.zip", zip);
      assertThat(first.status()).as(first.message()).isEqualTo(UploadResult.Status.STORED);
      StoreTotals once = s.store().totals();
      assertThat(once).isEqualTo(new StoreTotals(1, 3, 6, 0));

      UploadResult again = up.upload("batch.zip", zip);
      assertThat(again.status()).as(again.message()).isEqualTo(UploadResult.Status.DUPLICATE);
      assertThat(again.reportIds()).isEmpty();
      assertThat(again.records()).isZero();
      assertThat(again.message()).isEqualTo("1 report was stored before");
      // the same report in other bytes (plain XML, another name) is the same report
      UploadResult resent = up.upload("resent.xml", utf8(report("UP-D1", 3, 2)));
      assertThat(resent.status()).as(resent.message()).isEqualTo(UploadResult.Status.DUPLICATE);
      assertThat(s.store().totals()).isEqualTo(once);
      assertThat(s.store().failures(10)).isEmpty();

      // the same file name at once with one old and one new report: only the new one is listed
      byte[] more = zip("a.xml", utf8(report("UP-D1", 3, 2)), "b.xml", utf8(report("UP-D2", 1, 9)));
      UploadResult mixed = up.upload("batch.zip", more);
      assertThat(mixed.status()).as(mixed.message()).isEqualTo(UploadResult.Status.STORED);
      assertThat(mixed.message()).isEqualTo("1 report stored, 1 stored before");
      assertThat(mixed.records()).isEqualTo(1);
      assertThat(mixed.reportIds()).hasSize(1);
      assertThat(find(s, mixed.reportIds().get(0)).report().metadata().reportId())
          .isEqualTo("UP-D2");
      assertThat(s.store().totals()).isEqualTo(new StoreTotals(2, 4, 15, 0));
    }
  }

  @Test
  void upload_badFiles_rejectedNamingFileAndProblem_loggedBounded_nothingStored() throws Exception {
    try (TestStore s = open("uploads_bad")) {
      IngestUploads up = uploads(s);
      up.upload("good.xml", utf8(report("UP-OK", 2, 3)));
      StoreTotals before = s.store().totals();

      byte[] text = utf8("Hello, this is a letter, not a DMARC report.\n".repeat(40));
      byte[] bomb = zip("bomb.xml", new byte[8 << 20]); // 8 MiB of zeros, a few KiB zipped
      byte[] big = utf8(report("UP-BIG", 1200, 1));
      assertThat(big.length).isGreaterThan((int) MAX_INPUT);
      byte[] xxe =
          utf8(
              "<?xml version=\"1.0\"?>\n<!DOCTYPE feedback [<!ENTITY x SYSTEM"
                  + " \"file:///etc/passwd\">]>\n"
                  + report("UP-XXE", 1, 1)
                      .substring(report("UP-XXE", 1, 1).indexOf("<feedback>"))
                      .replace("<org_name>example.net", "<org_name>&x;"));

      Map<String, Object[]> cases =
          Map.of(
              "letter.txt", new Object[] {text, "not a report"},
              "bomb.zip", new Object[] {bomb, "ratio"},
              "big.xml", new Object[] {big, "larger than " + MAX_INPUT + " bytes"},
              "xxe.xml", new Object[] {xxe, "DTD"});
      for (Map.Entry<String, Object[]> c : cases.entrySet()) {
        String name = c.getKey();
        byte[] bytes = (byte[]) c.getValue()[0];
        String problem = (String) c.getValue()[1];
        UploadResult r = up.upload(name, bytes);
        assertThat(r.status())
            .as(name + ": " + r.message())
            .isEqualTo(UploadResult.Status.REJECTED);
        assertThat(r.filename()).isEqualTo(name);
        assertThat(r.reportIds()).isEmpty();
        assertThat(r.records()).isZero();
        assertThat(r.message()).as(name).contains(name).containsIgnoringCase(problem);
        assertThat(storedFrom(s, name)).as(name).isZero();

        IngestFailure f =
            s.store().failures(100).stream()
                .filter(x -> name.equals(x.source().path()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no failure logged for " + name));
        assertThat(f.source().kind()).isEqualTo(SourceKind.UPLOAD);
        assertThat(f.reason()).as(name).contains(name).containsIgnoringCase(problem);
        assertThat(f.original().length).as(name).isPositive().isLessThanOrEqualTo(FAILURE_COPY);
        assertThat(f.original())
            .as(name + ": the kept bytes are the upload's first bytes")
            .isEqualTo(Arrays.copyOf(bytes, f.original().length));
        assertThat(f.truncated()).as(name).isEqualTo(bytes.length > FAILURE_COPY);
        assertThat(f.originalSize()).as(name).isEqualTo(bytes.length);
      }
      StoreTotals after = s.store().totals();
      assertThat(after.reports()).isEqualTo(before.reports());
      assertThat(after.records()).isEqualTo(before.records());
      assertThat(after.messages()).isEqualTo(before.messages());
      assertThat(after.failures()).isEqualTo(before.failures() + cases.size());

      // the same bad bytes again: rejected again, logged once
      UploadResult again = up.upload("letter.txt", text);
      assertThat(again.status()).isEqualTo(UploadResult.Status.REJECTED);
      assertThat(s.store().totals().failures()).isEqualTo(after.failures());

      IngestionLog log = new SqlIngestionLog(s.reader());
      IngestionLog.Failure shown =
          log.failures(10).stream()
              .filter(x -> x.source().equals("upload big.xml"))
              .findFirst()
              .orElseThrow();
      assertThat(shown.size()).isEqualTo(big.length);
      assertThat(shown.truncated()).isTrue();
      assertThat(log.failureOriginal(shown.id()).orElseThrow().bytes())
          .isEqualTo(Arrays.copyOf(big, FAILURE_COPY));
    }
  }

  @Test
  void upload_hostileFileName_storedAsGiven_shownEscaped() throws Exception {
    try (TestStore s = open("uploads_names")) {
      IngestUploads up = uploads(s);
      String hostile =
          "q\"uo'te <script>alert(1)</script> nul\u0000 " + "long".repeat(1000) + ".xml";
      String stored = hostile.replace('\u0000', '\uFFFD');

      UploadResult ok = up.upload(hostile, utf8(report("UP-NAME", 2, 1)));
      assertThat(ok.status()).as(ok.message()).isEqualTo(UploadResult.Status.STORED);
      assertThat(ok.filename()).as("the name as stored").isEqualTo(stored);
      assertThat(ok.reportIds()).hasSize(1);
      StoredReport r = find(s, ok.reportIds().get(0));
      assertThat(r.report().metadata().reportId()).isEqualTo("UP-NAME");
      assertThat(r.source().path()).isEqualTo(stored);

      byte[] letter = utf8("not a report at all");
      UploadResult bad = up.upload(hostile + ".txt", letter);
      assertThat(bad.status()).as(bad.message()).isEqualTo(UploadResult.Status.REJECTED);
      assertThat(s.store().failures(10))
          .singleElement()
          .satisfies(f -> assertThat(f.source().path()).isEqualTo(stored + ".txt"));

      Views views = new Views();
      Chrome chrome = new Chrome("Upload", "upload", "admin", "token", null, null, List.of());
      String uploadPage =
          views.render(
              "upload.jte", Map.of("chrome", chrome, "view", new UploadView(List.of(ok, bad))));
      IngestionLog log = new SqlIngestionLog(s.reader());
      String ingestionPage =
          views.render(
              "ingestion.jte",
              Map.of(
                  "chrome",
                  chrome,
                  "view",
                  new IngestionView(
                      List.of(), log.sources(), log.recentInputs(10), log.failures(10))));
      assertThat(log.recentInputs(10).stream().map(IngestionLog.Input::name))
          .as("the inputs list the upload")
          .anyMatch(n -> n.equals("upload " + stored));
      for (String page : List.of(uploadPage, ingestionPage)) {
        assertThat(page)
            .contains("q\"uo'te &lt;script&gt;alert(1)&lt;/script&gt; nul\uFFFD long")
            .doesNotContain("<script>alert(1)")
            .doesNotContain("\u0000");
      }
    }
  }

  private static StoredReport find(TestStore s, long id) {
    return s.store().findReport(id).orElseThrow(() -> new AssertionError("no report " + id));
  }

  /** Reports stored from uploads of this name. */
  private static long storedFrom(TestStore s, String name) {
    return s.store()
        .read(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT COUNT(*) FROM aggregate_report WHERE source_kind = 'UPLOAD'"
                          + " AND source_path = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                  rs.next();
                  return rs.getLong(1);
                }
              }
            });
  }
}
