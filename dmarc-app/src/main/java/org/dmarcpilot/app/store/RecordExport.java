// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The export of records joined with their reports, in bounded pieces: a page of reports at a time
 * (keyset-paged by id in the query's order), and of their records a slice of at most {@link
 * #SLICE_RECORDS} at a time, with the slice's DKIM, SPF and override rows read by queries of their
 * own. Every query is read to its end before the next one runs, so no streamed result is left open
 * on the connection (DuckDB closes one when another query runs), and neither the engine nor this
 * process holds more than a slice, however large the store or a single report. Each page and each
 * slice is read on a connection of its own that is given back before the slice's rows go to the
 * sink: a client that downloads slowly holds no connection of the pool.
 */
public final class RecordExport {
  /** Reports read per page. */
  static final int REPORT_PAGE = 1000;

  /** Records read per slice, at most. */
  static final int SLICE_RECORDS = 5000;

  private RecordExport() {}

  /** One report of a page, with the range of its row numbers a slice reads. */
  private record Part(Report report, int fromRow, int toRow) {}

  private record Report(
      long id,
      String orgName,
      String reportId,
      String policyDomain,
      LocalDateTime begin,
      LocalDateTime end,
      @Nullable String policyP,
      int records) {}

  /** Lends a connection for one piece of work and takes it back after ({@code store::read}). */
  @FunctionalInterface
  public interface Connections {
    /**
     * Runs {@code work} on a connection.
     *
     * @param <T> what the work returns
     * @return what the work returned
     */
    <T> T read(ReportStore.SqlWork<T> work);
  }

  /**
   * Streams the records {@code q} selects to {@code sink}, in its order: reports in the order they
   * were stored, or the reports stored last first when {@link RecordQuery#newestFirst()} (the
   * records list's order), so a slice's reports sit together in the tables and a query reads only
   * their part; each report's records in their order in the report. The database orders each page
   * of reports and each slice's records; nothing larger than a slice is held or regrouped here. A
   * connection is borrowed from {@code connections} for each page of reports and each slice of
   * records, and given back before the slice's records go to the sink.
   *
   * @return the number of records sent
   */
  public static long run(Connections connections, RecordQuery q, Consumer<ExportRow> sink) {
    long sent = 0;
    @Nullable Report last = null;
    while (true) {
      @Nullable Report after = last;
      List<Report> page = connections.read(c -> page(c, q, after));
      if (page.isEmpty()) {
        return sent;
      }
      List<Part> slice = new ArrayList<>();
      int sliceRecords = 0;
      for (Report r : page) {
        if (r.records() > SLICE_RECORDS) {
          // a report larger than a slice: its rows, a slice at a time, each slice on its own
          sent += send(connections, q, slice, sink);
          slice = new ArrayList<>();
          sliceRecords = 0;
          for (int from = 0; from < r.records(); from += SLICE_RECORDS) {
            int to = Math.min(r.records(), from + SLICE_RECORDS);
            sent += send(connections, q, List.of(new Part(r, from, to)), sink);
          }
          continue;
        }
        if (sliceRecords + r.records() > SLICE_RECORDS) {
          sent += send(connections, q, slice, sink);
          slice = new ArrayList<>();
          sliceRecords = 0;
        }
        slice.add(new Part(r, 0, r.records()));
        sliceRecords += r.records();
      }
      sent += send(connections, q, slice, sink);
      last = page.get(page.size() - 1);
    }
  }

  /** Reads a slice on a borrowed connection, gives it back, then sends the slice's records. */
  private static long send(
      Connections connections, RecordQuery q, List<Part> parts, Consumer<ExportRow> sink) {
    if (parts.isEmpty()) {
      return 0;
    }
    List<ExportRow> rows = connections.read(c -> slice(c, q, parts));
    rows.forEach(sink);
    return rows.size();
  }

  private static List<Report> page(Connection c, RecordQuery q, @Nullable Report after)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT id, org_name, report_id, policy_domain, date_begin, date_end, policy_p,"
                + " record_count FROM aggregate_report WHERE record_count > 0");
    List<Object> args = new ArrayList<>();
    if (q.policyDomain() != null) {
      sql.append(" AND policy_domain = ?");
      args.add(q.policyDomain());
    }
    if (q.since() != null) {
      sql.append(" AND date_begin >= ?");
      args.add(q.since().atStartOfDay());
    }
    if (q.until() != null) {
      sql.append(" AND date_begin < ?");
      args.add(q.until().plusDays(1).atStartOfDay());
    }
    if (q.sourceIp() != null) {
      // only the reports that hold the address: one look at the records per page, instead of
      // reading every slice of the store to find a few rows
      sql.append(" AND id IN (SELECT report_pk FROM aggregate_record WHERE source_ip = ?)");
      args.add(q.sourceIp());
    }
    if (after != null) {
      sql.append(q.newestFirst() ? " AND id < ?" : " AND id > ?");
      args.add(after.id());
    }
    sql.append(" ORDER BY id")
        .append(q.newestFirst() ? " DESC" : "")
        .append(" LIMIT ")
        .append(REPORT_PAGE);
    List<Report> page = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      bind(ps, 1, args);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          page.add(
              new Report(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getObject(5, LocalDateTime.class),
                  rs.getObject(6, LocalDateTime.class),
                  rs.getString(7),
                  rs.getInt(8)));
        }
      }
    }
    return page;
  }

  /** Reads one slice's records and child rows: the records in the slice's order. */
  private static List<ExportRow> slice(Connection c, RecordQuery q, List<Part> parts)
      throws SQLException {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (Part p : parts) {
      min = Math.min(min, p.report().id());
      max = Math.max(max, p.report().id());
    }
    // a slice is whole reports, or a range of rows of a single one
    @Nullable Part only = parts.size() == 1 ? parts.get(0) : null;
    // the slice's reports are neighbours in the store's order: a range of ids, which the engines
    // read from a few blocks. Reports in the range that the query leaves out are filtered from the
    // records and their child rows skipped; where they are most of the range (a filtered export),
    // the ids are listed too (a list took DuckDB longer to plan than a dense range took to read)
    StringBuilder where = new StringBuilder(" WHERE report_pk BETWEEN ? AND ?");
    List<Object> args = new ArrayList<>();
    args.add(min);
    args.add(max);
    if (max - min + 1 > 2L * parts.size()) {
      where.append(" AND report_pk IN (");
      for (int i = 0; i < parts.size(); i++) {
        where.append(i == 0 ? "?" : ", ?");
        args.add(parts.get(i).report().id());
      }
      where.append(')');
    }
    if (only != null) {
      where.append(" AND row_no >= ? AND row_no < ?");
      args.add(only.fromRow());
      args.add(only.toRow());
    }
    Map<Long, List<Row>> rows = new HashMap<>();
    Map<String, Row> byKey = new HashMap<>();
    StringBuilder records =
        new StringBuilder(
            "SELECT report_pk, row_no, source_ip, message_count, disposition, dkim_aligned,"
                + " spf_aligned, header_from, envelope_from, envelope_to FROM aggregate_record");
    records.append(where);
    List<Object> recordArgs = new ArrayList<>(args);
    if (q.policyDomain() != null) {
      records.append(" AND policy_domain = ?");
      recordArgs.add(q.policyDomain());
    }
    if (q.since() != null) {
      records.append(" AND report_day >= ?");
      recordArgs.add(q.since());
    }
    if (q.until() != null) {
      records.append(" AND report_day <= ?");
      recordArgs.add(q.until());
    }
    if (q.sourceIp() != null) {
      records.append(" AND source_ip = ?");
      recordArgs.add(q.sourceIp());
    }
    records.append(" ORDER BY report_pk, row_no");
    try (PreparedStatement ps = c.prepareStatement(records.toString())) {
      bind(ps, 1, recordArgs);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Row r = new Row(rs);
          rows.computeIfAbsent(r.reportPk, k -> new ArrayList<>()).add(r);
          byKey.put(r.reportPk + ":" + r.rowNo, r);
        }
      }
    }
    if (byKey.isEmpty()) {
      return List.of();
    }
    children(
        c,
        "SELECT report_pk, row_no, domain, selector, result, human_result"
            + " FROM aggregate_record_dkim",
        where,
        args,
        byKey,
        (r, rs) ->
            r.dkim.add(
                new ExportRow.Dkim(
                    rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6))));
    children(
        c,
        "SELECT report_pk, row_no, domain, scope, result, human_result FROM aggregate_record_spf",
        where,
        args,
        byKey,
        (r, rs) ->
            r.spf.add(
                new ExportRow.Spf(
                    rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6))));
    children(
        c,
        "SELECT report_pk, row_no, reason, comment FROM aggregate_record_override",
        where,
        args,
        byKey,
        (r, rs) -> r.overrides.add(new ExportRow.Reason(rs.getString(3), rs.getString(4))));
    List<ExportRow> out = new ArrayList<>(byKey.size());
    for (Part p : parts) {
      Report report = p.report();
      for (Row r : rows.getOrDefault(report.id(), List.of())) {
        if (r.rowNo >= p.fromRow() && r.rowNo < p.toRow()) {
          out.add(r.export(report));
        }
      }
    }
    return out;
  }

  @FunctionalInterface
  private interface ChildReader {
    void add(Row row, ResultSet rs) throws SQLException;
  }

  private static void children(
      Connection c,
      String select,
      CharSequence where,
      List<Object> args,
      Map<String, Row> byKey,
      ChildReader reader)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(select + where + " ORDER BY report_pk, row_no, seq")) {
      bind(ps, 1, args);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Row r = byKey.get(rs.getLong(1) + ":" + rs.getInt(2));
          if (r != null) { // null: a row the address filter left out
            reader.add(r, rs);
          }
        }
      }
    }
  }

  private static void bind(PreparedStatement ps, int first, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      ps.setObject(first + i, args.get(i));
    }
  }

  /** A record read, collecting its child rows. */
  private static final class Row {
    final long reportPk;
    final int rowNo;
    final String sourceIp;
    final long messageCount;
    final String disposition;
    final @Nullable String dkimAligned;
    final @Nullable String spfAligned;
    final String headerFrom;
    final @Nullable String envelopeFrom;
    final @Nullable String envelopeTo;
    final List<ExportRow.Dkim> dkim = new ArrayList<>(2);
    final List<ExportRow.Spf> spf = new ArrayList<>(2);
    final List<ExportRow.Reason> overrides = new ArrayList<>(0);

    Row(ResultSet rs) throws SQLException {
      reportPk = rs.getLong(1);
      rowNo = rs.getInt(2);
      sourceIp = rs.getString(3);
      messageCount = rs.getLong(4);
      disposition = rs.getString(5);
      dkimAligned = rs.getString(6);
      spfAligned = rs.getString(7);
      headerFrom = rs.getString(8);
      envelopeFrom = rs.getString(9);
      envelopeTo = rs.getString(10);
    }

    ExportRow export(Report r) {
      return new ExportRow(
          r.id(),
          r.orgName(),
          r.reportId(),
          r.policyDomain(),
          ReportRows.instant(r.begin()),
          ReportRows.instant(r.end()),
          r.policyP(),
          sourceIp,
          messageCount,
          disposition,
          dkimAligned,
          spfAligned,
          headerFrom,
          envelopeFrom,
          envelopeTo,
          dkim,
          spf,
          overrides);
    }
  }
}
