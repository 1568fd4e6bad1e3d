// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.dmarcpilot.app.web.data.RecordFilter;
import org.dmarcpilot.app.web.data.RecordTotals;
import org.dmarcpilot.app.web.data.RecordTotals.Named;

/**
 * The figures of the records a filter matches, summed and grouped by the database: a few rows cross
 * the driver however many records match (the days are bounded by the range, the names by {@link
 * RecordTotals#MAX_NAMES}).
 */
final class SqlRecordTotals {
  private static final String PASS =
      "CASE WHEN r.dkim_aligned = 'pass' OR r.spf_aligned = 'pass' THEN r.message_count ELSE 0"
          + " END";

  private SqlRecordTotals() {}

  static RecordTotals of(Connection c, RecordFilter filter) throws SQLException {
    Sql.Where w = SqlRecordQueries.where(filter);
    long records;
    long messages;
    long pass;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT COUNT(*), COALESCE(SUM(r.message_count), 0), COALESCE(SUM("
                + PASS
                + "), 0) FROM aggregate_record r"
                + w.sql())) {
      Sql.bind(ps, w.args());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        records = rs.getLong(1);
        messages = rs.getLong(2);
        pass = rs.getLong(3);
      }
    }
    List<Named> domains = new ArrayList<>();
    long domainCount = names(c, "r.policy_domain", "aggregate_record r", w, domains);
    List<Named> reporters = new ArrayList<>();
    long reporterCount =
        names(
            c,
            "p.org_name",
            "aggregate_record r JOIN aggregate_report p ON p.id = r.report_pk",
            w,
            reporters);
    List<LocalDate> days = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT DISTINCT r.report_day FROM aggregate_record r" + w.sql() + " ORDER BY 1")) {
      Sql.bind(ps, w.args());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          days.add(Sql.date(rs, 1));
        }
      }
    }
    return new RecordTotals(
        records, messages, pass, domains, domainCount, reporters, reporterCount, days);
  }

  /**
   * The values of {@code column} with their messages, most first, at most {@link
   * RecordTotals#MAX_NAMES} into {@code out}; returns how many values there are in all.
   */
  private static long names(Connection c, String column, String from, Sql.Where w, List<Named> out)
      throws SQLException {
    long count = 0;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + column
                + ", SUM(r.message_count), COUNT(*) OVER () FROM "
                + from
                + w.sql()
                + " GROUP BY "
                + column
                + " ORDER BY 2 DESC, 1 LIMIT "
                + RecordTotals.MAX_NAMES)) {
      Sql.bind(ps, w.args());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Named(rs.getString(1), rs.getLong(2)));
          count = rs.getLong(3);
        }
      }
    }
    // ties in the same order on every engine (PostgreSQL's collation is not bytewise)
    out.sort(Comparator.comparingLong(Named::messages).reversed().thenComparing(Named::name));
    return count;
  }
}
