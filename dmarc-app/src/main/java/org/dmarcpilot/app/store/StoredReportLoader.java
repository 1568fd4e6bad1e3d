// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import com.google.common.net.InetAddresses;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.dmarcpilot.policy.AlignmentMode;
import org.dmarcpilot.policy.DiscoveryMethod;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.ReportIssue;
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
import org.jspecify.annotations.Nullable;

/** Rebuilds a stored report, whole, from its rows. */
final class StoredReportLoader {
  private StoredReportLoader() {}

  static Optional<StoredReport> load(Connection c, String where, Object... params)
      throws SQLException {
    long pk;
    ReportMetadataRow head;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + String.join(", ", ReportRows.REPORT_COLUMNS)
                + " FROM aggregate_report WHERE "
                + where)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        pk = rs.getLong("id");
        head = ReportMetadataRow.of(rs);
      }
    }
    List<String> errors = new ArrayList<>();
    forEach(
        c,
        "SELECT message FROM aggregate_report_error WHERE report_pk = ? ORDER BY seq",
        pk,
        rs -> errors.add(rs.getString(1)));
    List<ReportIssue> issues = new ArrayList<>();
    forEach(
        c,
        "SELECT line_no, column_no, message FROM aggregate_report_issue WHERE report_pk = ? ORDER BY seq",
        pk,
        rs -> issues.add(new ReportIssue(rs.getInt(1), rs.getInt(2), rs.getString(3))));
    Map<Integer, List<DkimAuthResult>> dkim = new HashMap<>();
    forEach(
        c,
        "SELECT row_no, domain, selector, result, human_result FROM aggregate_record_dkim"
            + " WHERE report_pk = ? ORDER BY row_no, seq",
        pk,
        rs ->
            dkim.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>())
                .add(
                    new DkimAuthResult(
                        rs.getString(2),
                        rs.getString(3),
                        token(DkimResultType.values(), DkimResultType::token, rs.getString(4)),
                        rs.getString(5))));
    Map<Integer, List<SpfAuthResult>> spf = new HashMap<>();
    forEach(
        c,
        "SELECT row_no, domain, scope, result, human_result FROM aggregate_record_spf"
            + " WHERE report_pk = ? ORDER BY row_no, seq",
        pk,
        rs ->
            spf.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>())
                .add(
                    new SpfAuthResult(
                        rs.getString(2),
                        tokenOrNull(
                            SpfDomainScope.values(), SpfDomainScope::token, rs.getString(3)),
                        token(SpfResultType.values(), SpfResultType::token, rs.getString(4)),
                        rs.getString(5))));
    Map<Integer, List<PolicyOverrideReason>> reasons = new HashMap<>();
    forEach(
        c,
        "SELECT row_no, reason, comment FROM aggregate_record_override"
            + " WHERE report_pk = ? ORDER BY row_no, seq",
        pk,
        rs ->
            reasons
                .computeIfAbsent(rs.getInt(1), k -> new ArrayList<>())
                .add(
                    new PolicyOverrideReason(
                        token(
                            PolicyOverrideType.values(),
                            PolicyOverrideType::token,
                            rs.getString(2)),
                        rs.getString(3))));
    List<ReportRecord> records = new ArrayList<>();
    forEach(
        c,
        "SELECT row_no, source_ip, message_count, disposition, dkim_aligned, spf_aligned,"
            + " header_from, envelope_from, envelope_to, extensions FROM aggregate_record"
            + " WHERE report_pk = ? ORDER BY row_no",
        pk,
        rs -> {
          int row = rs.getInt(1);
          records.add(
              new ReportRecord(
                  InetAddresses.forString(rs.getString(2)),
                  rs.getLong(3),
                  new PolicyEvaluated(
                      token(DispositionType.values(), DispositionType::token, rs.getString(4)),
                      tokenOrNull(
                          DmarcResultType.values(), DmarcResultType::token, rs.getString(5)),
                      tokenOrNull(
                          DmarcResultType.values(), DmarcResultType::token, rs.getString(6)),
                      reasons.getOrDefault(row, List.of())),
                  new Identifiers(rs.getString(7), rs.getString(8), rs.getString(9)),
                  dkim.getOrDefault(row, List.of()),
                  spf.getOrDefault(row, List.of()),
                  ReportRows.ListCodec.decode(rs.getString(10))));
        });
    AggregateReport report =
        new AggregateReport(
            head.version,
            head.schema,
            new ReportMetadata(
                head.orgName,
                head.email,
                head.extraContactInfo,
                head.reportId,
                ReportRows.instant(head.begin),
                ReportRows.instant(head.end),
                errors,
                head.generator),
            head.policy,
            records,
            head.extensions,
            issues);
    return Optional.of(
        new StoredReport(
            pk, report, head.sha256, head.source, ReportRows.instant(head.ingestedAt)));
  }

  /** The report row's values. */
  private record ReportMetadataRow(
      String orgName,
      String reportId,
      LocalDateTime begin,
      LocalDateTime end,
      @Nullable String email,
      @Nullable String extraContactInfo,
      @Nullable String generator,
      @Nullable String version,
      ReportSchema schema,
      PolicyPublished policy,
      List<String> extensions,
      String sha256,
      Provenance source,
      LocalDateTime ingestedAt) {

    static ReportMetadataRow of(ResultSet rs) throws SQLException {
      Integer pct = rs.getObject("policy_pct") == null ? null : rs.getInt("policy_pct");
      Boolean testing =
          rs.getObject("policy_testing") == null ? null : rs.getBoolean("policy_testing");
      PolicyPublished policy =
          new PolicyPublished(
              rs.getString("policy_domain"),
              tokenOrNull(Policy.values(), Policy::token, rs.getString("policy_p")),
              tokenOrNull(Policy.values(), Policy::token, rs.getString("policy_sp")),
              tokenOrNull(Policy.values(), Policy::token, rs.getString("policy_np")),
              tokenOrNull(
                  AlignmentMode.values(), AlignmentMode::token, rs.getString("policy_adkim")),
              tokenOrNull(
                  AlignmentMode.values(), AlignmentMode::token, rs.getString("policy_aspf")),
              pct,
              rs.getString("policy_fo"),
              testing,
              tokenOrNull(
                  DiscoveryMethod.values(),
                  DiscoveryMethod::token,
                  rs.getString("policy_discovery")));
      Provenance source =
          new Provenance(
              SourceKind.valueOf(rs.getString("source_kind")),
              rs.getString("source_path"),
              rs.getString("source_mailbox"),
              rs.getString("source_message_id"),
              rs.getString("source_part"));
      return new ReportMetadataRow(
          rs.getString("org_name"),
          rs.getString("report_id"),
          rs.getObject("date_begin", LocalDateTime.class),
          rs.getObject("date_end", LocalDateTime.class),
          rs.getString("email"),
          rs.getString("extra_contact_info"),
          rs.getString("generator"),
          rs.getString("xml_version"),
          ReportSchema.valueOf(rs.getString("xml_schema")),
          policy,
          ReportRows.ListCodec.decode(rs.getString("extensions")),
          rs.getString("content_sha256"),
          source,
          rs.getObject("ingested_at", LocalDateTime.class));
    }
  }

  interface RowHandler {
    void accept(ResultSet rs) throws SQLException;
  }

  static void forEach(Connection c, String sql, long pk, RowHandler h) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, pk);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          h.accept(rs);
        }
      }
    }
  }

  static <E> E token(E[] values, Function<E, String> tokenOf, String token) {
    for (E e : values) {
      if (tokenOf.apply(e).equals(token)) {
        return e;
      }
    }
    throw new IllegalStateException("unknown stored value '" + token + "'");
  }

  static <E> @Nullable E tokenOrNull(E[] values, Function<E, String> tokenOf, @Nullable String t) {
    return t == null ? null : token(values, tokenOf, t);
  }
}
