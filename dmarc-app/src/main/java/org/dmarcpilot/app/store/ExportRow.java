// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One record joined with its report's metadata, as {@code export} writes it. Enumerated values are
 * the tokens reports use ({@code reject}, {@code pass}, ...).
 *
 * @param reportPk the report's primary key
 * @param orgName the reporter
 * @param reportId the reporter's report id
 * @param policyDomain the policy domain
 * @param begin start of the reporting period
 * @param end end of the reporting period
 * @param policyP the published {@code p}, or null
 * @param sourceIp the sending IP
 * @param messageCount the number of messages
 * @param disposition the applied disposition
 * @param dkimAligned the reporter's DKIM alignment verdict, or null
 * @param spfAligned the reporter's SPF alignment verdict, or null
 * @param headerFrom the RFC5322.From domain
 * @param envelopeFrom the RFC5321.MailFrom domain, or null
 * @param envelopeTo the RFC5321.RcptTo domain, or null
 * @param dkim the record's DKIM results, in the report's order
 * @param spf the record's SPF results, in the report's order
 * @param overrides the reasons the receiver gave for overriding the policy, in the report's order
 */
public record ExportRow(
    long reportPk,
    String orgName,
    String reportId,
    String policyDomain,
    Instant begin,
    Instant end,
    @Nullable String policyP,
    String sourceIp,
    long messageCount,
    String disposition,
    @Nullable String dkimAligned,
    @Nullable String spfAligned,
    String headerFrom,
    @Nullable String envelopeFrom,
    @Nullable String envelopeTo,
    List<Dkim> dkim,
    List<Spf> spf,
    List<Reason> overrides) {

  /** Copies the lists. */
  public ExportRow {
    dkim = List.copyOf(dkim);
    spf = List.copyOf(spf);
    overrides = List.copyOf(overrides);
  }

  /** The DKIM results as one line of text: {@code domain/selector=result}, joined by spaces. */
  public String dkimText() {
    return dkim.stream().map(Dkim::text).collect(Collectors.joining(" "));
  }

  /** The SPF results as one line of text: {@code scope:domain=result}, joined by spaces. */
  public String spfText() {
    return spf.stream().map(Spf::text).collect(Collectors.joining(" "));
  }

  /** The override reasons as one line of text: {@code type} or {@code type(comment)}. */
  public String overridesText() {
    return overrides.stream().map(Reason::text).collect(Collectors.joining(" "));
  }

  /**
   * One DKIM result of a record.
   *
   * @param domain the {@code d=} domain
   * @param selector the selector, or null when the report gave none
   * @param result the result word ({@code pass}, {@code fail}, ...)
   * @param humanResult the reporter's free text, or null
   */
  public record Dkim(
      String domain, @Nullable String selector, String result, @Nullable String humanResult) {
    /** Checks the required fields. */
    public Dkim {
      Objects.requireNonNull(domain, "domain");
      Objects.requireNonNull(result, "result");
    }

    /**
     * This result as text: {@code domain/selector=result}, the selector empty when the report gave
     * none (as the records list and the CSV export show it).
     */
    public String text() {
      return domain + "/" + (selector == null ? "" : selector) + "=" + result;
    }
  }

  /**
   * One SPF result of a record.
   *
   * @param domain the checked domain
   * @param scope {@code mfrom} or {@code helo}, or null when the report gave none
   * @param result the result word
   * @param humanResult the reporter's free text, or null
   */
  public record Spf(
      String domain, @Nullable String scope, String result, @Nullable String humanResult) {
    /** Checks the required fields. */
    public Spf {
      Objects.requireNonNull(domain, "domain");
      Objects.requireNonNull(result, "result");
    }

    /**
     * This result as text: {@code scope:domain=result}, or {@code domain=result} when the report
     * gave no scope (as the records list and the CSV export show it).
     */
    public String text() {
      return (scope == null ? "" : scope + ":") + domain + "=" + result;
    }
  }

  /**
   * One reason a receiver gave for not applying the published policy.
   *
   * @param type the reason's word ({@code forwarded}, {@code mailing_list}, ...)
   * @param comment the reporter's comment, or null
   */
  public record Reason(String type, @Nullable String comment) {
    /** Checks the required fields. */
    public Reason {
      Objects.requireNonNull(type, "type");
    }

    /**
     * This reason as text: {@code type}, or {@code type(comment)} when the reporter commented (as
     * the records list and the CSV export show it).
     */
    public String text() {
      return comment == null || comment.isEmpty() ? type : type + "(" + comment + ")";
    }
  }
}
