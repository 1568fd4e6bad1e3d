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
import java.util.function.Consumer;
import org.dmarcpilot.app.store.ExportRow;
import org.dmarcpilot.app.store.RecordExport;
import org.dmarcpilot.app.store.RecordQuery;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.web.data.Page;
import org.dmarcpilot.app.web.data.PageRequest;
import org.dmarcpilot.app.web.data.RecordFilter;
import org.dmarcpilot.app.web.data.RecordQueries;
import org.dmarcpilot.app.web.data.RecordRow;
import org.dmarcpilot.app.web.data.RecordTotals;

/**
 * Records joined with their reports from {@code aggregate_record} and {@code aggregate_report},
 * newest report first: a page with the DKIM, SPF and override rows folded into text by {@link
 * ExportRow.Dkim#text()}, {@link ExportRow.Spf#text()} and {@link ExportRow.Reason#text()} ({@code
 * domain/selector=result}, {@code scope:domain=result}, reasons), or the whole selection as the
 * store's {@link ExportRow}s.
 */
public final class SqlRecordQueries implements RecordQueries {
  private static final String SELECT =
      "SELECT r.report_pk, p.org_name, p.report_id, r.policy_domain, p.date_begin, p.date_end,"
          + " r.source_ip, r.message_count, r.disposition, r.dkim_aligned, r.spf_aligned,"
          + " r.header_from, r.envelope_from, r.row_no"
          + " FROM aggregate_record r JOIN aggregate_report p ON p.id = r.report_pk";

  /**
   * The list's order, which the export keeps ({@link RecordQuery#listOrder}): the reports stored
   * last first, each report's records in their order; a report id and a row number name one record.
   */
  private static final String ORDER = " ORDER BY r.report_pk DESC, r.row_no";

  private static final String[][] CHILDREN = {
    {
      "SELECT report_pk, row_no, domain, selector, result FROM aggregate_record_dkim" + " WHERE ",
      " ORDER BY report_pk, row_no, seq"
    },
    {
      "SELECT report_pk, row_no, domain, scope, result FROM aggregate_record_spf" + " WHERE ",
      " ORDER BY report_pk, row_no, seq"
    },
    {
      "SELECT report_pk, row_no, reason, comment, '' FROM aggregate_record_override" + " WHERE ",
      " ORDER BY report_pk, row_no, seq"
    },
  };

  private final SqlReader sql;

  /** Queries run by the given reader. */
  public SqlRecordQueries(SqlReader sql) {
    this.sql = Objects.requireNonNull(sql, "sql");
  }

  /** The conditions of the filter on {@code aggregate_record r}. */
  static Sql.Where where(RecordFilter f) {
    Sql.Where w =
        new Sql.Where()
            .add("r.report_day >= ?", f.range().from())
            .add("r.report_day <= ?", f.range().to());
    if (f.domain() != null) {
      w.add("r.policy_domain = ?", f.domain());
    }
    if (f.sourceIp() != null) {
      w.add("r.source_ip = ?", f.sourceIp());
    }
    return w;
  }

  /** A record row before its child rows are folded in. */
  private record Bare(RecordRow row, int rowNo) {}

  @Override
  public Page<RecordRow> records(RecordFilter filter, PageRequest page) {
    if (filter.sourceIp() == null) {
      return byReports(filter, page);
    }
    Sql.Where w = where(filter);
    return sql.read(
        c -> {
          long total = Sql.number(c, "SELECT COUNT(*) FROM aggregate_record r", w);
          List<Object> args = new ArrayList<>(w.args());
          args.add(page.size());
          args.add(page.offset());
          List<Bare> bare = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(SELECT + w.sql() + ORDER + " LIMIT ? OFFSET ?")) {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                bare.add(bare(rs));
              }
            }
          }
          return new Page<>(fold(c, bare), total, page);
        });
  }

  /**
   * A page without an address filter: the reports (newest first, with their record counts) say
   * which reports hold the page's rows, so only those reports' records are read.
   */
  private Page<RecordRow> byReports(RecordFilter f, PageRequest page) {
    Sql.Where w =
        new Sql.Where()
            .add("date_begin >= ?", Sql.utc(f.range().start()))
            .add("date_begin < ?", Sql.utc(f.range().endExclusive()));
    if (f.domain() != null) {
      w.add("policy_domain = ?", f.domain());
    }
    return sql.read(
        c -> {
          long total =
              Sql.number(c, "SELECT COALESCE(SUM(record_count), 0) FROM aggregate_report", w);
          long start = page.offset();
          long end = start + page.size();
          List<Long> pks = new ArrayList<>();
          long before = 0; // rows in reports newer than the first one kept
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, record_count FROM aggregate_report"
                      + w.sql()
                      + " ORDER BY id DESC")) {
            ps.setFetchSize(1000);
            Sql.bind(ps, w.args());
            try (ResultSet rs = ps.executeQuery()) {
              long seen = 0;
              while (rs.next() && seen < end) {
                long n = rs.getLong(2);
                if (seen + n > start) {
                  if (pks.isEmpty()) {
                    before = seen;
                  }
                  pks.add(rs.getLong(1));
                }
                seen += n;
              }
            }
          }
          if (pks.isEmpty()) {
            return new Page<>(List.of(), total, page);
          }
          // only the page's rows cross the driver: reading every row of a large report and
          // dropping most of them cost about 1 us per value in DuckDB's JDBC driver
          List<Bare> bare = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  SELECT
                      + " WHERE "
                      + Sql.idsIn("r.report_pk", pks.size())
                      + ORDER
                      + " LIMIT ? OFFSET ?")) {
            int p = Sql.bindIds(ps, 1, pks);
            ps.setLong(p++, page.size());
            ps.setLong(p, start - before);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                bare.add(bare(rs));
              }
            }
          }
          return new Page<>(fold(c, bare), total, page);
        });
  }

  @Override
  public RecordTotals totals(RecordFilter filter) {
    return sql.read(c -> SqlRecordTotals.of(c, filter));
  }

  /**
   * Streams the selection, the reports stored last first, through the store's {@link RecordExport}
   * (bounded pieces, each read on a connection that is given back before its rows are written; no
   * result is left open on the connection while another query runs).
   */
  @Override
  public long export(RecordFilter filter, Consumer<ExportRow> sink) {
    RecordQuery q =
        RecordQuery.listOrder(
            filter.domain(), filter.range().from(), filter.range().to(), filter.sourceIp());
    RecordExport.Connections connections =
        new RecordExport.Connections() {
          @Override
          public <T> T read(ReportStore.SqlWork<T> work) {
            return sql.read(work::run);
          }
        };
    return RecordExport.run(connections, q, sink);
  }

  private static Bare bare(ResultSet rs) throws SQLException {
    return new Bare(
        new RecordRow(
            rs.getLong(1),
            rs.getString(2),
            rs.getString(3),
            rs.getString(4),
            Sql.instant(rs, 5),
            Sql.instant(rs, 6),
            rs.getString(7),
            rs.getLong(8),
            rs.getString(9),
            rs.getString(10),
            rs.getString(11),
            rs.getString(12),
            rs.getString(13),
            "",
            "",
            ""),
        rs.getInt(14));
  }

  /** Adds the DKIM, SPF and override text of the rows' child tables. */
  private static List<RecordRow> fold(Connection c, List<Bare> bare) throws SQLException {
    if (bare.isEmpty()) {
      return List.of();
    }
    List<Long> pks = bare.stream().map(b -> b.row().reportPk()).distinct().toList();
    // the rows' range of row numbers: a page holds a slice of a large report, not all of it
    int minRow = bare.stream().mapToInt(Bare::rowNo).min().orElseThrow();
    int maxRow = bare.stream().mapToInt(Bare::rowNo).max().orElseThrow();
    List<Map<String, String>> texts = new ArrayList<>();
    for (int k = 0; k < CHILDREN.length; k++) {
      Map<String, String> byRow = new HashMap<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              CHILDREN[k][0]
                  + Sql.idsIn("report_pk", pks.size())
                  + " AND row_no BETWEEN ? AND ?"
                  + CHILDREN[k][1])) {
        int p = Sql.bindIds(ps, 1, pks);
        ps.setInt(p++, minRow);
        ps.setInt(p, maxRow);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String key = rs.getLong(1) + ":" + rs.getInt(2);
            String a = rs.getString(3);
            String b = rs.getString(4);
            String r = rs.getString(5);
            // the export's own text, so the list and the export cannot tell a result differently
            String text =
                switch (k) {
                  case 0 -> new ExportRow.Dkim(a, b, r, null).text();
                  case 1 -> new ExportRow.Spf(a, b, r, null).text();
                  default -> new ExportRow.Reason(a, b).text();
                };
            byRow.merge(key, text, (x, y) -> x + " " + y);
          }
        }
      }
      texts.add(byRow);
    }
    List<RecordRow> out = new ArrayList<>(bare.size());
    for (Bare b : bare) {
      RecordRow r = b.row();
      String key = r.reportPk() + ":" + b.rowNo();
      out.add(
          new RecordRow(
              r.reportPk(),
              r.orgName(),
              r.reportId(),
              r.domain(),
              r.begin(),
              r.end(),
              r.sourceIp(),
              r.count(),
              r.disposition(),
              r.dkim(),
              r.spf(),
              r.headerFrom(),
              r.envelopeFrom(),
              texts.get(0).getOrDefault(key, ""),
              texts.get(1).getOrDefault(key, ""),
              texts.get(2).getOrDefault(key, "")));
    }
    return out;
  }
}
