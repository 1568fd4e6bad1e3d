// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.net.InetAddresses;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.dmarcpilot.app.store.StoreResult;
import org.dmarcpilot.app.store.TestReports;
import org.dmarcpilot.app.web.WebApplication;
import org.dmarcpilot.app.web.testing.Browserless;
import org.dmarcpilot.app.web.testing.StoreWebApp;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.DispositionType;
import org.dmarcpilot.report.aggregate.DkimAuthResult;
import org.dmarcpilot.report.aggregate.DkimResultType;
import org.dmarcpilot.report.aggregate.DmarcResultType;
import org.dmarcpilot.report.aggregate.Identifiers;
import org.dmarcpilot.report.aggregate.PolicyEvaluated;
import org.dmarcpilot.report.aggregate.PolicyOverrideReason;
import org.dmarcpilot.report.aggregate.PolicyOverrideType;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.dmarcpilot.report.aggregate.ReportMetadata;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.dmarcpilot.report.aggregate.ReportSchema;
import org.dmarcpilot.report.aggregate.SpfAuthResult;
import org.dmarcpilot.report.aggregate.SpfDomainScope;
import org.dmarcpilot.report.aggregate.SpfResultType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST export ({@code /api/v1/records/export}) and {@code dmarcpilot export} of one store give
 * the same document: the same keys, the same arrays of DKIM, SPF and override results with the
 * reporters' text, the same CSV columns, hostile text included, byte for byte and in the same order
 * as the records list: the reports stored last first, each report's records in their order in the
 * report. Run on each engine by a subclass.
 */
abstract class ExportAgreementContract {
  /** Hostile text: quotes, a backslash, a line break, a tab, non-ASCII, markup. */
  static final String HOSTILE =
      "Q \"quoted\", back\\slash\nline\ttab \u00fcml\u00e4ut \u2603 </script>";

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-07-01T12:00:00Z"), ZoneOffset.UTC);

  /** A store of the engine under test, and the CLI arguments that open it. */
  record Engine(StoreConfig config, List<String> cliArgs, AutoCloseable cleanup) {}

  /** A fresh, empty store of the engine under test; {@code dir} is the CLI's data directory. */
  abstract Engine create(Path dir) throws Exception;

  @Test
  void restExport_equalsTheCliExport_jsonAndCsv(@TempDir Path dir) throws Exception {
    Engine engine = create(dir);
    try (AutoCloseable cleanup = engine.cleanup()) {
      String all = "/api/v1/records/export?from=2024-04-01&to=2024-06-30";
      String oneDomain =
          "/api/v1/records/export?from=2024-04-01&to=2024-06-30&domain=hostile.example";
      byte[] restAllJson;
      byte[] restAllCsv;
      byte[] restOneJson;
      byte[] restOneCsv;
      JsonNode listed;
      ObjectMapper json = new ObjectMapper();
      try (ReportStore store = ReportStores.open(engine.config())) {
        for (StoreResult r :
            store.storeAll(
                Stream.of(
                        TestReports.simple("g.example", "1", "example.org", 0, 3),
                        hostile(),
                        TestReports.full(),
                        TestReports.simple("=cmd()", "2", "example.net", 5, 2))
                    .map(TestReports::incoming)
                    .toList())) {
          assertThat(r.stored()).as(r.toString()).isTrue();
        }
        try (StoreWebApp web = StoreWebApp.start(store, CLOCK)) {
          WebApplication app = web.app();
          Browserless b = new Browserless(app.uri());
          b.login("admin", app.initialPassword().orElseThrow());
          restAllJson = body(b, all + "&format=json", "application/json");
          restAllCsv = body(b, all + "&format=csv", "text/csv");
          restOneJson = body(b, oneDomain + "&format=json", "application/json");
          restOneCsv = body(b, oneDomain + "&format=csv", "text/csv");
          listed =
              json.readTree(
                      body(
                          b,
                          "/api/v1/records?from=2024-04-01&to=2024-06-30&size=500",
                          "application/json"))
                  .get("items");
        }
      }

      Path cliAllJson = cli(engine, dir, "all.json", "--format", "json");
      Path cliAllCsv = cli(engine, dir, "all.csv", "--format", "csv");
      Path cliOneJson =
          cli(engine, dir, "one.json", "--format", "json", "--domain", "hostile.example");
      Path cliOneCsv =
          cli(engine, dir, "one.csv", "--format", "csv", "--domain", "hostile.example");

      // the same bytes in the same order: the reports stored last first, each report's records in
      // their order in the report (the records list's order)
      assertThat(new String(restAllJson, StandardCharsets.UTF_8))
          .isEqualTo(Files.readString(cliAllJson, StandardCharsets.UTF_8));
      assertThat(new String(restAllCsv, StandardCharsets.UTF_8))
          .isEqualTo(Files.readString(cliAllCsv, StandardCharsets.UTF_8));
      assertThat(new String(restOneJson, StandardCharsets.UTF_8))
          .isEqualTo(Files.readString(cliOneJson, StandardCharsets.UTF_8));
      assertThat(new String(restOneCsv, StandardCharsets.UTF_8))
          .isEqualTo(Files.readString(cliOneCsv, StandardCharsets.UTF_8));

      JsonNode exported = json.readTree(cliAllJson.toFile());
      assertThat(exported).hasSize(3 + 3 + 2 + 2);
      List<String> exportOrder = new ArrayList<>();
      exported.forEach(
          n ->
              exportOrder.add(
                  n.get("report_pk").asLong()
                      + " "
                      + n.get("source_ip").asText()
                      + " "
                      + n.get("message_count").asLong()));
      List<String> listOrder = new ArrayList<>();
      listed.forEach(
          n ->
              listOrder.add(
                  n.get("reportPk").asLong()
                      + " "
                      + n.get("sourceIp").asText()
                      + " "
                      + n.get("count").asLong()));
      assertThat(exportOrder).as("the export's order is the records list's").isEqualTo(listOrder);
      List<Long> reports = new ArrayList<>();
      exported.forEach(n -> reports.add(n.get("report_pk").asLong()));
      assertThat(reports)
          .as("the reports stored last first")
          .isSortedAccordingTo(Comparator.reverseOrder());
      assertThat(exportOrder.subList(0, 2))
          .as("the last report's records in their order")
          .containsExactly(reports.get(0) + " 192.0.2.1 1", reports.get(0) + " 192.0.2.2 2");

      JsonNode one = json.readTree(restOneJson);
      assertThat(one).hasSize(3);
      JsonNode first = one.get(0);
      assertThat(first.get("org_name").asText()).isEqualTo("Rep " + HOSTILE);
      assertThat(first.get("report_id").asText()).isEqualTo("id " + HOSTILE);
      assertThat(first.get("envelope_to").asText()).isEqualTo("to.example");
      assertThat(first.get("dkim")).hasSize(3);
      assertThat(first.get("dkim").get(1).get("selector").asText()).isEqualTo("s\u00e9l");
      assertThat(first.get("dkim").get(2).get("human_result").asText()).isEqualTo(HOSTILE);
      assertThat(first.get("spf")).hasSize(2);
      assertThat(first.get("spf").get(1).get("scope").asText()).isEqualTo("helo");
      assertThat(first.get("spf").get(0).get("human_result").asText()).isEqualTo(HOSTILE);
      assertThat(first.get("overrides").get(0).get("comment").asText()).isEqualTo(HOSTILE);
      assertThat(first.get("overrides").get(1).get("comment").isNull()).isTrue();
      assertThat(one.get(2).get("dkim")).isEmpty();
      assertThat(new String(restOneCsv, StandardCharsets.UTF_8))
          .startsWith(String.join(",", org.dmarcpilot.app.store.ExportWriter.COLUMNS) + "\r\n");
    }
  }

  private static byte[] body(Browserless b, String path, String contentType) throws Exception {
    HttpResponse<byte[]> r = b.getBytes(path);
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith(contentType);
    return r.body();
  }

  /** Runs {@code dmarcpilot export} on the engine's store into a file of {@code dir}. */
  private static Path cli(Engine engine, Path dir, String name, String... args) {
    Path out = dir.resolve(name);
    List<String> line = new ArrayList<>(List.of("export"));
    line.addAll(engine.cliArgs());
    line.addAll(List.of(args));
    line.addAll(List.of("-o", out.toString()));
    StringWriter err = new StringWriter();
    int code =
        Main.commandLine().setErr(new PrintWriter(err, true)).execute(line.toArray(String[]::new));
    assertThat(code).as(err.toString()).isZero();
    return out;
  }

  /**
   * A report of hostile text in every free-text field, its first record with three DKIM results,
   * two SPF results and two override reasons.
   */
  static AggregateReport hostile() {
    Instant begin = Instant.parse("2024-06-10T00:00:00Z");
    ReportRecord many =
        new ReportRecord(
            InetAddresses.forString("2001:db8::7"),
            12,
            new PolicyEvaluated(
                DispositionType.QUARANTINE,
                DmarcResultType.FAIL,
                DmarcResultType.PASS,
                List.of(
                    new PolicyOverrideReason(PolicyOverrideType.FORWARDED, HOSTILE),
                    new PolicyOverrideReason(PolicyOverrideType.OTHER, null))),
            new Identifiers("hostile.example", "bounce.hostile.example", "to.example"),
            List.of(
                new DkimAuthResult("hostile.example", "s1", DkimResultType.PASS, null),
                new DkimAuthResult("esp.example", "s\u00e9l", DkimResultType.FAIL, "\"bad\""),
                new DkimAuthResult("third.example", null, DkimResultType.TEMPERROR, HOSTILE)),
            List.of(
                new SpfAuthResult(
                    "bounce.hostile.example", SpfDomainScope.MFROM, SpfResultType.PASS, HOSTILE),
                new SpfAuthResult(
                    "helo.example", SpfDomainScope.HELO, SpfResultType.SOFTFAIL, null)),
            List.of());
    ReportRecord plain =
        new ReportRecord(
            InetAddresses.forString("192.0.2.9"),
            1,
            new PolicyEvaluated(DispositionType.NONE, DmarcResultType.PASS, null, List.of()),
            new Identifiers("hostile.example", null, null),
            List.of(new DkimAuthResult("hostile.example", "s1", DkimResultType.PASS, "ok")),
            List.of(),
            List.of());
    ReportRecord bare =
        new ReportRecord(
            InetAddresses.forString("198.51.100.1"),
            3,
            new PolicyEvaluated(
                DispositionType.REJECT, DmarcResultType.FAIL, DmarcResultType.FAIL, List.of()),
            new Identifiers("-sub.hostile.example", "", null),
            List.of(),
            List.of(new SpfAuthResult("x.example", null, SpfResultType.FAIL, "")),
            List.of());
    return new AggregateReport(
        "1.0",
        ReportSchema.RFC9990,
        new ReportMetadata(
            "Rep " + HOSTILE,
            "dmarc@reporter.example",
            null,
            "id " + HOSTILE,
            begin,
            begin.plusSeconds(86_399),
            List.of(),
            null),
        new PolicyPublished(
            "hostile.example", Policy.QUARANTINE, null, null, null, null, null, null, null, null),
        List.of(many, plain, bare),
        List.of(),
        List.of());
  }
}
