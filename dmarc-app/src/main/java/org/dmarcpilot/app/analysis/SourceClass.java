// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.util.Locale;

/** What a source (a service, or an IP where no service is known) is for a domain. */
public enum SourceClass {
  /** DMARC passes: SPF or DKIM passes for a domain aligned with the From domain. */
  ALIGNED,
  /**
   * A known service, or an IP the owner marked as theirs, that does not pass DMARC (typically
   * passing SPF or DKIM for its own domain): legitimate mail that needs the fix.
   */
  YOURS_NOT_ALIGNED,
  /** Legitimate mail that a forwarder, a mailing list or a consumer mailbox passed on. */
  FORWARDED,
  /** An unknown source failing both SPF and DKIM, or a source the owner marked as not theirs. */
  SPOOFING,
  /** Neither of the above: needs the owner's review. */
  UNKNOWN;

  /** The token used in the CLI and the API: lower case, {@code -} between words. */
  public String token() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The class for a token (also accepts {@code _} and upper case).
   *
   * @throws IllegalArgumentException for an unknown token
   */
  public static SourceClass fromToken(String token) {
    String t = token.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    for (SourceClass c : values()) {
      if (c.token().equals(t)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown source class \""
            + token
            + "\" (aligned, yours-not-aligned, forwarded, spoofing,"
            + " unknown)");
  }

  /** Whether this is mail the owner wants delivered (aligned, yours not aligned, forwarded). */
  public boolean legitimate() {
    return this == ALIGNED || this == YOURS_NOT_ALIGNED || this == FORWARDED;
  }
}
