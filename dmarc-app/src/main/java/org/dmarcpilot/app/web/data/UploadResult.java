// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

import java.util.List;
import java.util.Objects;

/**
 * What happened to one uploaded file.
 *
 * @param filename the name the browser gave
 * @param status stored, duplicate or rejected
 * @param reportIds the ids of the reports stored from it (several for a zip or mbox)
 * @param records the records stored
 * @param message a sentence for the user: what was stored, or why it was rejected
 */
public record UploadResult(
    String filename, Status status, List<Long> reportIds, long records, String message) {
  /** How a file ended. */
  public enum Status {
    /** At least one new report was stored. */
    STORED,
    /** Everything in it was stored before. */
    DUPLICATE,
    /** It held no readable report; the reason is in the message and the failure log. */
    REJECTED
  }

  /** Checks and copies. */
  public UploadResult {
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
    reportIds = List.copyOf(reportIds);
  }
}
