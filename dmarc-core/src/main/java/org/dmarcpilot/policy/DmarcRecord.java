// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.dmarcpilot.dns.RecordIssue;
import org.dmarcpilot.dns.RecordSyntaxException;

/**
 * A DMARC policy record (RFC 9989 §4.7, and RFC 7489 §6.3 as found in the wild), with the RFC
 * defaults resolved: {@code p} absent means none, {@code sp} falls back to {@code p}, {@code np} to
 * {@code sp} then {@code p}, {@code adkim}/{@code aspf} default to relaxed, {@code fo} to 0. The
 * tags as written are kept in {@link #tags()}.
 *
 * <pre>{@code
 * DmarcRecord r = DmarcRecord.parse("v=DMARC1; p=reject; rua=mailto:agg@example.com");
 * r.policy();                                   // REJECT
 * r.nonExistentPolicy();                        // REJECT (np falls back to sp, then p)
 * r.appliedPolicy(PolicyScope.SUBDOMAIN);       // Optional[REJECT]
 * }</pre>
 *
 * <p>Only a record that is not a DMARC record at all (empty, leading whitespace, not starting with
 * {@code v=DMARC1}) makes {@link #parse} throw. Errors in later tags are discarded in favour of the
 * defaults, as RFC 9989 says, and reported as {@link RecordIssue}s; an invalid {@code p}, {@code
 * sp} or {@code np} is remembered in {@link #invalidPolicyTags()} and decides {@link
 * #applicability()}.
 *
 * @param text the record as given
 * @param policy {@code p}; {@link Policy#NONE} when absent or invalid
 * @param subdomainPolicy {@code sp}, defaulting to {@code p}
 * @param nonExistentPolicy {@code np}, defaulting to {@code sp}, then {@code p}
 * @param psd {@code psd}, defaulting to {@link PsdFlag#UNKNOWN}
 * @param testing {@code t=y}: apply the policy one level lower
 * @param dkimAlignment {@code adkim}
 * @param spfAlignment {@code aspf}
 * @param failureOptions {@code fo}, defaulting to {@code 0}
 * @param aggregateReportUris the syntactically valid URIs of {@code rua}
 * @param failureReportUris the syntactically valid URIs of {@code ruf}
 * @param tags every tag that parsed, as written (names lower case), in order, including unknown and
 *     removed ones and duplicates
 * @param invalidPolicyTags the names among {@code p}, {@code sp}, {@code np} whose value is not
 *     valid
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9989#section-4.7">RFC 9989 §4.7</a>
 */
public record DmarcRecord(
    String text,
    Policy policy,
    Policy subdomainPolicy,
    Policy nonExistentPolicy,
    PsdFlag psd,
    boolean testing,
    AlignmentMode dkimAlignment,
    AlignmentMode spfAlignment,
    Set<FailureOption> failureOptions,
    List<ReportUri> aggregateReportUris,
    List<ReportUri> failureReportUris,
    List<Tag> tags,
    Set<String> invalidPolicyTags) {

  /**
   * One tag as written.
   *
   * @param name the tag name, lower case
   * @param value the value as written
   * @param index the 0-based index of the tag in the record text
   */
  public record Tag(String name, String value, int index) {
    public Tag {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  public DmarcRecord {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(subdomainPolicy, "subdomainPolicy");
    Objects.requireNonNull(nonExistentPolicy, "nonExistentPolicy");
    Objects.requireNonNull(psd, "psd");
    Objects.requireNonNull(dkimAlignment, "dkimAlignment");
    Objects.requireNonNull(spfAlignment, "spfAlignment");
    failureOptions = Set.copyOf(failureOptions);
    aggregateReportUris = List.copyOf(aggregateReportUris);
    failureReportUris = List.copyOf(failureReportUris);
    tags = List.copyOf(tags);
    invalidPolicyTags = Set.copyOf(invalidPolicyTags);
  }

  /**
   * Parses a DMARC record.
   *
   * @throws RecordSyntaxException if the text is not a DMARC record: empty, starting with
   *     whitespace, or not starting with {@code v=DMARC1}
   */
  public static DmarcRecord parse(String text) throws RecordSyntaxException {
    return parse(text, new ArrayList<>());
  }

  /**
   * Parses a DMARC record and adds every deviation to {@code issues}: tags that do not parse,
   * unknown, removed and duplicate tags, invalid values, upper case, obsolete {@code !size},
   * unsupported URI schemes, {@code p} not second.
   *
   * @throws RecordSyntaxException if the text is not a DMARC record
   */
  public static DmarcRecord parse(String text, List<RecordIssue> issues)
      throws RecordSyntaxException {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(issues, "issues");
    return DmarcRecordParser.parse(text, issues);
  }

  /**
   * Parses a record known to be valid, such as a literal.
   *
   * @throws IllegalArgumentException if it is not a DMARC record
   */
  public static DmarcRecord parseConstant(String text) {
    try {
      return parse(text);
    } catch (RecordSyntaxException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Parses a record, or returns null when it is not a DMARC record. */
  static @org.jspecify.annotations.Nullable DmarcRecord parseConstantOrNull(
      String text, List<RecordIssue> issues) {
    try {
      return parse(text, issues);
    } catch (RecordSyntaxException e) {
      return null;
    }
  }

  /** Whether a text starts like a DMARC record ({@code v=DMARC1} then the end or a separator). */
  public static boolean looksLikeDmarc(String text) {
    return DmarcRecordParser.versionEnd(text) >= 0;
  }

  /** The value of the first occurrence of a tag as written (name in any case). */
  public Optional<String> tag(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    for (Tag t : tags) {
      if (t.name().equals(n)) {
        return Optional.of(t.value());
      }
    }
    return Optional.empty();
  }

  /** Whether the record writes a tag (name in any case). */
  public boolean hasTag(String name) {
    return tag(name).isPresent();
  }

  /** Whether {@code rua} holds at least one syntactically valid URI. */
  public boolean hasValidRua() {
    return !aggregateReportUris.isEmpty();
  }

  /** Whether the policy tags can be applied (RFC 9989 §4.10.1; see {@link PolicyApplicability}). */
  public PolicyApplicability applicability() {
    if (invalidPolicyTags.isEmpty()) {
      return PolicyApplicability.APPLY;
    }
    return hasValidRua() ? PolicyApplicability.APPLY_AS_NONE : PolicyApplicability.NOT_APPLICABLE;
  }

  /**
   * The policy the record requests for a scope, before testing mode; empty when no DMARC processing
   * applies ({@link PolicyApplicability#NOT_APPLICABLE}).
   */
  public Optional<Policy> requestedPolicy(PolicyScope scope) {
    return switch (applicability()) {
      case NOT_APPLICABLE -> Optional.empty();
      case APPLY_AS_NONE -> Optional.of(Policy.NONE);
      case APPLY ->
          Optional.of(
              switch (scope) {
                case DOMAIN -> policy;
                case SUBDOMAIN -> subdomainPolicy;
                case NON_EXISTENT_SUBDOMAIN -> nonExistentPolicy;
              });
    };
  }

  /**
   * The policy to apply for a scope: {@link #requestedPolicy} one level lower when {@code t=y}.
   * Empty when no DMARC processing applies.
   */
  public Optional<Policy> appliedPolicy(PolicyScope scope) {
    return requestedPolicy(scope).map(p -> testing ? p.downgraded() : p);
  }

  /** The obsolete {@code pct} value (RFC 7489) when written as a number 0 to 100. */
  public OptionalInt legacyPercent() {
    Optional<String> pct = tag("pct");
    if (pct.isEmpty() || !pct.get().matches("[0-9]{1,3}")) {
      return OptionalInt.empty();
    }
    int v = Integer.parseInt(pct.get());
    return v <= 100 ? OptionalInt.of(v) : OptionalInt.empty();
  }

  @Override
  public String toString() {
    return text;
  }
}
