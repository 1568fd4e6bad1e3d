// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.util.Locale;

/**
 * Why a receiver departed from the published policy (XSD {@code PolicyOverrideType}); {@code
 * forwarded} and {@code sampled_out} are RFC 7489 only, {@code policy_test_mode} RFC 9990 only.
 */
public enum PolicyOverrideType {
  /** {@code forwarded}. */
  FORWARDED,
  /** {@code sampled_out}. */
  SAMPLED_OUT,
  /** {@code trusted_forwarder}. */
  TRUSTED_FORWARDER,
  /** {@code mailing_list}. */
  MAILING_LIST,
  /** {@code local_policy}. */
  LOCAL_POLICY,
  /** {@code policy_test_mode}. */
  POLICY_TEST_MODE,
  /** {@code other}. */
  OTHER;

  /** The value as written in reports, lower case. */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }
}
