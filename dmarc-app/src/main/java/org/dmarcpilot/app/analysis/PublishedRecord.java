// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.dmarcpilot.dns.DnsStatus;
import org.jspecify.annotations.Nullable;

/**
 * The DMARC record a domain publishes at {@code _dmarc.<domain>} as one DNS lookup saw it.
 *
 * @param domain the domain, lower case
 * @param status what the lookup found
 * @param dns the DNS status of the TXT query
 * @param records the {@code v=DMARC1} TXT strings found (one when {@link Status#FOUND}, several
 *     when {@link Status#SEVERAL}, else none)
 * @param detail why the lookup failed ("timeout after …", "SERVFAIL from …"), or an empty string
 * @param checkedAt when the answer came
 */
public record PublishedRecord(
    String domain,
    Status status,
    DnsStatus dns,
    List<String> records,
    String detail,
    Instant checkedAt) {

  /** What a lookup of {@code _dmarc.<domain>} found. */
  public enum Status {
    /** Exactly one DMARC record. */
    FOUND,
    /** No DMARC record: NXDOMAIN, NODATA, or TXT records of which none starts with v=DMARC1. */
    NONE,
    /** More than one DMARC record: receivers ignore them all (RFC 7489 §6.6.3). */
    SEVERAL,
    /** DNS did not answer usably: a timeout, SERVFAIL, REFUSED; a later lookup may succeed. */
    FAILED
  }

  /** Checks and copies. */
  public PublishedRecord {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(dns, "dns");
    records = List.copyOf(records);
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(checkedAt, "checkedAt");
  }

  /** The record text when exactly one was found, else null. */
  public @Nullable String text() {
    return status == Status.FOUND ? records.get(0) : null;
  }

  /** The name looked up: {@code _dmarc.<domain>}. */
  public String name() {
    return "_dmarc." + domain;
  }

  /** One sentence for people: what the lookup found, and why not when it found nothing usable. */
  public String describe() {
    return switch (status) {
      case FOUND -> name() + " publishes a DMARC record.";
      case SEVERAL ->
          name()
              + " publishes "
              + records.size()
              + " DMARC records; receivers ignore them all until one is left.";
      case NONE ->
          switch (dns) {
            case NXDOMAIN -> name() + " does not exist (NXDOMAIN): no DMARC record is published.";
            case NODATA -> name() + " has no TXT record (NODATA): no DMARC record is published.";
            default -> name() + " has TXT records, but none starts with v=DMARC1.";
          };
      case FAILED ->
          "DNS did not answer for "
              + name()
              + (detail.isEmpty() ? "" : " (" + detail + ")")
              + "; the record is unknown for now.";
    };
  }
}
