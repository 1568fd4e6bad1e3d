// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a report (or a rejected input) came from.
 *
 * @param kind the kind of source
 * @param path the file path (FILE, MBOX, MAILDIR) or the upload's file name, or null
 * @param mailbox the mailbox: the IMAP {@code user@host/folder}, or null
 * @param messageId the {@code Message-ID} of the carrying message, or null
 * @param part which part of the input held the report (an attachment or zip member name), or null
 */
public record Provenance(
    SourceKind kind,
    @Nullable String path,
    @Nullable String mailbox,
    @Nullable String messageId,
    @Nullable String part) {
  /** Checks the kind; a U+0000 in any text (a hostile Message-ID or name) becomes U+FFFD. */
  public Provenance {
    Objects.requireNonNull(kind, "kind");
    path = StoredText.clean(path);
    mailbox = StoredText.clean(mailbox);
    messageId = StoredText.clean(messageId);
    part = StoredText.clean(part);
  }

  /** A report read from a file. */
  public static Provenance file(String path) {
    return new Provenance(SourceKind.FILE, path, null, null, null);
  }

  /** This source with the part that held the report. */
  public Provenance withPart(@Nullable String newPart) {
    return new Provenance(kind, path, mailbox, messageId, newPart);
  }

  /** A short description for logs and summaries. */
  public String describe() {
    StringBuilder sb = new StringBuilder(kind.name().toLowerCase(java.util.Locale.ROOT));
    if (path != null) {
      sb.append(' ').append(path);
    }
    if (mailbox != null) {
      sb.append(' ').append(mailbox);
    }
    if (messageId != null) {
      sb.append(" message ").append(messageId);
    }
    if (part != null) {
      sb.append(" part ").append(part);
    }
    return sb.toString();
  }
}
