// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/** Child rows through PostgreSQL's {@code COPY ... FROM STDIN} in text format. */
final class PostgresBulkWriter implements BulkWriter {
  private final Connection connection;
  private final Map<ChildTable, StringBuilder> buffers = new EnumMap<>(ChildTable.class);

  PostgresBulkWriter(Connection connection) {
    this.connection = connection;
  }

  @Override
  public void row(ChildTable table, @Nullable Object... values) {
    StringBuilder sb = buffers.computeIfAbsent(table, t -> new StringBuilder(4096));
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        sb.append('\t');
      }
      Object v = values[i];
      if (v == null) {
        sb.append("\\N");
      } else if (v instanceof String s) {
        escape(s, sb);
      } else if (v instanceof java.time.LocalDateTime t) {
        sb.append(t.toLocalDate()).append(' ').append(t.toLocalTime().withNano(0));
        if (t.toLocalTime().getSecond() == 0) {
          sb.append(":00");
        }
      } else if (v instanceof Boolean b) {
        sb.append(b ? 't' : 'f');
      } else if (v instanceof byte[] bytes) {
        hex(bytes, sb);
      } else {
        sb.append(v);
      }
    }
    sb.append('\n');
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * A bytea in COPY text format: the hex form {@code \x...}, its backslash doubled for COPY. Two
   * characters per byte; the escape form would need up to five for binary data such as a zip.
   */
  private static void hex(byte[] bytes, StringBuilder sb) {
    sb.ensureCapacity(sb.length() + 3 + 2 * bytes.length);
    sb.append("\\\\x");
    for (byte b : bytes) {
      sb.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
    }
  }

  /** COPY text format: backslash, tab, newline and carriage return are escaped. */
  private static void escape(String s, StringBuilder sb) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
  }

  @Override
  public void finish() throws SQLException {
    CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
    for (Map.Entry<ChildTable, StringBuilder> e : buffers.entrySet()) {
      ChildTable t = e.getKey();
      String sql = "COPY " + t.table() + " (" + String.join(", ", t.columns()) + ") FROM STDIN";
      try {
        copy.copyIn(sql, new StringReader(e.getValue().toString()));
      } catch (IOException ex) {
        throw new SQLException("COPY into " + t.table() + " failed: " + ex.getMessage(), ex);
      }
    }
    buffers.clear();
  }

  @Override
  public void close() {
    buffers.clear();
  }
}
