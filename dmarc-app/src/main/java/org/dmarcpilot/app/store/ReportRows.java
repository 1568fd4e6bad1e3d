// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.dmarcpilot.report.ReportIssue;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.DkimAuthResult;
import org.dmarcpilot.report.aggregate.PolicyOverrideReason;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.dmarcpilot.report.aggregate.ReportMetadata;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.dmarcpilot.report.aggregate.SpfAuthResult;
import org.jspecify.annotations.Nullable;

/** Maps reports to rows: the report row's columns and the child rows. */
final class ReportRows {
  /** The columns of {@code aggregate_report}, in the order {@link #bindReport} binds them. */
  static final List<String> REPORT_COLUMNS =
      List.of(
          "id",
          "org_name",
          "report_id",
          "policy_domain",
          "date_begin",
          "date_end",
          "email",
          "extra_contact_info",
          "generator",
          "xml_version",
          "xml_schema",
          "policy_p",
          "policy_sp",
          "policy_np",
          "policy_adkim",
          "policy_aspf",
          "policy_pct",
          "policy_fo",
          "policy_testing",
          "policy_discovery",
          "extensions",
          "record_count",
          "message_count",
          "content_sha256",
          "source_kind",
          "source_path",
          "source_mailbox",
          "source_message_id",
          "source_part",
          "ingested_at");

  private ReportRows() {}

  /** UTC wall-clock time, as the schema keeps it. */
  static LocalDateTime utc(Instant i) {
    return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  /** Back from UTC wall-clock time. */
  static Instant instant(LocalDateTime t) {
    return t.toInstant(ZoneOffset.UTC);
  }

  /** The canonical text of an IP address (RFC 5952 for IPv6). */
  static String ip(InetAddress a) {
    return InetAddresses.toAddrString(a);
  }

  /**
   * Binds one report row at parameter offset {@code base} (0 for the first row).
   *
   * @return the next offset
   */
  static int bindReport(
      PreparedStatement ps, int base, long id, IncomingReport in, LocalDateTime ingestedAt)
      throws SQLException {
    AggregateReport r = in.report();
    ReportMetadata m = r.metadata();
    PolicyPublished p = r.policyPublished();
    Provenance s = in.source();
    int i = base;
    ps.setLong(++i, id);
    ps.setString(++i, m.orgName());
    ps.setString(++i, m.reportId());
    ps.setString(++i, p.domain());
    ps.setObject(++i, utc(m.begin()));
    ps.setObject(++i, utc(m.end()));
    text(ps, ++i, m.email());
    text(ps, ++i, m.extraContactInfo());
    text(ps, ++i, m.generator());
    text(ps, ++i, r.version());
    ps.setString(++i, r.schema().name());
    text(ps, ++i, p.p() == null ? null : p.p().token());
    text(ps, ++i, p.sp() == null ? null : p.sp().token());
    text(ps, ++i, p.np() == null ? null : p.np().token());
    text(ps, ++i, p.adkim() == null ? null : p.adkim().token());
    text(ps, ++i, p.aspf() == null ? null : p.aspf().token());
    if (p.pct() == null) {
      ps.setNull(++i, Types.INTEGER);
    } else {
      ps.setInt(++i, p.pct());
    }
    text(ps, ++i, p.fo());
    if (p.testing() == null) {
      ps.setNull(++i, Types.BOOLEAN);
    } else {
      ps.setBoolean(++i, p.testing());
    }
    text(ps, ++i, p.discoveryMethod() == null ? null : p.discoveryMethod().token());
    text(ps, ++i, ListCodec.encode(r.extensions()));
    ps.setInt(++i, r.records().size());
    ps.setLong(++i, r.messageCount());
    ps.setString(++i, in.contentSha256());
    ps.setString(++i, s.kind().name());
    text(ps, ++i, s.path());
    text(ps, ++i, s.mailbox());
    text(ps, ++i, s.messageId());
    text(ps, ++i, s.part());
    ps.setObject(++i, ingestedAt);
    return i;
  }

  /** The values of one report row, in {@link #REPORT_COLUMNS} order, for bulk staging. */
  static @Nullable Object[] reportValues(long id, IncomingReport in, LocalDateTime ingestedAt) {
    AggregateReport r = in.report();
    ReportMetadata m = r.metadata();
    PolicyPublished p = r.policyPublished();
    Provenance s = in.source();
    return new Object[] {
      id,
      m.orgName(),
      m.reportId(),
      p.domain(),
      utc(m.begin()),
      utc(m.end()),
      m.email(),
      m.extraContactInfo(),
      m.generator(),
      r.version(),
      r.schema().name(),
      p.p() == null ? null : p.p().token(),
      p.sp() == null ? null : p.sp().token(),
      p.np() == null ? null : p.np().token(),
      p.adkim() == null ? null : p.adkim().token(),
      p.aspf() == null ? null : p.aspf().token(),
      p.pct(),
      p.fo(),
      p.testing(),
      p.discoveryMethod() == null ? null : p.discoveryMethod().token(),
      ListCodec.encode(r.extensions()),
      r.records().size(),
      r.messageCount(),
      in.contentSha256(),
      s.kind().name(),
      s.path(),
      s.mailbox(),
      s.messageId(),
      s.part(),
      ingestedAt
    };
  }

  static void text(PreparedStatement ps, int i, @Nullable String v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, v);
    }
  }

  /** Writes the row of a stored report's original, if it has one. */
  static void writeOriginal(BulkWriter w, long pk, @Nullable ReportOriginal o) throws SQLException {
    if (o != null) {
      byte[] bytes = o.bytes();
      w.row(
          ChildTable.ORIGINAL,
          pk,
          o.fileName(),
          o.mediaType(),
          o.size(),
          bytes == null ? null : BlobParts.head(bytes),
          o.gzipped() ? OriginalCodec.GZIP : null);
      if (bytes != null) {
        BlobParts.writeTail(w, ChildTable.ORIGINAL_PART, pk, bytes);
      }
    }
  }

  /** Writes the child rows of a stored report. */
  static void writeChildren(BulkWriter w, long pk, AggregateReport r) throws SQLException {
    Long id = pk;
    List<String> errors = r.metadata().errors();
    for (int i = 0; i < errors.size(); i++) {
      w.row(ChildTable.ERROR, id, i, errors.get(i));
    }
    List<ReportIssue> issues = r.issues();
    for (int i = 0; i < issues.size(); i++) {
      ReportIssue is = issues.get(i);
      w.row(ChildTable.ISSUE, id, i, is.line(), is.column(), is.message());
    }
    String domain = r.policyPublished().domain();
    LocalDate day = utc(r.metadata().begin()).toLocalDate();
    List<ReportRecord> records = r.records();
    for (int row = 0; row < records.size(); row++) {
      ReportRecord rec = records.get(row);
      Integer rowNo = row;
      var pe = rec.policyEvaluated();
      var ids = rec.identifiers();
      w.row(
          ChildTable.RECORD,
          id,
          rowNo,
          domain,
          day,
          ip(rec.sourceIp()),
          rec.count(),
          pe.disposition().token(),
          pe.dkim() == null ? null : pe.dkim().token(),
          pe.spf() == null ? null : pe.spf().token(),
          ids.headerFrom(),
          ids.envelopeFrom(),
          ids.envelopeTo(),
          ListCodec.encode(rec.extensions()));
      List<DkimAuthResult> dkim = rec.dkim();
      for (int k = 0; k < dkim.size(); k++) {
        DkimAuthResult d = dkim.get(k);
        w.row(
            ChildTable.DKIM,
            id,
            rowNo,
            k,
            d.domain(),
            d.selector(),
            d.result().token(),
            d.humanResult());
      }
      List<SpfAuthResult> spf = rec.spf();
      for (int k = 0; k < spf.size(); k++) {
        SpfAuthResult s = spf.get(k);
        w.row(
            ChildTable.SPF,
            id,
            rowNo,
            k,
            s.domain(),
            s.scope() == null ? null : s.scope().token(),
            s.result().token(),
            s.humanResult());
      }
      List<PolicyOverrideReason> reasons = pe.reasons();
      for (int k = 0; k < reasons.size(); k++) {
        PolicyOverrideReason o = reasons.get(k);
        w.row(ChildTable.OVERRIDE, id, rowNo, k, o.type().token(), o.comment());
      }
    }
  }

  /**
   * Lists of raw XML fragments in one TEXT column, lossless: each element as {@code
   * <length>:<text>}; null for an empty list.
   */
  static final class ListCodec {
    private ListCodec() {}

    static @Nullable String encode(List<String> items) {
      if (items.isEmpty()) {
        return null;
      }
      StringBuilder sb = new StringBuilder();
      for (String s : items) {
        sb.append(s.length()).append(':').append(s);
      }
      return sb.toString();
    }

    static List<String> decode(@Nullable String text) {
      List<String> out = new ArrayList<>();
      if (text == null) {
        return out;
      }
      int i = 0;
      while (i < text.length()) {
        int colon = text.indexOf(':', i);
        if (colon < 0) {
          throw new IllegalStateException("corrupt list column at " + i);
        }
        int len = Integer.parseInt(text, i, colon, 10);
        out.add(text.substring(colon + 1, colon + 1 + len));
        i = colon + 1 + len;
      }
      return out;
    }
  }
}
