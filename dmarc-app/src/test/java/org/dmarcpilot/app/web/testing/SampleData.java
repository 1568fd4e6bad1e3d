// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.dmarcpilot.app.store.ExportRow;
import org.dmarcpilot.app.web.data.DailyTraffic;
import org.dmarcpilot.app.web.data.DateRange;
import org.dmarcpilot.app.web.data.DomainTraffic;
import org.dmarcpilot.app.web.data.IngestionLog;
import org.dmarcpilot.app.web.data.OriginalInfo;
import org.dmarcpilot.app.web.data.OriginalPayload;
import org.dmarcpilot.app.web.data.Page;
import org.dmarcpilot.app.web.data.PageRequest;
import org.dmarcpilot.app.web.data.RecordFilter;
import org.dmarcpilot.app.web.data.RecordQueries;
import org.dmarcpilot.app.web.data.RecordRow;
import org.dmarcpilot.app.web.data.RecordTotals;
import org.dmarcpilot.app.web.data.ReportCatalog;
import org.dmarcpilot.app.web.data.ReportDetail;
import org.dmarcpilot.app.web.data.ReportFilter;
import org.dmarcpilot.app.web.data.ReportSummary;
import org.dmarcpilot.app.web.data.ReportUploads;
import org.dmarcpilot.app.web.data.StoredReport;
import org.dmarcpilot.app.web.data.TrafficQueries;
import org.dmarcpilot.app.web.data.UploadResult;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.ReportIssue;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.DispositionType;
import org.dmarcpilot.report.aggregate.DkimAuthResult;
import org.dmarcpilot.report.aggregate.DkimResultType;
import org.dmarcpilot.report.aggregate.DmarcResultType;
import org.dmarcpilot.report.aggregate.Identifiers;
import org.dmarcpilot.report.aggregate.PolicyEvaluated;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.dmarcpilot.report.aggregate.ReportMetadata;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.dmarcpilot.report.aggregate.ReportSchema;
import org.dmarcpilot.report.aggregate.SpfAuthResult;
import org.dmarcpilot.report.aggregate.SpfDomainScope;
import org.dmarcpilot.report.aggregate.SpfResultType;
import org.jspecify.annotations.Nullable;

/**
 * Test data for the web tier: a list of reports held in memory, and the three read/write ports the
 * web needs computed over it in the simplest way (a report counts on its first day). Tests use it
 * until the store is merged; the web's own code never sees this class.
 */
public final class SampleData
    implements ReportCatalog, TrafficQueries, ReportUploads, RecordQueries, IngestionLog {
  /** The org_name of the hostile report: markup that must show as text. */
  public static final String HOSTILE_ORG =
      "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">Evil";

  private final List<StoredReport> reports = new CopyOnWriteArrayList<>();
  private final Map<Long, byte[]> originals = new java.util.concurrent.ConcurrentHashMap<>();
  private final Clock clock;

  private volatile Runnable onChange = () -> {};

  /** Runs {@code r} after each report added (the analysis forgets what it computed). */
  public void onChange(Runnable r) {
    onChange = r;
  }

  /**
   * The rows of a domain's reports beginning on a day of {@code [from, to]}: the analysis' {@link
   * org.dmarcpilot.app.analysis.DomainAnalyses.Rows} over this data.
   */
  public void rows(
      String domain,
      LocalDate from,
      LocalDate to,
      org.dmarcpilot.app.analysis.DomainAnalyses.RowSink sink) {
    for (StoredReport sr : reports) {
      AggregateReport r = sr.report();
      LocalDate day = LocalDate.ofInstant(r.metadata().begin(), ZoneOffset.UTC);
      if (r.policyPublished().domain().equals(domain) && !day.isBefore(from) && !day.isAfter(to)) {
        for (ReportRecord row : r.records()) {
          sink.row(
              r.metadata().orgName(),
              r.metadata().begin(),
              r.metadata().end(),
              r.policyPublished(),
              row);
        }
      }
    }
  }

  /** Empty data. */
  public SampleData(Clock clock) {
    this.clock = clock;
  }

  /** Data with reports for three domains over the last 20 days, and one hostile report. */
  public static SampleData standard(Clock clock) {
    SampleData d = new SampleData(clock);
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    for (int i = 0; i < 20; i++) {
      LocalDate day = today.minusDays(i);
      d.add("google.com", "example.com", Policy.QUARANTINE, day, 1000 + 10 * i, 12 + i % 5);
      d.add("Outlook.com", "example.com", Policy.QUARANTINE, day, 400, 40);
      d.add("Yahoo", "example.net", Policy.NONE, day, 150 + i, 90);
      if (i % 4 == 0) {
        d.add("google.com", "shop.example.org", Policy.REJECT, day, 80, 0);
      }
    }
    d.add(HOSTILE_ORG, "example.net", Policy.NONE, today.minusDays(1), 3, 3);
    return d;
  }

  /** Adds a report with one passing and one failing record. */
  public synchronized long add(
      String org, String domain, Policy p, LocalDate day, long pass, long fail) {
    Instant begin = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant end = begin.plusSeconds(86399);
    String reportId = org.replaceAll("[^A-Za-z0-9]", "") + "-" + domain + "-" + day;
    List<ReportRecord> records = new ArrayList<>();
    records.add(record("192.0.2.10", pass, true, domain));
    if (fail > 0) {
      records.add(record("198.51.100.7", fail, false, domain));
    }
    AggregateReport r =
        new AggregateReport(
            "1.0",
            ReportSchema.NONE,
            new ReportMetadata(
                org,
                "noreply-dmarc@" + "reporter.example",
                null,
                reportId,
                begin,
                end,
                List.of(),
                null),
            new PolicyPublished(domain, p, null, null, null, null, null, null, null, null),
            records,
            List.of(),
            fail > 50 ? List.of(ReportIssue.of("upper-case result word repaired")) : List.of());
    long id = reports.size() + 1L;
    long messages = r.messageCount();
    ReportSummary s =
        new ReportSummary(
            id,
            org,
            reportId,
            domain,
            begin,
            end,
            records.size(),
            messages,
            pass,
            r.issues().size(),
            clock.instant());
    reports.add(new StoredReport(s, r, "test data"));
    onChange.run();
    originals.put(
        id, ("<feedback><!-- " + reportId + " --></feedback>").getBytes(StandardCharsets.UTF_8));
    return id;
  }

  private static ReportRecord record(String ip, long count, boolean pass, String domain) {
    try {
      return new ReportRecord(
          InetAddress.getByName(ip),
          count,
          new PolicyEvaluated(
              pass ? DispositionType.NONE : DispositionType.NONE,
              pass ? DmarcResultType.PASS : DmarcResultType.FAIL,
              pass ? DmarcResultType.PASS : DmarcResultType.FAIL,
              List.of()),
          new Identifiers(domain, pass ? domain : "spoof.example", null),
          List.of(
              new DkimAuthResult(
                  pass ? domain : "spoof.example",
                  "s1",
                  pass ? DkimResultType.PASS : DkimResultType.FAIL,
                  null)),
          List.of(
              new SpfAuthResult(
                  pass ? domain : "spoof.example",
                  SpfDomainScope.MFROM,
                  pass ? SpfResultType.PASS : SpfResultType.SOFTFAIL,
                  null)),
          List.of());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static LocalDate day(StoredReport r) {
    return LocalDate.ofInstant(r.summary().begin(), ZoneOffset.UTC);
  }

  private static boolean in(StoredReport r, DateRange range) {
    LocalDate d = day(r);
    return !d.isBefore(range.from()) && !d.isAfter(range.to());
  }

  @Override
  public Page<ReportSummary> reports(ReportFilter f, PageRequest page) {
    List<ReportSummary> all = new ArrayList<>();
    for (StoredReport r : reports) {
      if (in(r, f.range())
          && (f.domain() == null || f.domain().equals(r.summary().domain()))
          && (f.reporter() == null || f.reporter().equals(r.summary().orgName()))) {
        all.add(r.summary());
      }
    }
    all.sort(
        (a, b) ->
            b.begin().compareTo(a.begin()) != 0
                ? b.begin().compareTo(a.begin())
                : Long.compare(b.id(), a.id()));
    int from = (int) Math.min(all.size(), page.offset());
    int to = Math.min(all.size(), from + page.size());
    return new Page<>(all.subList(from, to), all.size(), page);
  }

  @Override
  public Optional<StoredReport> report(long id) {
    return reports.stream().filter(r -> r.summary().id() == id).findFirst();
  }

  @Override
  public Optional<ReportDetail> report(long id, PageRequest records) {
    return report(id).map(s -> SampleTotals.detail(s, records));
  }

  @Override
  public Optional<OriginalPayload> original(long id) {
    byte[] b = originals.get(id);
    return b == null
        ? Optional.empty()
        : Optional.of(new OriginalPayload("report-" + id + ".xml", "application/xml", b));
  }

  @Override
  public Optional<OriginalInfo> originalInfo(long id) {
    byte[] b = originals.get(id);
    return b == null
        ? Optional.empty()
        : Optional.of(new OriginalInfo("report-" + id + ".xml", "application/xml", b.length, true));
  }

  @Override
  public List<String> domains() {
    TreeSet<String> s = new TreeSet<>();
    reports.forEach(r -> s.add(r.summary().domain()));
    return List.copyOf(s);
  }

  @Override
  public List<String> reporters() {
    TreeSet<String> s = new TreeSet<>();
    reports.forEach(r -> s.add(r.summary().orgName()));
    return List.copyOf(s);
  }

  @Override
  public List<DomainTraffic> domains(DateRange range) {
    Map<String, long[]> sums = new TreeMap<>();
    Map<String, long[]> daily = new TreeMap<>();
    Map<String, String> policy = new TreeMap<>();
    for (StoredReport r : reports) {
      if (!in(r, range)) {
        continue;
      }
      String d = r.summary().domain();
      long[] s = sums.computeIfAbsent(d, k -> new long[4]);
      long[] days = daily.computeIfAbsent(d, k -> new long[range.days()]);
      for (ReportRecord rec : r.report().records()) {
        s[0] += rec.count();
        if (rec.policyEvaluated().dmarcPass()) {
          s[1] += rec.count();
        }
        if (rec.policyEvaluated().dkim() == DmarcResultType.PASS) {
          s[2] += rec.count();
        }
        if (rec.policyEvaluated().spf() == DmarcResultType.PASS) {
          s[3] += rec.count();
        }
        days[(int) (day(r).toEpochDay() - range.from().toEpochDay())] += rec.count();
      }
      policy.put(
          d, r.report().policyPublished().effectiveP().name().toLowerCase(java.util.Locale.ROOT));
    }
    List<DomainTraffic> out = new ArrayList<>();
    for (Map.Entry<String, long[]> e : sums.entrySet()) {
      long[] s = e.getValue();
      List<Long> days = new ArrayList<>();
      for (long v : daily.get(e.getKey())) {
        days.add(v);
      }
      out.add(new DomainTraffic(e.getKey(), s[0], s[1], s[2], s[3], policy.get(e.getKey()), days));
    }
    return out;
  }

  @Override
  public List<DailyTraffic> daily(String domain, DateRange range) {
    List<DailyTraffic> out = new ArrayList<>();
    for (LocalDate d = range.from(); !d.isAfter(range.to()); d = d.plusDays(1)) {
      long m = 0;
      long p = 0;
      long k = 0;
      long s = 0;
      for (StoredReport r : reports) {
        if (!r.summary().domain().equals(domain) || !day(r).equals(d)) {
          continue;
        }
        for (ReportRecord rec : r.report().records()) {
          m += rec.count();
          p += rec.policyEvaluated().dmarcPass() ? rec.count() : 0;
          k += rec.policyEvaluated().dkim() == DmarcResultType.PASS ? rec.count() : 0;
          s += rec.policyEvaluated().spf() == DmarcResultType.PASS ? rec.count() : 0;
        }
      }
      out.add(
          new DailyTraffic(
              d, m, p, k, s, m == 0 ? Map.of() : Map.of("aligned", p, "spoofing", m - p)));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Test upload through the real report reader (core): each report read is added with the uploaded
   * bytes as its original; a file with no readable report is rejected with the reader's reason.
   */
  @Override
  public UploadResult upload(String filename, byte[] content) {
    List<AggregateReport> read = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try {
      new org.dmarcpilot.report.aggregate.ReportReader()
          .read(
              new java.io.ByteArrayInputStream(content),
              filename,
              new org.dmarcpilot.report.aggregate.ReportHandler() {
                @Override
                public void report(org.dmarcpilot.report.aggregate.ExtractedReport r) {
                  read.add(r.report());
                }

                @Override
                public void failure(org.dmarcpilot.report.PayloadFailure f) {
                  problems.add(f.error().getMessage());
                }
              });
    } catch (java.io.IOException e) {
      problems.add(e.getMessage());
    }
    if (read.isEmpty()) {
      return new UploadResult(
          filename,
          UploadResult.Status.REJECTED,
          List.of(),
          0,
          problems.isEmpty() ? "no aggregate report found" : String.join("; ", problems));
    }
    List<Long> ids = new ArrayList<>();
    long records = 0;
    for (AggregateReport r : read) {
      ids.add(store(r, content));
      records += r.records().size();
    }
    return new UploadResult(
        filename, UploadResult.Status.STORED, ids, records, read.size() + " report(s) stored");
  }

  private synchronized long store(AggregateReport r, byte[] original) {
    long id = reports.size() + 1L;
    long pass = 0;
    for (ReportRecord rec : r.records()) {
      pass += rec.policyEvaluated().dmarcPass() ? rec.count() : 0;
    }
    ReportSummary s =
        new ReportSummary(
            id,
            r.metadata().orgName(),
            r.metadata().reportId(),
            r.policyPublished().domain(),
            r.metadata().begin(),
            r.metadata().end(),
            r.records().size(),
            r.messageCount(),
            pass,
            r.issues().size(),
            clock.instant());
    reports.add(new StoredReport(s, r, "upload"));
    onChange.run();
    originals.put(id, original);
    return id;
  }

  /** A report of today as RFC 9990 XML, from the real writer, for upload tests. */
  public String reportXml(String orgName, String reportId) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    Instant begin = today.atStartOfDay(ZoneOffset.UTC).toInstant();
    AggregateReport r =
        new AggregateReport(
            "1.0",
            ReportSchema.RFC9990,
            new ReportMetadata(
                orgName,
                "dmarc@reporter.example",
                null,
                reportId,
                begin,
                begin.plusSeconds(86399),
                List.of(),
                null),
            new PolicyPublished(
                "example.com", Policy.QUARANTINE, null, null, null, null, null, null, null, null),
            List.of(
                record("192.0.2.10", 7, true, "example.com"),
                record("198.51.100.7", 1, false, "example.com")),
            List.of(),
            List.of());
    return new org.dmarcpilot.report.aggregate.AggregateReportWriter().toXml(r);
  }

  /** A record with its report. */
  private record Match(StoredReport report, ReportRecord record) {}

  private List<Match> matching(RecordFilter f) {
    List<StoredReport> sorted = new ArrayList<>(reports);
    sorted.sort((a, b) -> Long.compare(b.summary().id(), a.summary().id()));
    List<Match> out = new ArrayList<>();
    for (StoredReport r : sorted) {
      if (!in(r, f.range()) || (f.domain() != null && !f.domain().equals(r.summary().domain()))) {
        continue;
      }
      for (ReportRecord rec : r.report().records()) {
        if (f.sourceIp() == null || f.sourceIp().equals(rec.sourceIp().getHostAddress())) {
          out.add(new Match(r, rec));
        }
      }
    }
    return out;
  }

  private static @Nullable String token(@Nullable Enum<?> e) {
    return e == null ? null : e.name().toLowerCase(Locale.ROOT);
  }

  private static RecordRow row(Match m) {
    ExportRow e = exportRow(m);
    return new RecordRow(
        e.reportPk(),
        e.orgName(),
        e.reportId(),
        e.policyDomain(),
        e.begin(),
        e.end(),
        e.sourceIp(),
        e.messageCount(),
        e.disposition(),
        e.dkimAligned(),
        e.spfAligned(),
        e.headerFrom(),
        e.envelopeFrom(),
        "",
        "",
        "");
  }

  private static ExportRow exportRow(Match m) {
    ReportRecord rec = m.record();
    ReportSummary s = m.report().summary();
    return new ExportRow(
        s.id(),
        s.orgName(),
        s.reportId(),
        s.domain(),
        s.begin(),
        s.end(),
        token(m.report().report().policyPublished().p()),
        rec.sourceIp().getHostAddress(),
        rec.count(),
        token(rec.policyEvaluated().disposition()),
        token(rec.policyEvaluated().dkim()),
        token(rec.policyEvaluated().spf()),
        rec.identifiers().headerFrom(),
        rec.identifiers().envelopeFrom(),
        rec.identifiers().envelopeTo(),
        rec.dkim().stream()
            .map(
                d ->
                    new ExportRow.Dkim(
                        d.domain(), d.selector(), d.result().token(), d.humanResult()))
            .toList(),
        rec.spf().stream()
            .map(
                x ->
                    new ExportRow.Spf(
                        x.domain(),
                        x.scope() == null ? null : x.scope().token(),
                        x.result().token(),
                        x.humanResult()))
            .toList(),
        rec.policyEvaluated().reasons().stream()
            .map(o -> new ExportRow.Reason(o.type().token(), o.comment()))
            .toList());
  }

  @Override
  public Page<RecordRow> records(RecordFilter filter, PageRequest page) {
    List<RecordRow> all = matching(filter).stream().map(SampleData::row).toList();
    int from = (int) Math.min(all.size(), page.offset());
    int to = Math.min(all.size(), from + page.size());
    return new Page<>(all.subList(from, to), all.size(), page);
  }

  @Override
  public RecordTotals totals(RecordFilter filter) {
    return SampleTotals.of(matching(filter).stream().map(SampleData::row).toList());
  }

  @Override
  public long export(RecordFilter filter, Consumer<ExportRow> sink) {
    List<Match> all = matching(filter);
    all.forEach(m -> sink.accept(exportRow(m)));
    return all.size();
  }

  /** The reason of the sample failure: markup that must show as text. */
  public static final String HOSTILE_REASON = "not XML: <b onmouseover=alert(1)>bold</b>";

  @Override
  public List<SourceActivity> sources() {
    return List.of(new SourceActivity("upload", 3, reports.size(), 1, clock.instant()));
  }

  @Override
  public List<Input> recentInputs(int limit) {
    return List.of(new Input("upload", "first.xml", 1, 0, clock.instant()));
  }

  @Override
  public List<Failure> failures(int limit) {
    return List.of(new Failure(7, clock.instant(), HOSTILE_REASON, "upload junk.txt", 12, false));
  }

  @Override
  public Optional<OriginalPayload> failureOriginal(long id) {
    return id == 7
        ? Optional.of(
            new OriginalPayload(
                "failed-7.bin",
                "application/octet-stream",
                "junk content".getBytes(StandardCharsets.UTF_8)))
        : Optional.empty();
  }
}
