// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One URI of a {@code rua} or {@code ruf} tag, syntactically valid.
 *
 * @param uri the URI as written, without a size suffix
 * @param scheme the scheme, lower case ({@code mailto} is the one receivers must support)
 * @param address for {@code mailto:}, the percent-decoded address {@code local@domain} when it is
 *     usable, otherwise null
 * @param sizeLimit the obsolete {@code !size} suffix as written (for example {@code 10m}), or null
 * @param index the 0-based index of the URI in the record text
 */
public record ReportUri(
    String uri, String scheme, @Nullable String address, @Nullable String sizeLimit, int index) {
  public ReportUri {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(scheme, "scheme");
  }

  /** Whether this is a {@code mailto:} URI. */
  public boolean isMailto() {
    return scheme.equals("mailto");
  }

  /** The domain of a usable mailto address, lower case; null otherwise. */
  public @Nullable String host() {
    if (address == null) {
      return null;
    }
    return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
  }

  /** The URI as written, with the size suffix if there was one. */
  public String text() {
    return sizeLimit == null ? uri : uri + "!" + sizeLimit;
  }
}
