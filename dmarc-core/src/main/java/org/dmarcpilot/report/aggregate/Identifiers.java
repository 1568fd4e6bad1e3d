// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code <identifiers>} of a record.
 *
 * @param headerFrom the RFC5322.From domain, lower case (may be empty when the reporter left it
 *     empty; the reader records an issue)
 * @param envelopeFrom the RFC5321.MailFrom domain, or null when absent; empty for a null
 *     reverse-path
 * @param envelopeTo the RFC5321.RcptTo domain, or null
 */
public record Identifiers(
    String headerFrom, @Nullable String envelopeFrom, @Nullable String envelopeTo) {
  public Identifiers {
    Objects.requireNonNull(headerFrom, "headerFrom");
  }
}
