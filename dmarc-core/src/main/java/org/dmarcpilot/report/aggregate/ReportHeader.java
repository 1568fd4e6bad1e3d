// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything of an aggregate report before its records: what a streaming consumer needs to decide
 * about the report (deduplicate it, open a transaction) before the records arrive.
 *
 * @param version the {@code <version>} element as written, or null when absent
 * @param schema which schema the document followed
 * @param metadata the {@code <report_metadata>}
 * @param policyPublished the {@code <policy_published>}
 */
public record ReportHeader(
    @Nullable String version,
    ReportSchema schema,
    ReportMetadata metadata,
    PolicyPublished policyPublished) {

  /** Checks that the parts are present. */
  public ReportHeader {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(policyPublished, "policyPublished");
  }
}
