// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * Writes child rows in bulk inside the current transaction: DuckDB's appender, PostgreSQL's COPY.
 * Values are {@code Long}, {@code Integer}, {@code String}, {@code LocalDate}, {@code
 * LocalDateTime}, {@code Boolean}, {@code byte[]} (binary columns) or null.
 */
interface BulkWriter extends AutoCloseable {

  /** Adds a row; the values follow {@link ChildTable#columns()}. */
  void row(ChildTable table, @Nullable Object... values) throws SQLException;

  /** Sends every buffered row to the database; call before commit. */
  void finish() throws SQLException;

  /** Releases resources; rows not yet finished are discarded with the transaction. */
  @Override
  void close();
}
