// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.util.List;
import java.util.Objects;

/**
 * A reporter whose {@code policy_evaluated} disagrees with the alignment recomputed from its own
 * authentication results (the Zoho sample says {@code dkim=fail} next to an aligned DKIM pass).
 *
 * @param reporter the reporting organisation
 * @param domain the policy domain
 * @param rows rows that disagree
 * @param messages messages in those rows
 * @param examples up to three descriptions of the disagreements
 */
public record ReporterFlag(
    String reporter, String domain, long rows, long messages, List<String> examples) {
  public ReporterFlag {
    Objects.requireNonNull(reporter, "reporter");
    Objects.requireNonNull(domain, "domain");
    examples = List.copyOf(examples);
  }
}
