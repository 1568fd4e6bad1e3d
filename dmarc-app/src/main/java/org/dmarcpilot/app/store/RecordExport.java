// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The export query: records joined with their report, streamed in chunks. */
final class RecordExport {
  /** Rows fetched per round trip. */
  static final int FETCH_SIZE = 2000;

  private RecordExport() {}

  static long run(Connection c, RecordQuery q, Consumer<ExportRow> sink) throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT r.id, r.org_name, r.report_id, r.policy_domain, r.date_begin, r.date_end,"
                + " r.policy_p, c.source_ip, c.message_count, c.disposition, c.dkim_aligned,"
                + " c.spf_aligned, c.header_from, c.envelope_from, c.envelope_to,"
                + " (SELECT string_agg(d.domain || '/' || coalesce(d.selector, '') || '='"
                + " || d.result, ' ' ORDER BY d.seq) FROM aggregate_record_dkim d"
                + " WHERE d.report_pk = c.report_pk AND d.row_no = c.row_no),"
                + " (SELECT string_agg(coalesce(s.scope, '') || ':' || s.domain || '='"
                + " || s.result, ' ' ORDER BY s.seq) FROM aggregate_record_spf s"
                + " WHERE s.report_pk = c.report_pk AND s.row_no = c.row_no),"
                + " (SELECT string_agg(o.reason, ' ' ORDER BY o.seq)"
                + " FROM aggregate_record_override o"
                + " WHERE o.report_pk = c.report_pk AND o.row_no = c.row_no)"
                + " FROM aggregate_record c JOIN aggregate_report r ON r.id = c.report_pk");
    List<Object> params = new ArrayList<>();
    String glue = " WHERE ";
    if (q.policyDomain() != null) {
      sql.append(glue).append("c.policy_domain = ?");
      params.add(q.policyDomain());
      glue = " AND ";
    }
    if (q.since() != null) {
      sql.append(glue).append("c.report_day >= ?");
      params.add(q.since());
    }
    sql.append(" ORDER BY r.date_begin, r.id, c.row_no");
    long rows = 0;
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      ps.setFetchSize(FETCH_SIZE);
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          sink.accept(
              new ExportRow(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  ReportRows.instant(rs.getObject(5, LocalDateTime.class)),
                  ReportRows.instant(rs.getObject(6, LocalDateTime.class)),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getLong(9),
                  rs.getString(10),
                  rs.getString(11),
                  rs.getString(12),
                  rs.getString(13),
                  rs.getString(14),
                  rs.getString(15),
                  nonNull(rs.getString(16)),
                  nonNull(rs.getString(17)),
                  nonNull(rs.getString(18))));
          rows++;
        }
      }
    }
    return rows;
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
