// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sql;

/**
 * Reads and writes on the store's database: the web's own tables (users, sessions, tokens,
 * settings) are written through it, in one transaction per piece of work.
 */
public interface SqlDatabase extends SqlReader {
  /** Runs the work in a transaction that commits when it returns and rolls back when it throws. */
  <T> T write(Work<T> work);
}
