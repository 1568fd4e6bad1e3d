// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dmarcpilot.dns.DnsAnswer;
import org.dmarcpilot.dns.DnsResolver;
import org.dmarcpilot.dns.DomainNames;
import org.dmarcpilot.dns.RecordIssue;
import org.dmarcpilot.dns.TxtData;

/**
 * The external destination check (RFC 9990 "Verifying External Destinations", RFC 7489 §7.1): a
 * report address whose Organizational Domain differs from the policy domain's must be authorised by
 * a {@code v=DMARC1} TXT record at {@code <policy-domain>._report._dmarc.<destination-host>} (a
 * wildcard {@code *._report._dmarc.<host>} authorises every domain). The record may carry a {@code
 * rua} that replaces the address, on the same host only. Immutable and thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7489#section-7.1">RFC 7489 §7.1</a>
 */
public final class ExternalReportAuthorization {
  private final DnsResolver dns;
  private final OrgDomainDiscovery orgDomains;

  /**
   * @param dns the resolver
   * @param orgDomains how to decide whether the destination is external
   */
  public ExternalReportAuthorization(DnsResolver dns, OrgDomainDiscovery orgDomains) {
    this.dns = Objects.requireNonNull(dns, "dns");
    this.orgDomains = Objects.requireNonNull(orgDomains, "orgDomains");
  }

  /** The outcome of the check. */
  public enum Status {
    /** The destination is in the policy domain's organisation: no check needed. */
    NOT_NEEDED,
    /** A {@code v=DMARC1} record authorises the destination. */
    AUTHORIZED,
    /** No authorising record: reports must not be sent there. */
    NOT_AUTHORIZED,
    /** The query failed temporarily; a sender may defer. */
    TEMPFAIL
  }

  /**
   * The result.
   *
   * @param status what was decided
   * @param queryName the name queried, or an empty string when no query was needed
   * @param answer the DNS answer, or null when no query was made
   * @param overrideUris URIs of a {@code rua} in the authorising record on the same host
   * @param detail why, for a person to read
   */
  public record Outcome(
      Status status,
      String queryName,
      @org.jspecify.annotations.Nullable DnsAnswer<TxtData> answer,
      List<ReportUri> overrideUris,
      String detail) {
    public Outcome {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(queryName, "queryName");
      overrideUris = List.copyOf(overrideUris);
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * Checks whether reports about {@code policyDomain} may go to addresses at {@code destination}.
   */
  public Outcome check(String policyDomain, String destinationHost) {
    String domain = DomainNames.normalize(policyDomain);
    String host = DomainNames.normalize(destinationHost);
    if (domain.equals(host)) {
      return new Outcome(Status.NOT_NEEDED, "", null, List.of(), "the policy domain itself");
    }
    OrgDomainOutcome a = orgDomains.find(domain);
    OrgDomainOutcome b = orgDomains.find(host);
    boolean orgKnown =
        a.status() != DiscoveryStatus.TEMPFAIL && b.status() != DiscoveryStatus.TEMPFAIL;
    if (orgKnown && a.organizationalDomain().equals(b.organizationalDomain())) {
      return new Outcome(
          Status.NOT_NEEDED,
          "",
          null,
          List.of(),
          "same Organizational Domain " + a.organizationalDomain());
    }
    String name = domain + "._report._dmarc." + host;
    if (!DomainNames.isValid(name)) {
      return new Outcome(
          Status.NOT_AUTHORIZED, name, null, List.of(), "the name is too long or invalid for DNS");
    }
    DnsAnswer<TxtData> answer = dns.txt(name);
    if (!answer.status().isDefinite()) {
      return new Outcome(Status.TEMPFAIL, name, answer, List.of(), answer.detail());
    }
    for (TxtData t : answer.values()) {
      if (DmarcRecord.looksLikeDmarc(t.text())) {
        List<ReportUri> override = new ArrayList<>();
        List<RecordIssue> ignored = new ArrayList<>();
        DmarcRecord r = DmarcRecord.parseConstantOrNull(t.text(), ignored);
        if (r != null) {
          for (ReportUri u : r.aggregateReportUris()) {
            if (host.equals(u.host())) {
              override.add(u);
            }
          }
        }
        return new Outcome(Status.AUTHORIZED, name, answer, override, "authorised by " + name);
      }
    }
    if (!orgKnown) {
      // the destination may be in the policy domain's organisation, where no record is needed
      return new Outcome(
          Status.TEMPFAIL,
          name,
          answer,
          List.of(),
          "no record at "
              + name
              + ", and the Organizational Domain of "
              + (a.status() == DiscoveryStatus.TEMPFAIL ? domain : host)
              + " could not be found (DNS failure)");
    }
    return new Outcome(
        Status.NOT_AUTHORIZED,
        name,
        answer,
        List.of(),
        answer.isOk() ? "no v=DMARC1 record at " + name : answer.status() + " at " + name);
  }
}
