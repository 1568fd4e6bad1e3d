// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.util.List;
import java.util.Objects;

/**
 * One result of the audit.
 *
 * @param id a stable identifier such as {@code dmarc.p-none}, for scripts and documentation
 * @param severity how serious it is
 * @param section the record it belongs to
 * @param title one line saying what was found
 * @param explanation what it means, in words a non-expert understands
 * @param fix what to do about it
 * @param evidence the records and queries it is based on, one per line
 */
public record Finding(
    String id,
    Severity severity,
    AuditSection section,
    String title,
    String explanation,
    String fix,
    List<String> evidence) {
  public Finding {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(section, "section");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(explanation, "explanation");
    Objects.requireNonNull(fix, "fix");
    evidence = List.copyOf(evidence);
  }
}
