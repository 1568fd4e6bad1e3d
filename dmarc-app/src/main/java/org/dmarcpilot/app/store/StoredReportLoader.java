// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import com.google.common.net.InetAddresses;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
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

/**
 * Rebuilds stored reports, whole, from their rows: one report by a condition, or a batch of reports
 * by primary key with one set-based query per table.
 */
final class StoredReportLoader {
  /** At most this many reports are read by one set of queries (the rest in further sets). */
  static final int MAX_KEYS_PER_QUERY = 1_000;

  private StoredReportLoader() {}

  static Optional<StoredReport> load(Connection c, String where, Object... params)
      throws SQLException {
    Long pk = null;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id FROM aggregate_report WHERE " + where)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          pk = rs.getLong(1);
        }
      }
    }
    if (pk == null) {
      return Optional.empty();
    }
    List<StoredReport> one = loadAll(c, List.of(pk));
    return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
  }

  /**
   * The reports with these keys, in the given order; keys not stored are left out. Reads each table
   * once per {@link #MAX_KEYS_PER_QUERY} keys; each query is read to its end before the next one
   * runs (DuckDB closes a result when its connection runs another query).
   */
  static List<StoredReport> loadAll(Connection c, List<Long> pks) throws SQLException {
    List<StoredReport> out = new ArrayList<>(pks.size());
    for (int i = 0; i < pks.size(); i += MAX_KEYS_PER_QUERY) {
      loadSet(c, pks.subList(i, Math.min(pks.size(), i + MAX_KEYS_PER_QUERY)), out, 0, -1);
    }
    return out;
  }

  /**
   * One report with only its records of rows {@code [firstRow, firstRow + maxRows)}: the record
   * tables are read for those rows only.
   */
  static Optional<StoredReport> loadSlice(Connection c, long pk, int firstRow, int maxRows)
      throws SQLException {
    List<StoredReport> out = new ArrayList<>(1);
    long end = Math.min((long) firstRow + maxRows, Integer.MAX_VALUE);
    loadSet(c, List.of(pk), out, firstRow, (int) end);
    return out.isEmpty() ? Optional.empty() : Optional.of(out.get(0));
  }

  /** (report, row) of a child row. */
  private record RowKey(long pk, int row) {}

  /** Loads the reports; only rows {@code [fromRow, toRow)} of their records unless toRow < 0. */
  private static void loadSet(
      Connection c, List<Long> pks, List<StoredReport> out, int fromRow, int toRow)
      throws SQLException {
    if (pks.isEmpty()) {
      return;
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (long pk : pks) {
      min = Math.min(min, pk);
      max = Math.max(max, pk);
    }
    String in = "(" + "?, ".repeat(pks.size() - 1) + "?)";
    Object[] args = new Object[pks.size() + 2];
    for (int i = 0; i < pks.size(); i++) {
      args[i] = pks.get(i);
    }
    args[pks.size()] = min;
    args[pks.size() + 1] = max;
    String ofSet = " WHERE report_pk IN " + in + " AND report_pk BETWEEN ? AND ?";
    String ofRows = ofSet;
    Object[] rowArgs = args;
    if (toRow >= 0) {
      ofRows = ofSet + " AND row_no >= ? AND row_no < ?";
      rowArgs = Arrays.copyOf(args, args.length + 2);
      rowArgs[args.length] = fromRow;
      rowArgs[args.length + 1] = toRow;
    }
    Map<Long, ReportMetadataRow> heads = new HashMap<>(pks.size() * 2);
    forEach(
        c,
        "SELECT "
            + String.join(", ", ReportRows.REPORT_COLUMNS)
            + " FROM aggregate_report WHERE id IN "
            + in
            + " AND id BETWEEN ? AND ?",
        args,
        rs -> heads.put(rs.getLong("id"), ReportMetadataRow.of(rs)));
    Map<Long, List<String>> errors = new HashMap<>();
    forEach(
        c,
        "SELECT report_pk, message FROM aggregate_report_error"
            + ofSet
            + " ORDER BY report_pk, seq",
        args,
        rs -> errors.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2)));
    Map<Long, List<ReportIssue>> issues = new HashMap<>();
    forEach(
        c,
        "SELECT report_pk, line_no, column_no, message FROM aggregate_report_issue"
            + ofSet
            + " ORDER BY report_pk, seq",
        args,
        rs ->
            issues
                .computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                .add(new ReportIssue(rs.getInt(2), rs.getInt(3), rs.getString(4))));
    Map<RowKey, List<DkimAuthResult>> dkim = new HashMap<>();
    forEach(
        c,
        "SELECT report_pk, row_no, domain, selector, result, human_result FROM aggregate_record_dkim"
            + ofRows
            + " ORDER BY report_pk, row_no, seq",
        rowArgs,
        rs ->
            dkim.computeIfAbsent(new RowKey(rs.getLong(1), rs.getInt(2)), k -> new ArrayList<>(2))
                .add(
                    new DkimAuthResult(
                        rs.getString(3),
                        rs.getString(4),
                        token(DkimResultType.values(), DkimResultType::token, rs.getString(5)),
                        rs.getString(6))));
    Map<RowKey, List<SpfAuthResult>> spf = new HashMap<>();
    forEach(
        c,
        "SELECT report_pk, row_no, domain, scope, result, human_result FROM aggregate_record_spf"
            + ofRows
            + " ORDER BY report_pk, row_no, seq",
        rowArgs,
        rs ->
            spf.computeIfAbsent(new RowKey(rs.getLong(1), rs.getInt(2)), k -> new ArrayList<>(1))
                .add(
                    new SpfAuthResult(
                        rs.getString(3),
                        tokenOrNull(
                            SpfDomainScope.values(), SpfDomainScope::token, rs.getString(4)),
                        token(SpfResultType.values(), SpfResultType::token, rs.getString(5)),
                        rs.getString(6))));
    Map<RowKey, List<PolicyOverrideReason>> reasons = new HashMap<>();
    forEach(
        c,
        "SELECT report_pk, row_no, reason, comment FROM aggregate_record_override"
            + ofRows
            + " ORDER BY report_pk, row_no, seq",
        rowArgs,
        rs ->
            reasons
                .computeIfAbsent(new RowKey(rs.getLong(1), rs.getInt(2)), k -> new ArrayList<>(1))
                .add(
                    new PolicyOverrideReason(
                        token(
                            PolicyOverrideType.values(),
                            PolicyOverrideType::token,
                            rs.getString(3)),
                        rs.getString(4))));
    Map<Long, List<ReportRecord>> records = new HashMap<>(pks.size() * 2);
    forEach(
        c,
        "SELECT report_pk, row_no, source_ip, message_count, disposition, dkim_aligned,"
            + " spf_aligned, header_from, envelope_from, envelope_to, extensions"
            + " FROM aggregate_record"
            + ofRows
            + " ORDER BY report_pk, row_no",
        rowArgs,
        rs -> {
          long pk = rs.getLong(1);
          RowKey k = new RowKey(pk, rs.getInt(2));
          records
              .computeIfAbsent(pk, x -> new ArrayList<>())
              .add(
                  new ReportRecord(
                      InetAddresses.forString(rs.getString(3)),
                      rs.getLong(4),
                      new PolicyEvaluated(
                          token(DispositionType.values(), DispositionType::token, rs.getString(5)),
                          tokenOrNull(
                              DmarcResultType.values(), DmarcResultType::token, rs.getString(6)),
                          tokenOrNull(
                              DmarcResultType.values(), DmarcResultType::token, rs.getString(7)),
                          reasons.getOrDefault(k, List.of())),
                      new Identifiers(rs.getString(8), rs.getString(9), rs.getString(10)),
                      dkim.getOrDefault(k, List.of()),
                      spf.getOrDefault(k, List.of()),
                      ReportRows.ListCodec.decode(rs.getString(11))));
        });
    for (long pk : pks) {
      ReportMetadataRow head = heads.get(pk);
      if (head == null) {
        continue;
      }
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
                  errors.getOrDefault(pk, List.of()),
                  head.generator),
              head.policy,
              records.getOrDefault(pk, List.of()),
              head.extensions,
              issues.getOrDefault(pk, List.of()));
      out.add(
          new StoredReport(
              pk, report, head.sha256, head.source, ReportRows.instant(head.ingestedAt)));
    }
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

  static void forEach(Connection c, String sql, Object[] args, RowHandler h) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.setFetchSize(5000);
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
