// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.spf;

/**
 * The processing limits of SPF, in one place with named defaults.
 *
 * @param maxDnsLookups terms that cause DNS queries (include, a, mx, ptr, exists, redirect): RFC
 *     7208 §4.6.4 allows {@value #RFC_LOOKUPS}
 * @param maxVoidLookups queries that return NXDOMAIN or no answer: {@value #RFC_VOID_LOOKUPS}
 * @param maxMxHosts MX hosts looked up for one {@code mx} mechanism: {@value #RFC_MX_HOSTS}
 * @param maxAnalysedRecords how many records a static analysis fetches at most, so that a hostile
 *     tree cannot make it run long; the analysis reports when it stopped
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7208#section-4.6.4">RFC 7208 §4.6.4</a>
 */
public record SpfLimits(
    int maxDnsLookups, int maxVoidLookups, int maxMxHosts, int maxAnalysedRecords) {
  /** {@value}. */
  public static final int RFC_LOOKUPS = 10;

  /** {@value}. */
  public static final int RFC_VOID_LOOKUPS = 2;

  /** {@value}. */
  public static final int RFC_MX_HOSTS = 10;

  /** The RFC 7208 limits; a static analysis fetches at most 60 records. */
  public static final SpfLimits RFC7208 =
      new SpfLimits(RFC_LOOKUPS, RFC_VOID_LOOKUPS, RFC_MX_HOSTS, 60);

  public SpfLimits {
    if (maxDnsLookups < 1 || maxVoidLookups < 0 || maxMxHosts < 1 || maxAnalysedRecords < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
