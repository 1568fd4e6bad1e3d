// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.dmarcpilot.dns.DnssecLookup;
import org.dmarcpilot.policy.DiscoveryMethod;
import org.dmarcpilot.policy.PublicSuffixList;
import org.jspecify.annotations.Nullable;

/**
 * What the audit checks and how. Start from {@link #defaults()} and change parts with the {@code
 * with...} methods.
 *
 * @param selectors DKIM selectors to check besides the common ones; a missing one is an error
 * @param probeCommonSelectors whether to try the selectors of common mail services
 * @param parked whether the domain sends and receives no mail: then {@code v=spf1 -all}, {@code
 *     p=reject}, {@code sp=reject} and a null MX are expected
 * @param discoveryMethod how the DMARC policy and Organizational Domains are found
 * @param publicSuffixList the list for {@link DiscoveryMethod#PSL} mode
 * @param reverseDns whether to check the reverse DNS of the mail hosts' addresses
 * @param approvedMx mail hosts the domain may use (empty: any); others are reported
 * @param approvedNameServers name servers the domain may use (empty: any); others are reported
 * @param mtaStsPolicies where MTA-STS policy files come from, or null to not fetch them
 * @param smtpTls how mail hosts are probed for STARTTLS, or null to not probe them
 * @param dnssec how DNSSEC signing and DANE TLSA records are looked up, or null to not check them
 * @param bimi where the BIMI logo and mark certificate come from, or null to not fetch them
 * @param markAuthorities the certificate authorities a BIMI mark certificate (VMC or CMC) must lead
 *     to; empty: the chain is not checked
 */
public record AuditOptions(
    List<String> selectors,
    boolean probeCommonSelectors,
    boolean parked,
    DiscoveryMethod discoveryMethod,
    PublicSuffixList publicSuffixList,
    boolean reverseDns,
    List<String> approvedMx,
    List<String> approvedNameServers,
    @Nullable MtaStsPolicySource mtaStsPolicies,
    @Nullable SmtpTlsProbe smtpTls,
    @Nullable DnssecLookup dnssec,
    @Nullable BimiSource bimi,
    List<X509Certificate> markAuthorities) {
  public AuditOptions {
    markAuthorities = List.copyOf(markAuthorities);
    selectors = List.copyOf(selectors);
    Objects.requireNonNull(discoveryMethod, "discoveryMethod");
    Objects.requireNonNull(publicSuffixList, "publicSuffixList");
    approvedMx = List.copyOf(approvedMx);
    approvedNameServers = List.copyOf(approvedNameServers);
  }

  /** The defaults: common selectors, not parked, tree walk, reverse DNS, no HTTPS fetching. */
  public static AuditOptions defaults() {
    return new AuditOptions(
        List.of(),
        true,
        false,
        DiscoveryMethod.TREEWALK,
        PublicSuffixList.guava(),
        true,
        List.of(),
        List.of(),
        null,
        null,
        null,
        null,
        List.of());
  }

  /** A copy that also checks these selectors. */
  public AuditOptions withSelectors(List<String> newSelectors) {
    return edit(e -> e.selectors = newSelectors);
  }

  /** A copy with parked-domain expectations on or off. */
  public AuditOptions withParked(boolean newParked) {
    return edit(e -> e.parked = newParked);
  }

  /** A copy with common selectors probed or not. */
  public AuditOptions withCommonSelectors(boolean probe) {
    return edit(e -> e.probeCommonSelectors = probe);
  }

  /** A copy with another discovery method. */
  public AuditOptions withDiscovery(DiscoveryMethod method, PublicSuffixList list) {
    return edit(
        e -> {
          e.discoveryMethod = method;
          e.publicSuffixList = list;
        });
  }

  /** A copy with reverse DNS checks on or off. */
  public AuditOptions withReverseDns(boolean check) {
    return edit(e -> e.reverseDns = check);
  }

  /** A copy with lists of approved mail hosts and name servers (empty: no check). */
  public AuditOptions withApproved(List<String> mx, List<String> nameServers) {
    return edit(
        e -> {
          e.approvedMx = mx;
          e.approvedNameServers = nameServers;
        });
  }

  /** A copy that fetches MTA-STS policies from a source (null: do not fetch). */
  public AuditOptions withMtaStsPolicies(@Nullable MtaStsPolicySource source) {
    return edit(e -> e.mtaStsPolicies = source);
  }

  /** A copy that probes mail hosts for STARTTLS with this probe (null: do not probe). */
  public AuditOptions withSmtpTls(@Nullable SmtpTlsProbe probe) {
    return edit(e -> e.smtpTls = probe);
  }

  /** A copy that checks DNSSEC and DANE with this lookup (null: do not check). */
  public AuditOptions withDnssec(@Nullable DnssecLookup lookup) {
    return edit(e -> e.dnssec = lookup);
  }

  /**
   * A copy that fetches BIMI logos and certificates from a source (null: do not fetch) and checks
   * mark certificates against these authorities (empty: chain not checked).
   */
  public AuditOptions withBimi(@Nullable BimiSource source, List<X509Certificate> authorities) {
    return edit(
        e -> {
          e.bimi = source;
          e.markAuthorities = authorities;
        });
  }

  private AuditOptions edit(Consumer<Editor> change) {
    Editor editor = new Editor(this);
    change.accept(editor);
    return editor.build();
  }

  /** The options as mutable fields, for the copy-with methods. */
  private static final class Editor {
    private List<String> selectors;
    private boolean probeCommonSelectors;
    private boolean parked;
    private DiscoveryMethod discoveryMethod;
    private PublicSuffixList publicSuffixList;
    private boolean reverseDns;
    private List<String> approvedMx;
    private List<String> approvedNameServers;
    private @Nullable MtaStsPolicySource mtaStsPolicies;
    private @Nullable SmtpTlsProbe smtpTls;
    private @Nullable DnssecLookup dnssec;
    private @Nullable BimiSource bimi;
    private List<X509Certificate> markAuthorities;

    Editor(AuditOptions options) {
      selectors = options.selectors;
      probeCommonSelectors = options.probeCommonSelectors;
      parked = options.parked;
      discoveryMethod = options.discoveryMethod;
      publicSuffixList = options.publicSuffixList;
      reverseDns = options.reverseDns;
      approvedMx = options.approvedMx;
      approvedNameServers = options.approvedNameServers;
      mtaStsPolicies = options.mtaStsPolicies;
      smtpTls = options.smtpTls;
      dnssec = options.dnssec;
      bimi = options.bimi;
      markAuthorities = options.markAuthorities;
    }

    AuditOptions build() {
      return new AuditOptions(
          selectors,
          probeCommonSelectors,
          parked,
          discoveryMethod,
          publicSuffixList,
          reverseDns,
          approvedMx,
          approvedNameServers,
          mtaStsPolicies,
          smtpTls,
          dnssec,
          bimi,
          markAuthorities);
    }
  }
}
