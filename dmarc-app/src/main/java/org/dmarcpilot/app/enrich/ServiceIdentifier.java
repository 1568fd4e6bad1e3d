// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.dmarcpilot.app.enrich.catalogue.SenderCatalogue;
import org.dmarcpilot.app.enrich.catalogue.SendingService;
import org.dmarcpilot.report.aggregate.DkimAuthResult;
import org.dmarcpilot.report.aggregate.DkimResultType;
import org.jspecify.annotations.Nullable;

/**
 * Names the sending service behind a source from layered evidence, strongest first:
 *
 * <ol>
 *   <li>a DKIM signature with the service's {@code d=} domain (HIGH when it passed, else MEDIUM);
 *   <li>the envelope domain is the service's return-path domain (HIGH when SPF passed, else
 *       MEDIUM);
 *   <li>the source's PTR name is one of the service's outbound hosts (HIGH when forward-confirmed,
 *       else LOW: anyone can write any PTR for their own addresses);
 *   <li>a DKIM selector the service uses, on a signature for another domain (LOW);
 *   <li>the source's AS carries the service's mail (LOW).
 * </ol>
 *
 * Each service's score is the sum of its evidence (HIGH 3, MEDIUM 2, LOW 1, one per kind); the
 * highest score wins, then the strongest single piece, then a service that does not forward. The
 * confidence is the strongest piece, one level up when two kinds of evidence agree. Immutable and
 * thread-safe.
 */
public final class ServiceIdentifier {
  private final SenderCatalogue catalogue;

  /** An identifier over the given catalogue. */
  public ServiceIdentifier(SenderCatalogue catalogue) {
    this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
  }

  /** The catalogue it identifies from. */
  public SenderCatalogue catalogue() {
    return catalogue;
  }

  /**
   * Identifies the service behind one report row.
   *
   * @param facts what enrichment knows about the source IP
   * @param dkim the DKIM results of the row
   * @param envelopeDomain the envelope (MAIL FROM) domain, or null
   * @param spfPassed whether SPF passed for the envelope domain
   */
  public Identification identify(
      IpFacts facts,
      List<DkimAuthResult> dkim,
      @Nullable String envelopeDomain,
      boolean spfPassed) {
    Map<SendingService, EnumMap<EvidenceKind, Evidence>> found = new LinkedHashMap<>();
    for (DkimAuthResult sig : dkim) {
      String d = sig.domain().toLowerCase(Locale.ROOT);
      if (d.isEmpty()) {
        continue;
      }
      List<SendingService> byDomain = catalogue.byDkimDomain(d);
      Confidence strength =
          sig.result() == DkimResultType.PASS ? Confidence.HIGH : Confidence.MEDIUM;
      for (SendingService s : byDomain) {
        add(
            found,
            s,
            new Evidence(EvidenceKind.DKIM_DOMAIN, d, matched(s.dkimDomains(), d), strength));
      }
      String selector = sig.selector();
      if (byDomain.isEmpty() && selector != null && !selector.isEmpty()) {
        for (SendingService s : catalogue.bySelector(selector)) {
          add(found, s, new Evidence(EvidenceKind.DKIM_SELECTOR, selector, s.id(), Confidence.LOW));
        }
      }
    }
    if (envelopeDomain != null && !envelopeDomain.isEmpty()) {
      String e = envelopeDomain.toLowerCase(Locale.ROOT);
      Confidence strength = spfPassed ? Confidence.HIGH : Confidence.MEDIUM;
      for (SendingService s : catalogue.byEnvelopeDomain(e)) {
        add(
            found,
            s,
            new Evidence(
                EvidenceKind.ENVELOPE_DOMAIN, e, matched(s.envelopeDomains(), e), strength));
      }
    }
    String ptr = facts.ptr();
    if (ptr != null && !ptr.isEmpty()) {
      Confidence strength = facts.forwardConfirmed() ? Confidence.HIGH : Confidence.LOW;
      for (SendingService s : catalogue.byPtr(ptr)) {
        add(found, s, new Evidence(EvidenceKind.PTR, ptr, matched(s.ptrSuffixes(), ptr), strength));
      }
    }
    Long asn = facts.asn();
    if (asn != null) {
      for (SendingService s : catalogue.byAsn(asn)) {
        add(found, s, new Evidence(EvidenceKind.ASN, asn.toString(), "AS" + asn, Confidence.LOW));
      }
    }
    if (found.isEmpty()) {
      return Identification.none();
    }
    List<Map.Entry<SendingService, EnumMap<EvidenceKind, Evidence>>> ranked =
        new ArrayList<>(found.entrySet());
    Comparator<Map.Entry<SendingService, EnumMap<EvidenceKind, Evidence>>> order =
        Comparator.<Map.Entry<SendingService, EnumMap<EvidenceKind, Evidence>>>comparingInt(
                en -> score(en.getValue()))
            .thenComparing(en -> strongest(en.getValue()))
            .thenComparing(en -> !en.getKey().forwarding())
            .reversed();
    ranked.sort(order);
    var best = ranked.get(0);
    List<SendingService> alternatives = new ArrayList<>();
    for (int i = 1; i < ranked.size(); i++) {
      var other = ranked.get(i);
      if (score(other.getValue()) == score(best.getValue())
          && strongest(other.getValue()) == strongest(best.getValue())) {
        alternatives.add(other.getKey());
      }
    }
    List<Evidence> evidence = new ArrayList<>(best.getValue().values());
    evidence.sort(Comparator.comparing(Evidence::strength).reversed());
    Confidence confidence = strongest(best.getValue());
    if (best.getValue().size() >= 2) {
      confidence = confidence.raised();
    }
    return new Identification(best.getKey(), confidence, evidence, alternatives);
  }

  private static void add(
      Map<SendingService, EnumMap<EvidenceKind, Evidence>> found, SendingService s, Evidence e) {
    EnumMap<EvidenceKind, Evidence> m =
        found.computeIfAbsent(s, k -> new EnumMap<>(EvidenceKind.class));
    Evidence old = m.get(e.kind());
    if (old == null || old.strength().compareTo(e.strength()) < 0) {
      m.put(e.kind(), e);
    }
  }

  private static int score(EnumMap<EvidenceKind, Evidence> m) {
    int total = 0;
    for (Evidence e : m.values()) {
      total += e.strength().ordinal() + 1;
    }
    return total;
  }

  private static Confidence strongest(EnumMap<EvidenceKind, Evidence> m) {
    Confidence c = Confidence.LOW;
    for (Evidence e : m.values()) {
      if (e.strength().compareTo(c) > 0) {
        c = e.strength();
      }
    }
    return c;
  }

  /** The catalogue entry (the longest listed suffix) that a name matched. */
  private static String matched(List<String> listed, String name) {
    String best = "";
    for (String d : listed) {
      if ((name.equals(d) || name.endsWith("." + d)) && d.length() > best.length()) {
        best = d;
      }
    }
    return best.isEmpty() ? name : best;
  }
}
