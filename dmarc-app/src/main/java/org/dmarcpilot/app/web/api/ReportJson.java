// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

import com.google.common.net.InetAddresses;
import java.util.List;
import java.util.Locale;
import org.dmarcpilot.app.web.data.Page;
import org.dmarcpilot.app.web.data.ReportDetail;
import org.dmarcpilot.app.web.data.StoredReport;
import org.dmarcpilot.report.ReportIssue;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.DkimAuthResult;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.dmarcpilot.report.aggregate.SpfAuthResult;
import org.jspecify.annotations.Nullable;

/**
 * One report with one page of its records.
 *
 * @param summary what the list shows (its counts are over all records)
 * @param origin where it came from
 * @param schema which schema it followed
 * @param policy the policy published
 * @param records this page of its rows, in report order
 * @param recordsPage which page of the rows this is
 * @param issues what was repaired or skipped while reading it
 */
public record ReportJson(
    ReportSummaryJson summary,
    String origin,
    String schema,
    PolicyJson policy,
    List<RecordJson> records,
    RecordsPageJson recordsPage,
    List<String> issues) {

  /**
   * Which page of a report's records a document holds.
   *
   * @param page the page, from 1
   * @param size records per page
   * @param total the report's records
   * @param pages the number of pages
   */
  public record RecordsPageJson(int page, int size, long total, long pages) {}

  /**
   * The published policy as reported.
   *
   * @param domain the policy domain
   * @param p policy
   * @param sp subdomain policy
   * @param np non-existent subdomain policy
   * @param adkim DKIM alignment mode
   * @param aspf SPF alignment mode
   * @param pct percentage (RFC 7489)
   * @param testing t= (RFC 9989)
   */
  public record PolicyJson(
      String domain,
      String p,
      String sp,
      String np,
      String adkim,
      String aspf,
      @Nullable Integer pct,
      @Nullable Boolean testing) {}

  /**
   * One record.
   *
   * @param sourceIp the sending address
   * @param count messages
   * @param disposition what the receiver did
   * @param dkim DKIM as evaluated for DMARC
   * @param spf SPF as evaluated for DMARC
   * @param headerFrom the From domain
   * @param envelopeFrom the envelope sender domain
   * @param dkimResults DKIM results as "domain selector result"
   * @param spfResults SPF results as "domain scope result"
   */
  public record RecordJson(
      String sourceIp,
      long count,
      String disposition,
      @Nullable String dkim,
      @Nullable String spf,
      String headerFrom,
      @Nullable String envelopeFrom,
      List<String> dkimResults,
      List<String> spfResults) {}

  static ReportJson of(ReportDetail d) {
    StoredReport s = d.stored();
    Page<ReportRecord> page = d.records();
    AggregateReport r = s.report();
    PolicyPublished pp = r.policyPublished();
    return new ReportJson(
        ReportSummaryJson.of(s.summary()),
        s.origin(),
        r.schema().name().toLowerCase(Locale.ROOT),
        new PolicyJson(
            pp.domain(),
            word(pp.effectiveP()),
            word(pp.effectiveSp()),
            word(pp.effectiveNp()),
            word(pp.effectiveAdkim()),
            word(pp.effectiveAspf()),
            pp.pct(),
            pp.testing()),
        page.items().stream().map(ReportJson::record).toList(),
        new RecordsPageJson(
            page.request().page(), page.request().size(), page.total(), page.pages()),
        r.issues().stream().map(ReportIssue::toString).toList());
  }

  private static RecordJson record(ReportRecord rec) {
    return new RecordJson(
        InetAddresses.toAddrString(rec.sourceIp()),
        rec.count(),
        word(rec.policyEvaluated().disposition()),
        rec.policyEvaluated().dkim() == null ? null : word(rec.policyEvaluated().dkim()),
        rec.policyEvaluated().spf() == null ? null : word(rec.policyEvaluated().spf()),
        rec.identifiers().headerFrom(),
        rec.identifiers().envelopeFrom(),
        rec.dkim().stream().map(ReportJson::dkim).toList(),
        rec.spf().stream().map(ReportJson::spf).toList());
  }

  private static String dkim(DkimAuthResult d) {
    return d.domain() + " " + (d.selector() == null ? "-" : d.selector()) + " " + word(d.result());
  }

  private static String spf(SpfAuthResult s) {
    return s.domain() + " " + (s.scope() == null ? "-" : word(s.scope())) + " " + word(s.result());
  }

  /** An enum constant as the lower-case word of the XML. */
  static String word(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
