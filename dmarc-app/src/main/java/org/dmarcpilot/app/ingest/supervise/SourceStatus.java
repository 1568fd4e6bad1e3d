// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest.supervise;

import java.util.Locale;

/** What a supervised source is doing. */
public enum SourceStatus {
  /** The thread started and is connecting or opening the folder. */
  STARTING,
  /** Reading inputs and storing reports. */
  RUNNING,
  /** Everything read; waiting for new mail or files. */
  IDLE,
  /** The connection failed or dropped (or the folder is missing); trying again with backoff. */
  RECONNECTING,
  /**
   * The server refused the login (a wrong password, a token it does not take, no XOAUTH2): the
   * source needs attention. It does not log in again until {@link IngestSupervisor#resume} or a
   * changed definition ({@link IngestSupervisor#start}), as every refused login counts towards the
   * provider's lockout of the mailbox or of this address. The last error says what to check.
   */
  LOGIN_REFUSED,
  /**
   * Another process sharing the database runs the source (it holds the source's lease); this one
   * tries to take the lease every {@link IngestSupervisor#LEASE_INTERVAL} and runs the source when
   * the other stops.
   */
  STANDBY,
  /** Asked to stop; the thread has not ended yet. */
  STOPPING,
  /** Not running: disabled, or stopped. */
  STOPPED;

  /** The lower-case word for display. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
