// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The figures of all records matching a {@link RecordFilter}, summed by the database, not from a
 * page of rows.
 *
 * @param records the number of records
 * @param messages their messages
 * @param dmarcPass messages that passed DMARC as the reporters evaluated it (DKIM or SPF aligned)
 * @param domains the policy domains, most messages first, at most {@value #MAX_NAMES}
 * @param domainCount the number of policy domains, listed or not
 * @param reporters the reporters ({@code org_name}), most messages first, at most {@value
 *     #MAX_NAMES}
 * @param reporterCount the number of reporters, listed or not
 * @param days the days of the reports' periods (their UTC begin), oldest first
 */
public record RecordTotals(
    long records,
    long messages,
    long dmarcPass,
    List<Named> domains,
    long domainCount,
    List<Named> reporters,
    long reporterCount,
    List<LocalDate> days) {
  /** The most domains or reporters listed: {@value}. */
  public static final int MAX_NAMES = 100;

  /** Copies the lists. */
  public RecordTotals {
    domains = List.copyOf(domains);
    reporters = List.copyOf(reporters);
    days = List.copyOf(days);
  }

  /**
   * A name with its messages.
   *
   * @param name the domain or reporter
   * @param messages its messages
   */
  public record Named(String name, long messages) {
    /** Checks the name is present. */
    public Named {
      Objects.requireNonNull(name, "name");
    }
  }
}
