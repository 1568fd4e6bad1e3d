// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * One {@code <record>} row: the messages from one source IP with one set of authentication results.
 *
 * @param sourceIp the sending IP address
 * @param count the number of messages, zero or more
 * @param policyEvaluated what the reporter did and why
 * @param identifiers the header and envelope domains
 * @param dkim DKIM results in report order (RFC 9990: aligned passes first)
 * @param spf SPF results in report order (RFC 9990: at most one)
 * @param extensions record-level extension elements (RFC 9990: any element after {@code
 *     auth_results}), each kept as raw XML
 */
public record ReportRecord(
    InetAddress sourceIp,
    long count,
    PolicyEvaluated policyEvaluated,
    Identifiers identifiers,
    List<DkimAuthResult> dkim,
    List<SpfAuthResult> spf,
    List<String> extensions) {
  public ReportRecord {
    Objects.requireNonNull(sourceIp, "sourceIp");
    Objects.requireNonNull(policyEvaluated, "policyEvaluated");
    Objects.requireNonNull(identifiers, "identifiers");
    if (count < 0) {
      throw new IllegalArgumentException("negative count: " + count);
    }
    dkim = List.copyOf(dkim);
    spf = List.copyOf(spf);
    extensions = List.copyOf(extensions);
  }
}
