// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

import java.util.List;
import java.util.Map;
import org.dmarcpilot.app.analysis.SourceClass;
import org.dmarcpilot.app.analysis.SourceReport;

/**
 * A domain's sending sources over a range ({@code GET /api/v1/domains/{domain}/sources}).
 *
 * @param domain the policy domain
 * @param range the days
 * @param messages all messages of the range
 * @param byClass all messages per class
 * @param sourceCount how many sources there are in all
 * @param sources the largest sources (services and single addresses), largest first
 * @param unlisted messages of the sources not listed, per class
 * @param fromDomains the header From domains (the domain and its subdomains), by name
 */
public record SourcesJson(
    String domain,
    RangeJson range,
    long messages,
    Map<SourceClass, Long> byClass,
    int sourceCount,
    List<SourceReport> sources,
    Map<SourceClass, Long> unlisted,
    List<FromDomainJson> fromDomains) {

  /**
   * One header From domain.
   *
   * @param domain the From domain
   * @param messages its messages
   * @param dmarcPass of which pass DMARC (recomputed)
   * @param dkimAligned of which have aligned DKIM
   * @param spfAligned of which have aligned SPF
   * @param byClass its messages per class
   */
  public record FromDomainJson(
      String domain,
      long messages,
      long dmarcPass,
      long dkimAligned,
      long spfAligned,
      Map<SourceClass, Long> byClass) {}
}
