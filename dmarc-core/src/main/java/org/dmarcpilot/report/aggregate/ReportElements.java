// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

/**
 * The report's elements as {@link XmlRepair} needs to know them: which hold only text (so that
 * markup inside them can only be text), told apart by a small code instead of a string per tag.
 */
final class ReportElements {
  private ReportElements() {}

  /** Elements that hold only text (in any parent). */
  static final String[] LEAVES = {
    "version",
    "org_name",
    "email",
    "extra_contact_info",
    "report_id",
    "begin",
    "end",
    "error",
    "generator",
    "domain",
    "adkim",
    "aspf",
    "p",
    "sp",
    "np",
    "pct",
    "fo",
    "testing",
    "discovery_method",
    "source_ip",
    "count",
    "disposition",
    "type",
    "comment",
    "header_from",
    "envelope_from",
    "envelope_to",
    "selector",
    "result",
    "human_result",
    "scope"
  };

  /** The issue kind of a '<' inside each leaf. */
  static final String[] LEAF_KINDS = new String[LEAVES.length];

  static {
    for (int i = 0; i < LEAVES.length; i++) {
      LEAF_KINDS[i] = "lt-in-text:" + LEAVES[i];
    }
  }

  static final int OTHER = -1;
  static final int DKIM = 1000;
  static final int SPF = 1001;
  static final int POLICY_EVALUATED = 1002;

  /** The code of the element named by {@code text[start..end)}, compared without a prefix. */
  static int code(String text, int start, int end) {
    int local = start;
    for (int k = start; k < end; k++) {
      if (text.charAt(k) == ':') {
        local = k + 1;
      }
    }
    int n = end - local;
    for (int i = 0; i < LEAVES.length; i++) {
      if (LEAVES[i].length() == n && text.regionMatches(local, LEAVES[i], 0, n)) {
        return i;
      }
    }
    if (n == 4 && text.regionMatches(local, "dkim", 0, 4)) {
      return DKIM;
    }
    if (n == 3 && text.regionMatches(local, "spf", 0, 3)) {
      return SPF;
    }
    if (n == 16 && text.regionMatches(local, "policy_evaluated", 0, 16)) {
      return POLICY_EVALUATED;
    }
    return OTHER;
  }
}
