// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

/**
 * The data of one resource record, typed by what it holds. {@link DnsResolver#query} returns these;
 * the typed methods of {@link DnsResolver} unwrap them.
 */
public sealed interface ResourceData permits TxtData, AddressData, MxData, NameData {

  /** The data in zone-file presentation form, for evidence and logs. */
  String presentation();
}
