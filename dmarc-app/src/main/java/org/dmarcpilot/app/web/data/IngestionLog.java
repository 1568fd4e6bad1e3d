// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What ingestion did: per kind of source, the latest inputs, and the failures with their bytes. */
public interface IngestionLog {
  /** Per kind of source (file, mbox, imap, upload...): inputs, reports, failures, last time. */
  List<SourceActivity> sources();

  /** The latest inputs, newest first. */
  List<Input> recentInputs(int limit);

  /** The latest failures, newest first. */
  List<Failure> failures(int limit);

  /** The bytes of a failed input as kept (bounded), if the id exists. */
  Optional<OriginalPayload> failureOriginal(long id);

  /**
   * One kind of source.
   *
   * @param kind file, mbox, maildir, imap or upload
   * @param inputs inputs read
   * @param reports reports stored from them
   * @param failures inputs or parts that failed
   * @param lastAt when the latest input was done
   */
  record SourceActivity(String kind, long inputs, long reports, long failures, Instant lastAt) {
    /** Checks the fields. */
    public SourceActivity {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(lastAt, "lastAt");
    }
  }

  /**
   * One input done.
   *
   * @param kind the kind of source
   * @param name the file, message or upload
   * @param reports reports stored from it
   * @param failures parts that failed
   * @param at when it was done
   */
  record Input(String kind, String name, int reports, int failures, Instant at) {
    /** Checks the fields. */
    public Input {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * One failure.
   *
   * @param id its id, for downloading the original
   * @param at when it failed
   * @param reason why
   * @param source where the input came from
   * @param size the input's size in bytes
   * @param truncated whether only the first part of the bytes was kept
   */
  record Failure(long id, Instant at, String reason, String source, long size, boolean truncated) {
    /** Checks the fields. */
    public Failure {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(source, "source");
    }
  }

  /** A source description from its parts; empty parts are left out. */
  static String describe(
      String kind, @Nullable String path, @Nullable String mailbox, @Nullable String messageId) {
    StringBuilder sb = new StringBuilder(kind.toLowerCase(java.util.Locale.ROOT));
    if (path != null) {
      sb.append(' ').append(path);
    }
    if (mailbox != null) {
      sb.append(' ').append(mailbox);
    }
    if (messageId != null) {
      sb.append(" message ").append(messageId);
    }
    return sb.toString();
  }
}
