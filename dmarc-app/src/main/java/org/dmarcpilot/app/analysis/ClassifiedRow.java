// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * One report row after analysis: where it came from, its source and class. The unit that summaries
 * and the policy simulation add up.
 *
 * @param reporter the reporting organisation
 * @param begin start of the report's period
 * @param end end of the report's period
 * @param policyDomain the report's policy domain
 * @param headerFrom the From domain of the row
 * @param sourceIp the source IP
 * @param source the source the row belongs to
 * @param sourceClass the row's class
 * @param dmarcPass the recomputed DMARC verdict
 * @param dkimAligned the recomputed DKIM alignment
 * @param spfAligned the recomputed SPF alignment
 * @param reporterDisagrees whether the reporter's {@code policy_evaluated} differs
 * @param count the number of messages
 */
public record ClassifiedRow(
    String reporter,
    Instant begin,
    Instant end,
    String policyDomain,
    String headerFrom,
    InetAddress sourceIp,
    SourceKey source,
    SourceClass sourceClass,
    boolean dmarcPass,
    boolean dkimAligned,
    boolean spfAligned,
    boolean reporterDisagrees,
    long count) {
  public ClassifiedRow {
    Objects.requireNonNull(reporter, "reporter");
    Objects.requireNonNull(begin, "begin");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(policyDomain, "policyDomain");
    Objects.requireNonNull(headerFrom, "headerFrom");
    Objects.requireNonNull(sourceIp, "sourceIp");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sourceClass, "sourceClass");
  }
}
