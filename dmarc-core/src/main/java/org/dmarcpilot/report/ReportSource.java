// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a report (or a failed payload) came from: the input and the way down to the XML through the
 * containers around it. Unused parts are 0 or null.
 *
 * @param inputName the name of the input as the caller gave it (a file path, an IMAP message id, an
 *     upload name)
 * @param messageNumber the 1-based number of the message in an mbox, or 0 when the input is not an
 *     mbox
 * @param messageId the {@code Message-ID} of the e-mail message that carried the report (the
 *     innermost one for a forwarded {@code message/rfc822}), without angle brackets, or null
 * @param mimePart the MIME part number inside the message, {@code 1.2} style, or null
 * @param attachmentName the attachment's file name ({@code Content-Disposition} filename or {@code
 *     Content-Type} name), or null
 * @param zipMember the name of the zip member ({@code #n} for the n-th entry when it has no name,
 *     as some archivers write), or null when the report did not come from a zip
 */
public record ReportSource(
    String inputName,
    int messageNumber,
    @Nullable String messageId,
    @Nullable String mimePart,
    @Nullable String attachmentName,
    @Nullable String zipMember) {

  /** Checks the input name and the message number. */
  public ReportSource {
    Objects.requireNonNull(inputName, "inputName");
    if (messageNumber < 0) {
      throw new IllegalArgumentException("negative message number: " + messageNumber);
    }
  }

  /** The source of a whole input. */
  public static ReportSource of(String inputName) {
    return new ReportSource(inputName, 0, null, null, null, null);
  }

  /** This source as message {@code number} of an mbox. */
  public ReportSource withMessageNumber(int number) {
    return new ReportSource(inputName, number, messageId, mimePart, attachmentName, zipMember);
  }

  /** This source with the Message-ID of the message that carries the report. */
  public ReportSource withMessageId(@Nullable String id) {
    return new ReportSource(inputName, messageNumber, id, mimePart, attachmentName, zipMember);
  }

  /** This source narrowed to a MIME part, with its file name if it has one. */
  public ReportSource withPart(String part, @Nullable String fileName) {
    return new ReportSource(inputName, messageNumber, messageId, part, fileName, zipMember);
  }

  /** This source narrowed to a zip member. */
  public ReportSource withZipMember(String member) {
    return new ReportSource(inputName, messageNumber, messageId, mimePart, attachmentName, member);
  }

  /**
   * The whole way down, for a person: {@code inbox.mbox, message 3 <id@example>, part 2
   * "report.zip", member "report.xml"}.
   */
  public String location() {
    StringBuilder sb = new StringBuilder(inputName);
    if (messageNumber > 0) {
      sb.append(", message ").append(messageNumber);
    }
    if (messageId != null && (messageNumber > 0 || mimePart != null)) {
      sb.append(" <").append(messageId).append('>');
    }
    if (mimePart != null) {
      sb.append(", part ").append(mimePart);
      if (attachmentName != null) {
        sb.append(" \"").append(attachmentName).append('"');
      }
    }
    if (zipMember != null) {
      sb.append(", member \"").append(zipMember).append('"');
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return location();
  }
}
