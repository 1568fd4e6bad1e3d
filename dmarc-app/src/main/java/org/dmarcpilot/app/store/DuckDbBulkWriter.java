// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;

/** Child rows through DuckDB's appender, which writes into the connection's open transaction. */
final class DuckDbBulkWriter implements BulkWriter {
  private final DuckDBConnection connection;
  private final Map<ChildTable, DuckDBAppender> appenders = new EnumMap<>(ChildTable.class);

  DuckDbBulkWriter(DuckDBConnection connection) {
    this.connection = connection;
  }

  @Override
  public void row(ChildTable table, @Nullable Object... values) throws SQLException {
    DuckDBAppender a = appenders.get(table);
    if (a == null) {
      a =
          table.temporary()
              ? connection.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, table.table())
              : connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table.table());
      appenders.put(table, a);
    }
    a.beginRow();
    for (Object v : values) {
      if (v == null) {
        a.appendNull();
      } else if (v instanceof String s) {
        a.append(s);
      } else if (v instanceof Long l) {
        a.append(l.longValue());
      } else if (v instanceof Integer i) {
        a.append(i.intValue());
      } else if (v instanceof LocalDate d) {
        a.append(d);
      } else if (v instanceof java.time.LocalDateTime t) {
        a.append(t);
      } else if (v instanceof Boolean b) {
        a.append(b.booleanValue());
      } else if (v instanceof byte[] bytes) {
        a.append(bytes); // into the BLOB vector: one copy, no encoding
      } else {
        throw new IllegalArgumentException("unsupported value type " + v.getClass());
      }
    }
    a.endRow();
  }

  @Override
  public void finish() throws SQLException {
    for (DuckDBAppender a : appenders.values()) {
      a.flush();
    }
  }

  @Override
  public void close() {
    for (DuckDBAppender a : appenders.values()) {
      try {
        a.close();
      } catch (SQLException ignored) {
        // the transaction is rolled back or committed by the caller; nothing is left to release
      }
    }
    appenders.clear();
  }
}
