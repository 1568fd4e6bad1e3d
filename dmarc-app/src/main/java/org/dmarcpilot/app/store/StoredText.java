// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import org.jspecify.annotations.Nullable;

/**
 * Text from outside (mail headers, attachment names, reasons quoting them) made storable on every
 * engine: U+0000, which PostgreSQL text cannot hold, becomes U+FFFD, as the report reader does with
 * a NUL in XML. Nothing else changes.
 */
final class StoredText {
  private StoredText() {}

  /** The text with every U+0000 replaced by U+FFFD; null stays null. */
  static @Nullable String clean(@Nullable String s) {
    return s == null ? null : cleanNonNull(s);
  }

  /** As {@link #clean(String)}, for text that is never null. */
  static String cleanNonNull(String s) {
    return s.indexOf('\u0000') < 0 ? s : s.replace('\u0000', '\uFFFD');
  }
}
