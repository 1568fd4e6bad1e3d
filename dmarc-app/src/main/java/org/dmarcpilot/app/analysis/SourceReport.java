// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dmarcpilot.app.enrich.Confidence;
import org.dmarcpilot.app.enrich.catalogue.AlignmentFix;
import org.jspecify.annotations.Nullable;

/**
 * One source of a domain over a period, with its class, the evidence and the fix: a row of the
 * {@code sources} table and of the dashboard's source list.
 *
 * @param domain the policy domain
 * @param source the key (service or IP)
 * @param serviceId the catalogued service id, or null
 * @param serviceName the service's display name, or null
 * @param confidence how sure the service identification is (LOW when there is none)
 * @param sourceClass the class of the largest share of its messages
 * @param messages all its messages
 * @param messagesByClass its messages per class (every class present, zero when none)
 * @param dmarcPass messages passing DMARC (recomputed)
 * @param dkimAligned messages with aligned DKIM
 * @param spfAligned messages with aligned SPF
 * @param ips the distinct source IPs (at most {@value SourceAnalyzer#MAX_IPS_LISTED} listed)
 * @param ipCount the number of distinct source IPs
 * @param ptrNames reverse-DNS names seen (at most {@value SourceAnalyzer#MAX_IPS_LISTED})
 * @param countries country codes seen, empty when no GeoIP data is installed
 * @param reporters the reporters that saw it
 * @param evidence why it has its class and service, most telling first
 * @param fix what to change for a source that is yours but not aligned, or null
 * @param ownerMark the owner's mark, or null
 */
public record SourceReport(
    String domain,
    SourceKey source,
    @Nullable String serviceId,
    @Nullable String serviceName,
    Confidence confidence,
    SourceClass sourceClass,
    long messages,
    Map<SourceClass, Long> messagesByClass,
    long dmarcPass,
    long dkimAligned,
    long spfAligned,
    List<String> ips,
    int ipCount,
    List<String> ptrNames,
    List<String> countries,
    List<String> reporters,
    List<String> evidence,
    @Nullable AlignmentFix fix,
    @Nullable OwnerMark ownerMark) {
  public SourceReport {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(confidence, "confidence");
    Objects.requireNonNull(sourceClass, "sourceClass");
    messagesByClass = Map.copyOf(messagesByClass);
    ips = List.copyOf(ips);
    ptrNames = List.copyOf(ptrNames);
    countries = List.copyOf(countries);
    reporters = List.copyOf(reporters);
    evidence = List.copyOf(evidence);
  }

  /** A readable name: the service name, else the IP with its PTR name when known. */
  public String label() {
    if (serviceName != null) {
      return serviceName;
    }
    return ptrNames.isEmpty() ? source.value() : source.value() + " (" + ptrNames.get(0) + ")";
  }
}
