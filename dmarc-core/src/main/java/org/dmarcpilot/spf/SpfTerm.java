// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.spf;

/** A term of an SPF record: a mechanism or a modifier. */
public sealed interface SpfTerm permits SpfMechanism, SpfModifier {
  /** The 0-based index of the term in the record text. */
  int index();

  /** The term as written. */
  String text();
}
