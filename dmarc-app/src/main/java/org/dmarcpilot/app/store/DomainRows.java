// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import com.google.common.net.InetAddresses;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.dmarcpilot.policy.AlignmentMode;
import org.dmarcpilot.policy.DiscoveryMethod;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.aggregate.DispositionType;
import org.dmarcpilot.report.aggregate.DkimAuthResult;
import org.dmarcpilot.report.aggregate.DkimResultType;
import org.dmarcpilot.report.aggregate.DmarcResultType;
import org.dmarcpilot.report.aggregate.Identifiers;
import org.dmarcpilot.report.aggregate.PolicyEvaluated;
import org.dmarcpilot.report.aggregate.PolicyOverrideReason;
import org.dmarcpilot.report.aggregate.PolicyOverrideType;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.dmarcpilot.report.aggregate.SpfAuthResult;
import org.dmarcpilot.report.aggregate.SpfDomainScope;
import org.dmarcpilot.report.aggregate.SpfResultType;

/**
 * Streams the records of one policy domain whose reports begin on the given UTC days, each with its
 * report's header, for analysis: a few set-based queries per chunk of reports instead of one load
 * per report, so millions of records read in seconds and memory stays bounded by the chunk. Rows
 * come in report id order, then row order. Record-level {@code <extensions>} are not read. Each
 * chunk is read on a connection that is given back before the sink sees its rows, so the sink may
 * read the store itself, and a slow sink holds no connection of the pool.
 *
 * <pre>{@code
 * DomainRows.stream(store, "example.com", from, to, (report, row) -> analyzer.add(report, row));
 * }</pre>
 */
public final class DomainRows {
  /** At most this many records are held per chunk (a larger report is one chunk alone). */
  static final int CHUNK_RECORDS = 20_000;

  /** At most this many reports per chunk. */
  static final int CHUNK_REPORTS = 2_000;

  private DomainRows() {}

  /**
   * A report's header, shared by its rows.
   *
   * @param pk the store's id
   * @param orgName the reporter
   * @param begin start of the period
   * @param end end of the period
   * @param policy the published policy
   * @param records the number of records
   */
  public record Header(
      long pk, String orgName, Instant begin, Instant end, PolicyPublished policy, int records) {
    /** Checks the fields. */
    public Header {
      Objects.requireNonNull(orgName, "orgName");
      Objects.requireNonNull(begin, "begin");
      Objects.requireNonNull(end, "end");
      Objects.requireNonNull(policy, "policy");
    }
  }

  /** Receives the rows. */
  @FunctionalInterface
  public interface Sink {
    /** One record of a report. */
    void row(Header report, ReportRecord record);
  }

  /**
   * Streams the records of {@code domain} (lower case) whose report begins on a UTC day in {@code
   * [from, to]}.
   *
   * @return the number of records streamed
   * @throws StoreException when the database fails
   */
  public static long stream(
      ReportStore store, String domain, LocalDate from, LocalDate to, Sink sink) {
    Objects.requireNonNull(domain, "domain");
    LocalDateTime start = from.atStartOfDay();
    LocalDateTime end = to.plusDays(1).atStartOfDay();
    List<Header> headers = store.read(c -> headers(c, domain, start, end));
    long n = 0;
    int i = 0;
    List<Header> rowHeaders = new ArrayList<>();
    List<ReportRecord> rows = new ArrayList<>();
    while (i < headers.size()) {
      int j = i;
      long records = 0;
      while (j < headers.size()
          && j - i < CHUNK_REPORTS
          && (j == i || records + headers.get(j).records() <= CHUNK_RECORDS)) {
        records += headers.get(j).records();
        j++;
      }
      List<Header> part = headers.subList(i, j);
      // the chunk is read whole and the connection given back before the sink sees a row: a sink
      // that reads the store too (the owner's marks) must not wait for a second connection while
      // this one is held, which on a small pool waits for ever
      store.read(
          c ->
              chunk(
                  c,
                  domain,
                  from,
                  to,
                  start,
                  end,
                  part,
                  (h, r) -> {
                    rowHeaders.add(h);
                    rows.add(r);
                  }));
      for (int k = 0; k < rows.size(); k++) {
        sink.row(rowHeaders.get(k), rows.get(k));
      }
      n += rows.size();
      rowHeaders.clear();
      rows.clear();
      i = j;
    }
    return n;
  }

  private static List<Header> headers(
      Connection c, String domain, LocalDateTime start, LocalDateTime end) throws SQLException {
    List<Header> out = new ArrayList<>();
    Map<List<Object>, PolicyPublished> policies = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, org_name, date_begin, date_end, policy_p, policy_sp, policy_np,"
                + " policy_adkim, policy_aspf, policy_pct, policy_fo, policy_testing,"
                + " policy_discovery, record_count FROM aggregate_report"
                + " WHERE policy_domain = ? AND date_begin >= ? AND date_begin < ? ORDER BY id")) {
      ps.setString(1, domain);
      ps.setObject(2, start);
      ps.setObject(3, end);
      ps.setFetchSize(5000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<Object> key = new ArrayList<>(9);
          for (int k = 5; k <= 13; k++) {
            key.add(Objects.requireNonNullElse(rs.getObject(k), ""));
          }
          PolicyPublished p = policies.get(key);
          if (p == null) {
            p = policy(rs, domain);
            policies.put(key, p);
          }
          out.add(
              new Header(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getObject(3, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                  rs.getObject(4, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                  p,
                  rs.getInt(14)));
        }
      }
    }
    return out;
  }

  private static PolicyPublished policy(ResultSet rs, String domain) throws SQLException {
    Integer pct = rs.getObject(10) == null ? null : rs.getInt(10);
    Boolean testing = rs.getObject(12) == null ? null : rs.getBoolean(12);
    return new PolicyPublished(
        domain,
        StoredReportLoader.tokenOrNull(Policy.values(), Policy::token, rs.getString(5)),
        StoredReportLoader.tokenOrNull(Policy.values(), Policy::token, rs.getString(6)),
        StoredReportLoader.tokenOrNull(Policy.values(), Policy::token, rs.getString(7)),
        StoredReportLoader.tokenOrNull(
            AlignmentMode.values(), AlignmentMode::token, rs.getString(8)),
        StoredReportLoader.tokenOrNull(
            AlignmentMode.values(), AlignmentMode::token, rs.getString(9)),
        pct,
        rs.getString(11),
        testing,
        StoredReportLoader.tokenOrNull(
            DiscoveryMethod.values(), DiscoveryMethod::token, rs.getString(13)));
  }

  /** The rows of a contiguous slice of the domain's reports (by id). */
  private static long chunk(
      Connection c,
      String domain,
      LocalDate from,
      LocalDate to,
      LocalDateTime start,
      LocalDateTime end,
      List<Header> headers,
      Sink sink)
      throws SQLException {
    long min = headers.get(0).pk();
    long max = headers.get(headers.size() - 1).pk();
    Map<Long, Header> byPk = new HashMap<>(headers.size() * 2);
    for (Header h : headers) {
      byPk.put(h.pk(), h);
    }
    String ofChunk =
        " WHERE report_pk BETWEEN ? AND ? AND report_pk IN (SELECT id FROM aggregate_report"
            + " WHERE policy_domain = ? AND date_begin >= ? AND date_begin < ?"
            + " AND id BETWEEN ? AND ?)";
    Object[] chunkArgs = {min, max, domain, start, end, min, max};
    Map<Long, List<DkimAuthResult>> dkim = new HashMap<>();
    children(
        c,
        "SELECT report_pk, row_no, domain, selector, result, human_result"
            + " FROM aggregate_record_dkim"
            + ofChunk
            + " ORDER BY report_pk, row_no, seq",
        chunkArgs,
        rs ->
            dkim.computeIfAbsent(key(rs.getLong(1), rs.getInt(2)), k -> new ArrayList<>(2))
                .add(
                    new DkimAuthResult(
                        rs.getString(3),
                        rs.getString(4),
                        word(DkimResultType.values(), DkimResultType::token, rs.getString(5)),
                        rs.getString(6))));
    Map<Long, List<SpfAuthResult>> spf = new HashMap<>();
    children(
        c,
        "SELECT report_pk, row_no, domain, scope, result, human_result FROM aggregate_record_spf"
            + ofChunk
            + " ORDER BY report_pk, row_no, seq",
        chunkArgs,
        rs ->
            spf.computeIfAbsent(key(rs.getLong(1), rs.getInt(2)), k -> new ArrayList<>(1))
                .add(
                    new SpfAuthResult(
                        rs.getString(3),
                        StoredReportLoader.tokenOrNull(
                            SpfDomainScope.values(), SpfDomainScope::token, rs.getString(4)),
                        word(SpfResultType.values(), SpfResultType::token, rs.getString(5)),
                        rs.getString(6))));
    Map<Long, List<PolicyOverrideReason>> reasons = new HashMap<>();
    children(
        c,
        "SELECT report_pk, row_no, reason, comment FROM aggregate_record_override"
            + ofChunk
            + " ORDER BY report_pk, row_no, seq",
        chunkArgs,
        rs ->
            reasons
                .computeIfAbsent(key(rs.getLong(1), rs.getInt(2)), k -> new ArrayList<>(1))
                .add(
                    new PolicyOverrideReason(
                        word(
                            PolicyOverrideType.values(),
                            PolicyOverrideType::token,
                            rs.getString(3)),
                        rs.getString(4))));
    long n = 0;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT report_pk, row_no, source_ip, message_count, disposition, dkim_aligned,"
                + " spf_aligned, header_from, envelope_from, envelope_to FROM aggregate_record"
                + " WHERE policy_domain = ? AND report_day >= ? AND report_day <= ?"
                + " AND report_pk BETWEEN ? AND ? ORDER BY report_pk, row_no")) {
      ps.setString(1, domain);
      ps.setObject(2, from);
      ps.setObject(3, to);
      ps.setLong(4, min);
      ps.setLong(5, max);
      ps.setFetchSize(5000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Header h = byPk.get(rs.getLong(1));
          if (h == null) {
            continue;
          }
          long k = key(rs.getLong(1), rs.getInt(2));
          ReportRecord r =
              new ReportRecord(
                  InetAddresses.forString(rs.getString(3)),
                  rs.getLong(4),
                  new PolicyEvaluated(
                      word(DispositionType.values(), DispositionType::token, rs.getString(5)),
                      StoredReportLoader.tokenOrNull(
                          DmarcResultType.values(), DmarcResultType::token, rs.getString(6)),
                      StoredReportLoader.tokenOrNull(
                          DmarcResultType.values(), DmarcResultType::token, rs.getString(7)),
                      reasons.getOrDefault(k, List.of())),
                  new Identifiers(rs.getString(8), rs.getString(9), rs.getString(10)),
                  dkim.getOrDefault(k, List.of()),
                  spf.getOrDefault(k, List.of()),
                  List.of());
          sink.row(h, r);
          n++;
        }
      }
    }
    return n;
  }

  /** (report id, row number) in one long: rows stay below 2^24 (the reader's element bound). */
  private static long key(long pk, int row) {
    return (pk << 24) + row;
  }

  private interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  private static void children(Connection c, String sql, Object[] args, RowReader reader)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.setFetchSize(5000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          reader.read(rs);
        }
      }
    }
  }

  /** A stored enumerated word; a value this version does not know is an error of the store. */
  private static <E> E word(E[] values, java.util.function.Function<E, String> tokenOf, String t) {
    return StoredReportLoader.token(values, tokenOf, t.toLowerCase(Locale.ROOT));
  }
}
