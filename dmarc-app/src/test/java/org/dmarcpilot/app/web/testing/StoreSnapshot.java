// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.dmarcpilot.app.web.sql.SqlDatabase;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.DkimAuthResult;
import org.dmarcpilot.report.aggregate.PolicyOverrideReason;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.dmarcpilot.report.aggregate.SpfAuthResult;
import org.duckdb.DuckDBConnection;

/**
 * An in-memory DuckDB with the store's V1 schema (a snapshot until the store is merged) and a plain
 * writer of reports into it, so the web's SQL can be tested against real rows.
 */
public final class StoreSnapshot implements AutoCloseable {
  private final DuckDBConnection root;
  private final TestDatabases.DuckDatabase db;
  private long nextId = 1;

  /** A fresh in-memory database with the store's V1 schema and the web's migrations. */
  public StoreSnapshot() throws SQLException, IOException {
    root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    String ddl;
    try (InputStream in =
        StoreSnapshot.class.getResourceAsStream("/web/sql/store-v1-snapshot.sql")) {
      ddl = new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8);
    }
    StringBuilder clean = new StringBuilder();
    for (String line : ddl.split("\n")) {
      if (!line.strip().startsWith("--")) {
        clean.append(line).append('\n');
      }
    }
    try (Statement st = root.createStatement()) {
      for (String s : clean.toString().split(";\\s*\n")) {
        if (!s.isBlank()) {
          st.execute(s);
        }
      }
    }
    db = new TestDatabases.DuckDatabase(root);
    TestDatabases.migrate(db, TestDatabases.WEB_MIGRATIONS);
  }

  /** The database for the web's SQL. */
  public SqlDatabase reader() {
    return db;
  }

  /** Stores the reports; returns the id of the last. */
  public long store(List<AggregateReport> reports) throws SQLException {
    long last = 0;
    try (Connection c = root.duplicate();
        PreparedStatement rep =
            c.prepareStatement(
                "INSERT INTO aggregate_report (id, org_name, report_id, policy_domain, date_begin,"
                    + " date_end, email, xml_schema, policy_p, record_count, message_count,"
                    + " content_sha256, source_kind, ingested_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, 'none', ?, ?, ?, 'x', 'UPLOAD', ?)");
        PreparedStatement rec =
            c.prepareStatement(
                "INSERT INTO aggregate_record (report_pk, row_no, policy_domain, report_day,"
                    + " source_ip, message_count, disposition, dkim_aligned, spf_aligned,"
                    + " header_from, envelope_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement dkim =
            c.prepareStatement(
                "INSERT INTO aggregate_record_dkim (report_pk, row_no, seq, domain, selector, result)"
                    + " VALUES (?, ?, ?, ?, ?, ?)");
        PreparedStatement spf =
            c.prepareStatement(
                "INSERT INTO aggregate_record_spf (report_pk, row_no, seq, domain, scope, result)"
                    + " VALUES (?, ?, ?, ?, ?, ?)");
        PreparedStatement ovr =
            c.prepareStatement(
                "INSERT INTO aggregate_record_override (report_pk, row_no, seq, reason, comment)"
                    + " VALUES (?, ?, ?, ?, ?)")) {
      for (AggregateReport r : reports) {
        long id = nextId++;
        rep.setLong(1, id);
        rep.setString(2, r.metadata().orgName());
        rep.setString(3, r.metadata().reportId());
        rep.setString(4, r.policyPublished().domain());
        rep.setObject(5, utc(r.metadata().begin()));
        rep.setObject(6, utc(r.metadata().end()));
        rep.setString(7, r.metadata().email());
        rep.setString(8, word(r.policyPublished().effectiveP()));
        rep.setInt(9, r.records().size());
        rep.setLong(10, r.messageCount());
        rep.setObject(11, utc(java.time.Instant.now()));
        rep.executeUpdate();
        LocalDate day = LocalDate.ofInstant(r.metadata().begin(), ZoneOffset.UTC);
        int row = 0;
        for (ReportRecord x : r.records()) {
          rec.setLong(1, id);
          rec.setInt(2, row);
          rec.setString(3, r.policyPublished().domain());
          rec.setObject(4, day);
          rec.setString(5, x.sourceIp().getHostAddress());
          rec.setLong(6, x.count());
          rec.setString(7, word(x.policyEvaluated().disposition()));
          rec.setString(
              8, x.policyEvaluated().dkim() == null ? null : word(x.policyEvaluated().dkim()));
          rec.setString(
              9, x.policyEvaluated().spf() == null ? null : word(x.policyEvaluated().spf()));
          rec.setString(10, x.identifiers().headerFrom());
          rec.setString(11, x.identifiers().envelopeFrom());
          rec.executeUpdate();
          int seq = 0;
          for (DkimAuthResult d : x.dkim()) {
            dkim.setLong(1, id);
            dkim.setInt(2, row);
            dkim.setInt(3, seq++);
            dkim.setString(4, d.domain());
            dkim.setString(5, d.selector());
            dkim.setString(6, word(d.result()));
            dkim.executeUpdate();
          }
          seq = 0;
          for (SpfAuthResult s : x.spf()) {
            spf.setLong(1, id);
            spf.setInt(2, row);
            spf.setInt(3, seq++);
            spf.setString(4, s.domain());
            spf.setString(5, s.scope() == null ? null : word(s.scope()));
            spf.setString(6, word(s.result()));
            spf.executeUpdate();
          }
          seq = 0;
          for (PolicyOverrideReason o : x.policyEvaluated().reasons()) {
            ovr.setLong(1, id);
            ovr.setInt(2, row);
            ovr.setInt(3, seq++);
            ovr.setString(4, word(o.type()));
            ovr.setString(5, o.comment());
            ovr.executeUpdate();
          }
          row++;
        }
        last = id;
      }
    }
    return last;
  }

  private static java.time.LocalDateTime utc(java.time.Instant i) {
    return java.time.LocalDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  private static String word(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() throws SQLException {
    root.close();
  }
}
