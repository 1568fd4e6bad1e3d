// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.spf;

import java.util.List;

/**
 * A preview of the record flattened: the IP ranges the current tree expands to, and what it would
 * save. Flattening freezes providers' addresses, which they change without notice, so this is a
 * preview to judge, not a record to publish blindly.
 *
 * @param networks the {@code ip4:}/{@code ip6:} terms the passing part of the tree expands to, in
 *     order of first appearance, without duplicates
 * @param keptTerms terms that cannot be flattened (ptr, exists, macros, and a failing include) and
 *     stay in the record
 * @param record the flattened record
 * @param lookupsBefore the DNS-querying terms of the current tree
 * @param lookupsAfter the DNS-querying terms left in the flattened record
 */
public record SpfFlattening(
    List<String> networks,
    List<String> keptTerms,
    String record,
    int lookupsBefore,
    int lookupsAfter) {
  public SpfFlattening {
    networks = List.copyOf(networks);
    keptTerms = List.copyOf(keptTerms);
  }

  /** How many lookups flattening would save. */
  public int savedLookups() {
    return Math.max(0, lookupsBefore - lookupsAfter);
  }

  /** The flattened record's length in bytes. */
  public int bytes() {
    return record.length();
  }
}
