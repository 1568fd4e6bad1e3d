// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.dmarcpilot.app.store.ReportOriginal;
import org.dmarcpilot.app.web.data.OriginalInfo;
import org.dmarcpilot.app.web.data.OriginalPayload;
import org.dmarcpilot.app.web.data.Page;
import org.dmarcpilot.app.web.data.PageRequest;
import org.dmarcpilot.app.web.data.ReportCatalog;
import org.dmarcpilot.app.web.data.ReportDetail;
import org.dmarcpilot.app.web.data.ReportFilter;
import org.dmarcpilot.app.web.data.ReportLoader;
import org.dmarcpilot.app.web.data.ReportSummary;
import org.dmarcpilot.app.web.data.ReportTotals;
import org.dmarcpilot.app.web.data.StoredReport;

/**
 * The report list from {@code aggregate_report}, the originals from {@code report_original}; one
 * report in full comes from the store's own loader, given to the constructor.
 */
public final class SqlReportCatalog implements ReportCatalog {
  private static final String COLUMNS =
      "SELECT id, org_name, report_id, policy_domain, date_begin, date_end, record_count,"
          + " message_count, ingested_at FROM aggregate_report";

  private final SqlReader sql;
  private final TrafficRollup rollup;
  private final ReportLoader loader;

  /**
   * A catalogue over the store.
   *
   * @param sql runs the list queries
   * @param rollup gives the domain and reporter names for the filters
   * @param loader loads one report by id, whole or with a slice of its records
   */
  public SqlReportCatalog(SqlReader sql, TrafficRollup rollup, ReportLoader loader) {
    this.sql = Objects.requireNonNull(sql, "sql");
    this.rollup = Objects.requireNonNull(rollup, "rollup");
    this.loader = Objects.requireNonNull(loader, "loader");
  }

  @Override
  public Page<ReportSummary> reports(ReportFilter f, PageRequest page) {
    Sql.Where where =
        new Sql.Where()
            .add("date_begin < ?", Sql.utc(f.range().endExclusive()))
            .add("date_end >= ?", Sql.utc(f.range().start()));
    if (f.domain() != null) {
      where.add("policy_domain = ?", f.domain());
    }
    if (f.reporter() != null) {
      where.add("org_name = ?", f.reporter());
    }
    return sql.read(
        c -> {
          long total = Sql.number(c, "SELECT COUNT(*) FROM aggregate_report", where);
          List<Object> args = new ArrayList<>(where.args());
          args.add(page.size());
          args.add(page.offset());
          List<ReportSummary> partial = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  COLUMNS + where.sql() + " ORDER BY date_begin DESC, id DESC LIMIT ? OFFSET ?")) {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                partial.add(
                    new ReportSummary(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        Sql.instant(rs, 5),
                        Sql.instant(rs, 6),
                        rs.getInt(7),
                        rs.getLong(8),
                        0,
                        0,
                        Sql.instant(rs, 9)));
              }
            }
          }
          Map<Long, Long> pass = perReport(c, partial, PASS_BY_REPORT);
          Map<Long, Long> issues = perReport(c, partial, ISSUES_BY_REPORT);
          List<ReportSummary> items = new ArrayList<>();
          for (ReportSummary s : partial) {
            items.add(
                new ReportSummary(
                    s.id(),
                    s.orgName(),
                    s.reportId(),
                    s.domain(),
                    s.begin(),
                    s.end(),
                    s.records(),
                    s.messages(),
                    pass.getOrDefault(s.id(), 0L),
                    (int) (long) issues.getOrDefault(s.id(), 0L),
                    s.receivedAt()));
          }
          return new Page<>(items, total, page);
        });
  }

  private static final String PASS_BY_REPORT =
      "SELECT report_pk, SUM(CASE WHEN dkim_aligned = 'pass' OR spf_aligned = 'pass'"
          + " THEN message_count ELSE 0 END) FROM aggregate_record WHERE ";

  private static final String ISSUES_BY_REPORT =
      "SELECT report_pk, COUNT(*) FROM aggregate_report_issue WHERE ";

  private static Map<Long, Long> perReport(Connection c, List<ReportSummary> reports, String prefix)
      throws SQLException {
    Map<Long, Long> out = new HashMap<>();
    if (reports.isEmpty()) {
      return out;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            prefix + Sql.idsIn("report_pk", reports.size()) + " GROUP BY report_pk")) {
      Sql.bindIds(ps, 1, reports.stream().map(ReportSummary::id).toList());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getLong(1), rs.getLong(2));
        }
      }
    }
    return out;
  }

  @Override
  public Optional<StoredReport> report(long id) {
    return loader.load(id);
  }

  /**
   * Loads the page's rows only, and sums all of the report's records in the database: a report of
   * 20,000 records costs one page of rows, not 20,000.
   */
  @Override
  public Optional<ReportDetail> report(long id, PageRequest records) {
    int first = (int) Math.min(records.offset(), Integer.MAX_VALUE);
    Optional<StoredReport> slice = loader.load(id, first, records.size());
    if (slice.isEmpty()) {
      return Optional.empty();
    }
    ReportTotals totals = sql.read(c -> totals(c, id));
    StoredReport s = slice.get();
    ReportSummary p = s.summary();
    ReportSummary whole =
        new ReportSummary(
            p.id(),
            p.orgName(),
            p.reportId(),
            p.domain(),
            p.begin(),
            p.end(),
            totals.records(),
            totals.messages(),
            totals.dmarcPass(),
            p.issues(),
            p.receivedAt());
    return Optional.of(
        new ReportDetail(
            new StoredReport(whole, s.report(), s.origin()),
            totals,
            new Page<>(s.report().records(), totals.records(), records)));
  }

  private static ReportTotals totals(Connection c, long id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT COUNT(*), COALESCE(SUM(message_count), 0),"
                + " COALESCE(SUM(CASE WHEN dkim_aligned = 'pass' OR spf_aligned = 'pass'"
                + " THEN message_count ELSE 0 END), 0),"
                + " COALESCE(SUM(CASE WHEN dkim_aligned = 'pass' THEN message_count ELSE 0 END), 0),"
                + " COALESCE(SUM(CASE WHEN spf_aligned = 'pass' THEN message_count ELSE 0 END), 0)"
                + " FROM aggregate_record WHERE report_pk = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new ReportTotals(
            rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
      }
    }
  }

  @Override
  public Optional<OriginalPayload> original(long id) {
    return sql.read(
        c ->
            ReportOriginal.load(c, id)
                .filter(ReportOriginal::kept)
                .map(
                    held ->
                        new OriginalPayload(
                            held.fileName(),
                            held.mediaType(),
                            Objects.requireNonNull(held.content()))));
  }

  @Override
  public Optional<OriginalInfo> originalInfo(long id) {
    return sql.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT filename, media_type, size, bytes IS NOT NULL FROM report_original"
                      + " WHERE report_pk = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(
                      new OriginalInfo(
                          rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBoolean(4)))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public List<String> domains() {
    return rollup.domainNames();
  }

  @Override
  public List<String> reporters() {
    return rollup.reporters();
  }
}
