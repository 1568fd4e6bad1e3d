// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.spf;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dmarcpilot.dns.RecordIssue;
import org.dmarcpilot.dns.RecordSyntaxException;

/**
 * An SPF record (RFC 7208 §4.5, §12): the version and its terms in order.
 *
 * <pre>{@code
 * SpfRecord r = SpfRecord.parse("v=spf1 ip4:192.0.2.0/24 include:_spf.example.net -all");
 * r.mechanisms().get(0).ip4Prefix();    // 24
 * r.all().get().qualifier();            // FAIL
 * }</pre>
 *
 * <p>{@link #parse} throws for everything that makes {@code check_host()} return permerror: an
 * unknown mechanism, a malformed domain-spec, IP network or macro, a missing value, a second {@code
 * redirect} or {@code exp}. Things that are valid but unwise (terms after {@code all}, {@code ptr},
 * unknown modifiers, a {@code redirect} next to {@code all}) are reported as {@link RecordIssue}s.
 *
 * @param text the record as given
 * @param terms the mechanisms and modifiers, in order
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7208#section-12">RFC 7208 §12</a>
 */
public record SpfRecord(String text, List<SpfTerm> terms) {
  public SpfRecord {
    Objects.requireNonNull(text, "text");
    terms = List.copyOf(terms);
  }

  /**
   * Parses an SPF record.
   *
   * @throws RecordSyntaxException naming the term and its position
   */
  public static SpfRecord parse(String text) throws RecordSyntaxException {
    return parse(text, new ArrayList<>());
  }

  /**
   * Parses an SPF record and adds non-fatal findings to {@code issues}.
   *
   * @throws RecordSyntaxException naming the term and its position
   */
  public static SpfRecord parse(String text, List<RecordIssue> issues)
      throws RecordSyntaxException {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(issues, "issues");
    return SpfRecordParser.parse(text, issues);
  }

  /**
   * Parses a record known to be valid, such as a literal.
   *
   * @throws IllegalArgumentException if it does not parse
   */
  public static SpfRecord parseConstant(String text) {
    try {
      return parse(text);
    } catch (RecordSyntaxException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Whether a TXT string is an SPF record: {@code v=spf1} (any case) followed by a space or the end
   * (RFC 7208 §4.5). Records that merely start with {@code v=spf1}, like {@code v=spf10}, are not.
   */
  public static boolean isSpf(String text) {
    return text.regionMatches(true, 0, "v=spf1", 0, 6)
        && (text.length() == 6 || text.charAt(6) == ' ');
  }

  /** The mechanisms, in order. */
  public List<SpfMechanism> mechanisms() {
    List<SpfMechanism> out = new ArrayList<>();
    for (SpfTerm t : terms) {
      if (t instanceof SpfMechanism m) {
        out.add(m);
      }
    }
    return out;
  }

  /** The modifiers, in order. */
  public List<SpfModifier> modifiers() {
    List<SpfModifier> out = new ArrayList<>();
    for (SpfTerm t : terms) {
      if (t instanceof SpfModifier m) {
        out.add(m);
      }
    }
    return out;
  }

  /** The first {@code all} mechanism. */
  public Optional<SpfMechanism> all() {
    return mechanisms().stream().filter(m -> m.type() == MechanismType.ALL).findFirst();
  }

  /** The {@code redirect} modifier. */
  public Optional<SpfModifier> redirect() {
    return modifier("redirect");
  }

  /** The {@code exp} modifier. */
  public Optional<SpfModifier> explanation() {
    return modifier("exp");
  }

  private Optional<SpfModifier> modifier(String name) {
    return modifiers().stream().filter(m -> m.name().equals(name)).findFirst();
  }

  @Override
  public String toString() {
    return text;
  }
}
