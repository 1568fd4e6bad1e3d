// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest.supervise;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one supervised source.
 *
 * @param definition the source
 * @param status what it is doing
 * @param since when it entered that status
 * @param lastRun when it last finished reading everything there was (a look at the folder, a pass
 *     over the mailbox), or null
 * @param lastInput when it last committed an input, or null
 * @param reportsStored new reports stored since the source was started
 * @param duplicates reports found stored before
 * @param rejected inputs or payloads rejected (in the failure log)
 * @param lastError the latest error, or null
 * @param lastErrorAt when it happened, or null
 * @param threadAlive whether the source's thread is running
 */
public record SourceState(
    SourceDefinition definition,
    SourceStatus status,
    Instant since,
    @Nullable Instant lastRun,
    @Nullable Instant lastInput,
    long reportsStored,
    long duplicates,
    long rejected,
    @Nullable String lastError,
    @Nullable Instant lastErrorAt,
    boolean threadAlive) {

  /** Checks the fields. */
  public SourceState {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(since, "since");
  }

  /** The source's id. */
  public String id() {
    return definition.id();
  }
}
