// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sql;

import java.sql.Connection;
import java.sql.SQLException;

/** Runs read-only work on a connection of the store's database. */
public interface SqlReader {
  /** Runs the work on a connection that the reader opens and closes. */
  <T> T read(Work<T> work);

  /**
   * Work on a connection.
   *
   * @param <T> what it returns
   */
  @FunctionalInterface
  interface Work<T> {
    /** Does the work. */
    T run(Connection connection) throws SQLException;
  }
}
