// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.util.List;
import java.util.Objects;

/**
 * The DMARC record to publish next, for the domain's stage of deployment.
 *
 * @param name where to publish it, such as {@code _dmarc.example.com}
 * @param record the TXT record text
 * @param current the stage the domain is at
 * @param next the stage the record moves it to (equal to {@code current} when nothing changes)
 * @param notes why, and when to take the step, one sentence each
 */
public record RecommendedRecord(
    String name, String record, Stage current, Stage next, List<String> notes) {
  public RecommendedRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(next, "next");
    notes = List.copyOf(notes);
  }

  /** The stages of a DMARC deployment, in order. */
  public enum Stage {
    /** No usable DMARC record. */
    NO_RECORD("no DMARC record"),
    /** {@code p=none}: monitoring. */
    MONITORING("monitoring (p=none)"),
    /** {@code p=quarantine; t=y}: quarantine announced, applied as none by RFC 9989 receivers. */
    QUARANTINE_TESTING("quarantine in testing mode (p=quarantine; t=y)"),
    /** {@code p=quarantine}. */
    QUARANTINE("quarantine (p=quarantine)"),
    /** {@code p=reject; t=y}: applied as quarantine by RFC 9989 receivers. */
    REJECT_TESTING("reject in testing mode (p=reject; t=y)"),
    /** {@code p=reject}: full protection. */
    REJECT("reject (p=reject)"),
    /** A domain that sends no mail, locked down. */
    PARKED("parked (reject everything)");

    private final String label;

    Stage(String label) {
      this.label = label;
    }

    /** A short description for people. */
    public String label() {
      return label;
    }
  }

  /** Whether the recommendation changes the record. */
  public boolean changes() {
    return current != next;
  }
}
