// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

/**
 * Asked before an ingest acts as the owner of its source: by {@link IngestPipeline} before it
 * commits a transaction, and by {@link ImapInputSource} before it moves or flags a committed
 * message. A background source that several processes may run (one at a time, by a lease) passes a
 * guard that confirms its lease is still held and, when it is not, stops the source: the input is
 * then neither committed nor moved and stays where it is, for the process that runs the source now.
 * Where one process owns the source (the {@code ingest} command, an upload, an embedded store) the
 * guard is {@link #ALWAYS}, which costs nothing.
 *
 * <p>The answer may cost a database round trip (PostgreSQL: one on the lease's connection, bounded
 * by a timeout), paid once per transaction and once per moved message; it is thread-safe, as the
 * pipeline's writer and a mailbox's own thread ask it.
 */
@FunctionalInterface
public interface CommitGuard {

  /** The source is this process's alone: every commit and move may go ahead. */
  CommitGuard ALWAYS = () -> true;

  /**
   * Whether this process still runs the source and may commit or move. Once false it stays false;
   * the source is being stopped.
   */
  boolean mayCommit();
}
