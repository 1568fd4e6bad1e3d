// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Large blobs in parts (migration V6): a row keeps the first {@link #PART_BYTES} of its value, and
 * a part table the rest, in parts of at most that size numbered from 1. DuckDB kept values larger
 * than about 64 KiB in its buffer pool until it ran out of memory; parts of 32 KiB are written out
 * and evicted like other rows.
 */
public final class BlobParts {
  /** The most bytes in one row: 32 KiB. */
  public static final int PART_BYTES = 32 * 1024;

  /** A part table, with the column that keys a value's parts. */
  public enum Table {
    /** The parts of originals, keyed by {@code report_pk}. */
    ORIGINALS("report_original_part", "report_pk"),
    /** The parts of failure copies, keyed by {@code failure_id}. */
    FAILURES("ingest_failure_part", "failure_id");

    private final String table;
    private final String key;

    Table(String table, String key) {
      this.table = table;
      this.key = key;
    }

    /** The table's name. */
    public String tableName() {
      return table;
    }
  }

  private BlobParts() {}

  /** The first part of a value: what its own row keeps. */
  static byte[] head(byte[] value) {
    return value.length <= PART_BYTES ? value : Arrays.copyOf(value, PART_BYTES);
  }

  /** Writes the parts of a value after its head (none for a value of at most one part). */
  static void writeTail(BulkWriter w, ChildTable table, long key, byte[] value)
      throws SQLException {
    int seq = 1;
    for (int from = PART_BYTES; from < value.length; from += PART_BYTES) {
      w.row(
          table,
          key,
          seq++,
          Arrays.copyOfRange(value, from, Math.min(value.length, from + PART_BYTES)));
    }
  }

  /**
   * The whole value: the head a row kept and, when the head is a full part, the parts that follow.
   *
   * @param parts the part table
   * @param key the row's key ({@code report_pk} or the failure's id)
   * @param head the row's bytes, or null
   */
  public static byte @Nullable [] read(Connection c, Table parts, long key, byte @Nullable [] head)
      throws SQLException {
    if (head == null || head.length < PART_BYTES) {
      return head;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(head.length * 2);
    out.writeBytes(head);
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT bytes FROM " + parts.table + " WHERE " + parts.key + " = ? ORDER BY seq")) {
      ps.setLong(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.writeBytes(rs.getBytes(1));
        }
      }
    }
    return out.toByteArray();
  }
}
