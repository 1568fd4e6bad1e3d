// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dmarcpilot.dns.DomainNames;
import org.dmarcpilot.dns.RecordIssue;
import org.dmarcpilot.dns.RecordIssue.Kind;
import org.dmarcpilot.dns.RecordSyntaxException;
import org.dmarcpilot.internal.TagValueList;
import org.jspecify.annotations.Nullable;

/**
 * The DMARC record grammar (RFC 9989 "Formal Definition", RFC 7489 §6.4):
 *
 * <pre>
 * dmarc-record   = dmarc-version *(dmarc-sep dmarc-tag) [dmarc-sep]
 * dmarc-version  = "v" *WSP "=" *WSP %x44.4d.41.52.43.31   ; "DMARC1", case-sensitive
 * dmarc-sep      = *WSP ";" *WSP
 * dmarc-request  = "none" / "quarantine" / "reject"
 * dmarc-yorn     = "y" / "n"
 * dmarc-psd      = "y" / "n" / "u"
 * dmarc-rors     = "r" / "s"
 * dmarc-fo       = ( "0" / "1" / "d" / "s" ) *( *WSP ":" *WSP ( "0" / "1" / "d" / "s" ) )
 * dmarc-urilist  = dmarc-uri *( *WSP "," *WSP dmarc-uri )
 * dmarc-uri      = URI [ "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] ]   ; the suffix is obsolete
 * </pre>
 */
final class DmarcRecordParser {
  private DmarcRecordParser() {}

  /** The index just after {@code v=DMARC1}, or -1 if the text does not start with it. */
  static int versionEnd(String text) {
    int i = 0;
    int n = text.length();
    if (i >= n || (text.charAt(i) != 'v' && text.charAt(i) != 'V')) {
      return -1;
    }
    i++;
    while (i < n && isWsp(text.charAt(i))) {
      i++;
    }
    if (i >= n || text.charAt(i) != '=') {
      return -1;
    }
    i++;
    while (i < n && isWsp(text.charAt(i))) {
      i++;
    }
    if (!text.startsWith("DMARC1", i)) {
      return -1;
    }
    i += 6;
    int j = i;
    while (j < n && isWsp(text.charAt(j))) {
      j++;
    }
    return j == n || text.charAt(j) == ';' ? i : -1;
  }

  static DmarcRecord parse(String text, List<RecordIssue> issues) throws RecordSyntaxException {
    if (text.isEmpty()) {
      throw new RecordSyntaxException(text, 0, "empty record");
    }
    if (TagValueList.isWhitespace(text.charAt(0))) {
      throw new RecordSyntaxException(
          text, 0, "the record starts with whitespace, so receivers do not see v=DMARC1 first");
    }
    if (versionEnd(text) < 0) {
      String lower = text.toLowerCase(Locale.ROOT);
      String problem =
          lower.startsWith("v") && lower.replace(" ", "").startsWith("v=dmarc1")
              ? "the version must be exactly DMARC1 (upper case) and be followed by ';'"
              : "a DMARC record must start with v=DMARC1";
      throw new RecordSyntaxException(text, 0, problem);
    }
    if (text.charAt(0) == 'V') {
      issues.add(new RecordIssue(Kind.CASE, "v", 0, "the tag name V is written in upper case"));
    }
    TagValueList list = TagValueList.parse(text);
    for (TagValueList.Problem p : list.problems()) {
      issues.add(new RecordIssue(Kind.SYNTAX, "", p.index(), p.message() + "; ignored"));
    }
    State s = new State();
    Set<String> seen = new HashSet<>();
    List<DmarcRecord.Tag> tags = new ArrayList<>();
    int position = 0;
    for (TagValueList.Tag t : list.tags()) {
      String name = t.name().toLowerCase(Locale.ROOT);
      int at = t.nameIndex();
      if (at == 0) {
        seen.add("v");
        tags.add(new DmarcRecord.Tag("v", t.value(), 0));
        position++;
        continue;
      }
      position++;
      tags.add(new DmarcRecord.Tag(name, t.value(), at));
      if (!name.equals(t.name())) {
        issues.add(
            new RecordIssue(
                Kind.CASE, name, at, "the tag name " + t.name() + " is written in upper case"));
      }
      if (!seen.add(name)) {
        issues.add(
            new RecordIssue(
                Kind.DUPLICATE_TAG, name, at, "duplicate tag " + name + "; the first one is used"));
        continue;
      }
      if (name.equals("p") && position != 2) {
        issues.add(
            new RecordIssue(
                Kind.ORDER,
                "p",
                at,
                "p is not the tag right after v; RFC 9989 allows any order, RFC 7489 receivers"
                    + " may not"));
      }
      s.tag(name, t.value(), t.valueIndex(), text, issues);
    }
    Policy p = s.p == null ? Policy.NONE : s.p;
    Policy sp = s.sp == null ? p : s.sp;
    Policy np = s.np == null ? sp : s.np;
    return new DmarcRecord(
        text,
        p,
        sp,
        np,
        s.psd,
        s.testing,
        s.adkim,
        s.aspf,
        s.fo,
        s.rua,
        s.ruf,
        tags,
        s.invalidPolicy);
  }

  /** The values collected so far. */
  private static final class State {
    @Nullable Policy p;
    @Nullable Policy sp;
    @Nullable Policy np;
    PsdFlag psd = PsdFlag.UNKNOWN;
    boolean testing;
    AlignmentMode adkim = AlignmentMode.RELAXED;
    AlignmentMode aspf = AlignmentMode.RELAXED;
    Set<FailureOption> fo = EnumSet.of(FailureOption.ALL_FAIL);
    List<ReportUri> rua = new ArrayList<>();
    List<ReportUri> ruf = new ArrayList<>();
    Set<String> invalidPolicy = new HashSet<>();

    void tag(String name, String value, int at, String text, List<RecordIssue> issues) {
      switch (name) {
        case "p" -> p = policy(name, value, at, issues);
        case "sp" -> sp = policy(name, value, at, issues);
        case "np" -> np = policy(name, value, at, issues);
        case "psd" -> {
          String v = folded(name, value, at, issues);
          switch (v) {
            case "y" -> psd = PsdFlag.YES;
            case "n" -> psd = PsdFlag.NO;
            case "u" -> psd = PsdFlag.UNKNOWN;
            default -> invalid(name, value, at, "y, n or u", "u", issues);
          }
        }
        case "t" -> {
          String v = folded(name, value, at, issues);
          switch (v) {
            case "y" -> testing = true;
            case "n" -> testing = false;
            default -> invalid(name, value, at, "y or n", "n", issues);
          }
        }
        case "adkim" -> adkim = alignment(name, value, at, issues);
        case "aspf" -> aspf = alignment(name, value, at, issues);
        case "fo" -> fo = failureOptions(value, at, issues);
        case "rua" -> rua = uris(name, value, at, issues);
        case "ruf" -> ruf = uris(name, value, at, issues);
        case "pct" -> {
          issues.add(
              new RecordIssue(
                  Kind.REMOVED_TAG,
                  name,
                  at,
                  "pct was removed in RFC 9989 and is ignored (t=y replaces pct=0)"));
          if (!value.matches("[0-9]{1,3}") || Integer.parseInt(value) > 100) {
            issues.add(
                new RecordIssue(
                    Kind.INVALID_VALUE,
                    name,
                    at,
                    "pct must be a number 0 to 100 for RFC 7489 receivers, not \"" + value + "\""));
          }
        }
        case "rf", "ri" ->
            issues.add(
                new RecordIssue(
                    Kind.REMOVED_TAG, name, at, name + " was removed in RFC 9989 and is ignored"));
        case "v" -> throw new IllegalStateException("v handled by the caller");
        default ->
            issues.add(
                new RecordIssue(
                    Kind.UNKNOWN_TAG,
                    name,
                    at,
                    "unknown tag " + name + "; receivers must ignore it"));
      }
    }

    private @Nullable Policy policy(String name, String value, int at, List<RecordIssue> issues) {
      String v = folded(name, value, at, issues);
      for (Policy candidate : Policy.values()) {
        if (candidate.token().equals(v)) {
          return candidate;
        }
      }
      invalidPolicy.add(name);
      issues.add(
          new RecordIssue(
              Kind.INVALID_VALUE,
              name,
              at,
              "unknown value \"" + value + "\" for tag " + name + " (none, quarantine or reject)"));
      return null;
    }

    private AlignmentMode alignment(String name, String value, int at, List<RecordIssue> issues) {
      String v = folded(name, value, at, issues);
      if (v.equals("r")) {
        return AlignmentMode.RELAXED;
      }
      if (v.equals("s")) {
        return AlignmentMode.STRICT;
      }
      invalid(name, value, at, "r or s", "r", issues);
      return AlignmentMode.RELAXED;
    }

    private Set<FailureOption> failureOptions(String value, int at, List<RecordIssue> issues) {
      Set<FailureOption> out = EnumSet.noneOf(FailureOption.class);
      for (String part : value.split(":", -1)) {
        String v = part.strip().toLowerCase(Locale.ROOT);
        FailureOption o =
            switch (v) {
              case "0" -> FailureOption.ALL_FAIL;
              case "1" -> FailureOption.ANY_FAIL;
              case "d" -> FailureOption.DKIM;
              case "s" -> FailureOption.SPF;
              default -> null;
            };
        if (o == null) {
          invalid("fo", value, at, "a ':' list of 0, 1, d and s", "0", issues);
          return EnumSet.of(FailureOption.ALL_FAIL);
        }
        out.add(o);
      }
      return out;
    }

    private static String folded(String name, String value, int at, List<RecordIssue> issues) {
      String v = value.toLowerCase(Locale.ROOT);
      if (!v.equals(value)) {
        issues.add(
            new RecordIssue(
                Kind.CASE, name, at, "the value of " + name + " is written in upper case"));
      }
      return v;
    }

    private static void invalid(
        String name,
        String value,
        int at,
        String expected,
        String fallback,
        List<RecordIssue> issues) {
      issues.add(
          new RecordIssue(
              Kind.INVALID_VALUE,
              name,
              at,
              "unknown value \""
                  + value
                  + "\" for tag "
                  + name
                  + " (expected "
                  + expected
                  + "); the default "
                  + fallback
                  + " is used"));
    }
  }

  /** Parses a {@code dmarc-urilist}; invalid URIs are left out with an issue. */
  static List<ReportUri> uris(String tag, String value, int at, List<RecordIssue> issues) {
    List<ReportUri> out = new ArrayList<>();
    int offset = 0;
    for (String raw : value.split(",", -1)) {
      int index = at + offset + (raw.length() - raw.stripLeading().length());
      offset += raw.length() + 1;
      String u = raw.strip();
      if (u.isEmpty()) {
        issues.add(new RecordIssue(Kind.SYNTAX, tag, index, "empty URI in " + tag + "; ignored"));
        continue;
      }
      String size = null;
      int bang = u.lastIndexOf('!');
      if (bang > 0 && u.substring(bang + 1).matches("[0-9]+[kmgtKMGT]?")) {
        size = u.substring(bang + 1);
        u = u.substring(0, bang);
        issues.add(
            new RecordIssue(
                Kind.OBSOLETE_SYNTAX,
                tag,
                index,
                "the size limit !" + size + " on " + u + " is obsolete; reporters ignore it"));
      }
      int colon = u.indexOf(':');
      if (colon <= 0 || !isScheme(u.substring(0, colon)) || colon == u.length() - 1) {
        issues.add(
            new RecordIssue(
                Kind.INVALID_VALUE,
                tag,
                index,
                "\""
                    + u
                    + "\" is not a URI; write it with a scheme, such as mailto:dmarc@example.com;"
                    + " ignored"));
        continue;
      }
      if (!uriCharsOk(u)) {
        issues.add(
            new RecordIssue(
                Kind.INVALID_VALUE,
                tag,
                index,
                "\"" + u + "\" has characters a URI may not hold unencoded; ignored"));
        continue;
      }
      String scheme = u.substring(0, colon).toLowerCase(Locale.ROOT);
      String address = null;
      if (scheme.equals("mailto")) {
        address = mailtoAddress(u.substring(colon + 1));
        if (address == null) {
          issues.add(
              new RecordIssue(
                  Kind.INVALID_VALUE,
                  tag,
                  index,
                  "\"" + u + "\" has no usable e-mail address (expected mailto:name@domain)"));
        }
      } else {
        issues.add(
            new RecordIssue(
                Kind.UNSUPPORTED,
                tag,
                index,
                "\"" + u + "\": receivers only have to support mailto: URIs"));
      }
      out.add(new ReportUri(u, scheme, address, size, index));
    }
    return out;
  }

  private static @Nullable String mailtoAddress(String rest) {
    int q = rest.indexOf('?');
    String addr = percentDecode(q >= 0 ? rest.substring(0, q) : rest);
    if (addr == null) {
      return null;
    }
    int at = addr.lastIndexOf('@');
    if (at <= 0 || at == addr.length() - 1 || addr.indexOf(',') >= 0) {
      return null;
    }
    String domain = addr.substring(at + 1);
    if (!DomainNames.isHostname(domain) || domain.indexOf('.') < 0) {
      return null;
    }
    String local = addr.substring(0, at);
    for (int i = 0; i < local.length(); i++) {
      char c = local.charAt(i);
      if (c <= ' ' || c == '<' || c == '>' || c == '/' && i == 0) {
        return null;
      }
    }
    return local + "@" + domain.toLowerCase(Locale.ROOT);
  }

  private static @Nullable String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    byte[] out = new byte[s.length()];
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          return null;
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out[n++] = (byte) (hi * 16 + lo);
        i += 2;
      } else if (c > 0x7f) {
        return null;
      } else {
        out[n++] = (byte) c;
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  private static boolean isScheme(String s) {
    if (s.isEmpty() || !Character.isLetter(s.charAt(0)) || s.charAt(0) > 0x7f) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '-'
              || c == '.';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** RFC 3986 characters: unreserved, reserved (minus the list separators) and '%'. */
  private static boolean uriCharsOk(String u) {
    for (int i = 0; i < u.length(); i++) {
      char c = u.charAt(i);
      if (c <= 0x20 || c >= 0x7f || "\"<>\\^`{|}".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isWsp(char c) {
    return c == ' ' || c == '\t';
  }
}
