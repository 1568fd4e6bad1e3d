// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Child rows through PostgreSQL's {@code COPY ... FROM STDIN (FORMAT binary)}.
 *
 * <p>Binary rather than text: the server reads each field in its wire form (no text parsing, no hex
 * decoding of bytea) and the client writes it so (no escaping, no hex, no char to UTF-8 pass over a
 * whole batch). Each table's rows collect in a {@link BinaryCopyRows} buffer that is sent as one
 * COPY once it holds {@link #FLUSH_BYTES}, and at {@link #finish}: memory stays bounded by the
 * number of tables, not by the batch.
 */
final class PostgresBulkWriter implements BulkWriter {
  /** A table's buffered rows are sent once they take this many bytes: 1 MiB. */
  static final int FLUSH_BYTES = 1 << 20;

  private final Connection connection;
  private final ColumnTypes columnTypes;
  private final int flushBytes;
  private final Map<ChildTable, BinaryCopyRows> pending = new EnumMap<>(ChildTable.class);
  private @Nullable CopyManager copy;

  /**
   * A writer on {@code connection} (inside its transaction).
   *
   * @param columnTypes where the tables' column types are asked and kept
   * @param flushBytes a table's rows are sent once they take this many bytes
   */
  PostgresBulkWriter(Connection connection, ColumnTypes columnTypes, int flushBytes) {
    this.connection = connection;
    this.columnTypes = columnTypes;
    this.flushBytes = flushBytes;
  }

  @Override
  public void row(ChildTable table, @Nullable Object... values) throws SQLException {
    BinaryCopyRows rows = pending.get(table);
    if (rows == null) {
      rows = new BinaryCopyRows(table.table(), table.columns(), columnTypes.of(connection, table));
      pending.put(table, rows);
    }
    rows.add(values);
    if (rows.size() >= flushBytes) {
      rows.sendTo(copyManager());
    }
  }

  private CopyManager copyManager() throws SQLException {
    if (copy == null) {
      copy = connection.unwrap(PGConnection.class).getCopyAPI();
    }
    return copy;
  }

  @Override
  public void finish() throws SQLException {
    for (BinaryCopyRows rows : pending.values()) {
      rows.sendTo(copyManager());
    }
  }

  @Override
  public void close() {
    pending.clear();
  }

  /**
   * The declared types of the bulk tables' columns, asked of the database once per table and
   * physical connection (a zero-row {@code SELECT}'s metadata): the staging tables are the
   * connection's own, and binary COPY must send each column's exact type. Safe for concurrent use.
   */
  static final class ColumnTypes {
    private final Map<PGConnection, Map<ChildTable, List<CopyType>>> byConnection =
        Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * The types of {@code table}'s columns, in {@link ChildTable#columns()} order.
     *
     * @throws SQLException when the table cannot be read or a column has a type the binary writer
     *     does not write (SQLSTATE 42804 datatype mismatch)
     */
    List<CopyType> of(Connection connection, ChildTable table) throws SQLException {
      Map<ChildTable, List<CopyType>> known =
          byConnection.computeIfAbsent(
              connection.unwrap(PGConnection.class), k -> new ConcurrentHashMap<>());
      List<CopyType> types = known.get(table);
      if (types == null) {
        types = ask(connection, table);
        known.put(table, types);
      }
      return types;
    }

    private static List<CopyType> ask(Connection connection, ChildTable table) throws SQLException {
      List<String> columns = table.columns();
      List<CopyType> types = new ArrayList<>(columns.size());
      try (Statement st = connection.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT "
                      + String.join(", ", columns)
                      + " FROM "
                      + table.table()
                      + " WHERE false")) {
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 0; i < columns.size(); i++) {
          String typeName = md.getColumnTypeName(i + 1);
          CopyType type = CopyType.forTypeName(typeName);
          if (type == null) {
            throw new SQLException(
                "COPY into "
                    + table.table()
                    + ": column "
                    + columns.get(i)
                    + " has type "
                    + typeName
                    + ", which the binary writer does not write (it writes "
                    + List.of(CopyType.values())
                    + ")",
                "42804");
          }
          types.add(type);
        }
      }
      return List.copyOf(types);
    }
  }
}
