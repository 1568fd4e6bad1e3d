// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import java.util.Objects;

/**
 * A non-fatal finding of a record parser: the record was usable, but something in it deviates (an
 * unknown tag, a duplicate, a value that was replaced by the default). Parsers that take a {@code
 * List<RecordIssue>} add these to it; the audit turns them into findings.
 *
 * @param kind what sort of deviation
 * @param tag the tag, mechanism or modifier concerned (lower case), or an empty string
 * @param index the 0-based index in the record text, or -1
 * @param message what was found and what the parser did, for a person to read
 */
public record RecordIssue(Kind kind, String tag, int index, String message) {
  public RecordIssue {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(message, "message");
  }

  /** Sorts of deviation. */
  public enum Kind {
    /** A tag or term that does not parse; it was skipped. */
    SYNTAX,
    /** A tag the specification does not define; it was ignored. */
    UNKNOWN_TAG,
    /** A tag that an older specification defined and the current one removed. */
    REMOVED_TAG,
    /** A tag given twice; the first was used. */
    DUPLICATE_TAG,
    /** A tag value outside its grammar; the default was used. */
    INVALID_VALUE,
    /** A name or value in another case than the specification writes it. */
    CASE,
    /** Syntax that is still accepted but obsolete. */
    OBSOLETE_SYNTAX,
    /** Valid syntax that receivers are not required to support. */
    UNSUPPORTED,
    /** Tags in an order that older receivers may not accept. */
    ORDER
  }

  @Override
  public String toString() {
    return message + (index >= 0 ? " (index " + index + ")" : "");
  }
}
