// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.util.Optional;

/**
 * Leases on background ingestion sources, so that each source is run by one process at a time among
 * all processes sharing a store. A process runs a source only while it holds the source's lease,
 * and releases it by closing the {@link SourceLease} when it stops the source.
 *
 * <p>On PostgreSQL a lease is a session-level advisory lock ({@code pg_try_advisory_lock}) held on
 * a connection of its own for as long as the lease is held: when the process dies, its connection
 * and with it the lease are gone, so there are no stale leases to clean up. On DuckDB only one
 * process can open the store at all, and every lease is granted.
 */
public interface SourceLeases {

  /**
   * Tries to take the lease on a source, without waiting.
   *
   * @param key the source's stable key (the same in every process that may run the source)
   * @return the lease, or empty when another process holds it
   * @throws StoreException when the database cannot be reached
   */
  Optional<SourceLease> tryAcquire(String key);

  /** Leases for a store only one process uses: every lease is granted at once. */
  static SourceLeases inProcess() {
    return key -> Optional.of(SourceLease.GRANTED);
  }

  /** A lease on one source, held until it is closed or lost. */
  interface SourceLease extends AutoCloseable {

    /** A lease that is always held and needs no release. */
    SourceLease GRANTED =
        new SourceLease() {
          @Override
          public boolean held() {
            return true;
          }

          @Override
          public void close() {}
        };

    /**
     * Whether the lease is still held. On PostgreSQL this asks the server over the lease's
     * connection (bounded by a timeout; tens of microseconds on a local server): false when the
     * connection broke, after which another process may take the lease. Once false it stays false.
     * A running source asks it before each transaction it commits and each message it moves, and
     * every lease interval; it is thread-safe.
     */
    boolean held();

    /** Releases the lease (closes its connection); never throws. */
    @Override
    void close();
  }
}
