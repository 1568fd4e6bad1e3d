// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dmarcpilot.dns.DnsAnswer;
import org.dmarcpilot.dns.DnsResolver;
import org.dmarcpilot.dns.DomainNames;
import org.dmarcpilot.dns.RecordIssue;
import org.dmarcpilot.dns.RecordSyntaxException;
import org.dmarcpilot.dns.TxtData;
import org.jspecify.annotations.Nullable;

/**
 * What one {@code _dmarc.<domain>} TXT query found, after the RFC 9989 §4.10 filtering: records not
 * starting with {@code v=DMARC1} are discarded; if more than one remains, all are discarded.
 *
 * @param domain the domain whose record was asked for (without {@code _dmarc.})
 * @param answer the DNS answer, for evidence
 * @param status what was found
 * @param record the one DMARC record when {@link Status#FOUND}, otherwise null
 * @param dmarcTexts the texts that start with {@code v=DMARC1} (two or more when {@link
 *     Status#MULTIPLE})
 * @param issues what the parser noticed in the record
 */
public record DmarcLookup(
    String domain,
    DnsAnswer<TxtData> answer,
    Status status,
    @Nullable DmarcRecord record,
    List<String> dmarcTexts,
    List<RecordIssue> issues) {

  /** What the query found. */
  public enum Status {
    /** Exactly one DMARC record. */
    FOUND,
    /** No TXT record starting with {@code v=DMARC1} (or no TXT record, or no such name). */
    NONE,
    /** More than one DMARC record: all are discarded. */
    MULTIPLE,
    /** The query failed temporarily. */
    TEMPFAIL
  }

  public DmarcLookup {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(status, "status");
    dmarcTexts = List.copyOf(dmarcTexts);
    issues = List.copyOf(issues);
    if ((status == Status.FOUND) != (record != null)) {
      throw new IllegalArgumentException("a record goes with FOUND and only with it");
    }
  }

  /** Queries {@code _dmarc.<domain>} and filters the answer. */
  public static DmarcLookup query(DnsResolver dns, String domain) {
    String d = DomainNames.normalize(domain);
    DnsAnswer<TxtData> answer = dns.txt(queryName(d));
    if (!answer.status().isDefinite()) {
      return new DmarcLookup(d, answer, Status.TEMPFAIL, null, List.of(), List.of());
    }
    List<String> texts = new ArrayList<>();
    for (TxtData t : answer.values()) {
      if (DmarcRecord.looksLikeDmarc(t.text())) {
        texts.add(t.text());
      }
    }
    if (texts.isEmpty()) {
      return new DmarcLookup(d, answer, Status.NONE, null, texts, List.of());
    }
    if (texts.size() > 1) {
      return new DmarcLookup(d, answer, Status.MULTIPLE, null, texts, List.of());
    }
    List<RecordIssue> issues = new ArrayList<>();
    try {
      DmarcRecord r = DmarcRecord.parse(texts.get(0), issues);
      return new DmarcLookup(d, answer, Status.FOUND, r, texts, issues);
    } catch (RecordSyntaxException e) {
      // looksLikeDmarc and parse agree on the version, so this does not happen; stay safe
      return new DmarcLookup(d, answer, Status.NONE, null, texts, issues);
    }
  }

  /** The name queried: {@code _dmarc.<domain>}. */
  public static String queryName(String domain) {
    return "_dmarc." + domain;
  }

  /** Whether exactly one record was found. */
  public boolean found() {
    return status == Status.FOUND;
  }

  /** The record, for a lookup known to be {@link Status#FOUND}. */
  public DmarcRecord expectRecord() {
    if (record == null) {
      throw new IllegalStateException("no DMARC record at _dmarc." + domain + ": " + status);
    }
    return record;
  }
}
