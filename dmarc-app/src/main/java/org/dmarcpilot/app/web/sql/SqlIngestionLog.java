// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.dmarcpilot.app.store.BlobParts;
import org.dmarcpilot.app.web.data.IngestionLog;
import org.dmarcpilot.app.web.data.OriginalPayload;

/** The ingestion log from {@code ingested_input} and {@code ingest_failure}. */
public final class SqlIngestionLog implements IngestionLog {
  private final SqlReader sql;

  /** Queries run by the given reader. */
  public SqlIngestionLog(SqlReader sql) {
    this.sql = Objects.requireNonNull(sql, "sql");
  }

  @Override
  public List<SourceActivity> sources() {
    return sql.read(
        c -> {
          List<SourceActivity> out = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT source_kind, COUNT(*), SUM(reports), SUM(failures),"
                          + " MAX(ingested_at) FROM ingested_input GROUP BY source_kind"
                          + " ORDER BY source_kind");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(
                  new SourceActivity(
                      rs.getString(1).toLowerCase(Locale.ROOT),
                      rs.getLong(2),
                      rs.getLong(3),
                      rs.getLong(4),
                      Sql.instant(rs, 5)));
            }
          }
          return out;
        });
  }

  @Override
  public List<Input> recentInputs(int limit) {
    return sql.read(
        c -> {
          List<Input> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT source_kind, source_name, reports, failures, ingested_at"
                      + " FROM ingested_input ORDER BY ingested_at DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Input(
                        rs.getString(1).toLowerCase(Locale.ROOT),
                        rs.getString(2),
                        rs.getInt(3),
                        rs.getInt(4),
                        Sql.instant(rs, 5)));
              }
            }
          }
          return out;
        });
  }

  @Override
  public List<Failure> failures(int limit) {
    return sql.read(
        c -> {
          List<Failure> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, failed_at, reason, source_kind, source_path, source_mailbox,"
                      + " source_message_id, original_size, truncated FROM ingest_failure"
                      + " ORDER BY failed_at DESC, id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Failure(
                        rs.getLong(1),
                        Sql.instant(rs, 2),
                        rs.getString(3),
                        IngestionLog.describe(
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)),
                        rs.getLong(8),
                        rs.getBoolean(9)));
              }
            }
          }
          return out;
        });
  }

  @Override
  public Optional<OriginalPayload> failureOriginal(long id) {
    return sql.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT original FROM ingest_failure WHERE id = ?")) {
            ps.setLong(1, id);
            byte[] head;
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              head = rs.getBytes(1);
            }
            return Optional.of(
                new OriginalPayload(
                    "failed-input-" + id + ".bin",
                    "application/octet-stream",
                    BlobParts.read(c, BlobParts.Table.FAILURES, id, head)));
          }
        });
  }
}
