// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.spf;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.dmarcpilot.dns.IpAddresses;
import org.dmarcpilot.dns.RecordIssue;
import org.dmarcpilot.dns.RecordIssue.Kind;
import org.dmarcpilot.dns.RecordSyntaxException;

/**
 * The SPF record grammar of RFC 7208 §12, by hand (no regular expressions on untrusted input).
 *
 * <pre>
 * record           = version terms *SP
 * version          = "v=spf1"
 * terms            = *( 1*SP ( directive / modifier ) )
 * directive        = [ qualifier ] mechanism
 * mechanism        = ( all / include / a / mx / ptr / ip4 / ip6 / exists )
 * include          = "include"  ":" domain-spec
 * a                = "a"      [ ":" domain-spec ] [ dual-cidr-length ]
 * mx               = "mx"     [ ":" domain-spec ] [ dual-cidr-length ]
 * ptr              = "ptr"    [ ":" domain-spec ]
 * ip4              = "ip4"      ":" ip4-network   [ ip4-cidr-length ]
 * ip6              = "ip6"      ":" ip6-network   [ ip6-cidr-length ]
 * exists           = "exists"   ":" domain-spec
 * modifier         = redirect / explanation / unknown-modifier
 * unknown-modifier = name "=" macro-string
 * name             = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )
 * dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ]
 * </pre>
 */
final class SpfRecordParser {
  private SpfRecordParser() {}

  static SpfRecord parse(String text, List<RecordIssue> issues) throws RecordSyntaxException {
    if (!SpfRecord.isSpf(text)) {
      String problem =
          text.regionMatches(true, 0, "v=spf1", 0, 6)
              ? "v=spf1 must be followed by a space or the end of the record"
              : text.isEmpty() || Character.isWhitespace(text.charAt(0))
                  ? "an SPF record must start with v=spf1 (no leading whitespace)"
                  : "an SPF record must start with v=spf1";
      throw new RecordSyntaxException(text, 0, problem);
    }
    List<SpfTerm> terms = new ArrayList<>();
    int i = 6;
    int n = text.length();
    boolean sawAll = false;
    boolean sawRedirect = false;
    boolean sawExp = false;
    while (i < n) {
      char c = text.charAt(i);
      if (c == ' ') {
        i++;
        continue;
      }
      int end = i;
      while (end < n && text.charAt(end) != ' ') {
        end++;
      }
      String term = text.substring(i, end);
      SpfTerm t = term(text, term, i);
      if (t instanceof SpfModifier m) {
        if (m.name().equals("redirect")) {
          if (sawRedirect) {
            throw new RecordSyntaxException(text, i, "more than one redirect modifier");
          }
          sawRedirect = true;
        } else if (m.name().equals("exp")) {
          if (sawExp) {
            throw new RecordSyntaxException(text, i, "more than one exp modifier");
          }
          sawExp = true;
        } else {
          issues.add(
              new RecordIssue(
                  Kind.UNKNOWN_TAG, m.name(), i, "unknown modifier " + m.name() + "; ignored"));
        }
        if (sawAll && !m.name().equals("exp")) {
          issues.add(
              new RecordIssue(
                  Kind.ORDER,
                  m.name(),
                  i,
                  m.name().equals("redirect")
                      ? "redirect is ignored because the record has an all mechanism"
                      : "text after the all mechanism is ignored"));
        }
      } else if (t instanceof SpfMechanism m) {
        if (sawAll) {
          issues.add(
              new RecordIssue(
                  Kind.ORDER,
                  m.type().token(),
                  i,
                  m.type() == MechanismType.ALL
                      ? "the all mechanism appears more than once; only the first counts"
                      : "\"" + term + "\" comes after all and is never evaluated"));
        }
        if (m.type() == MechanismType.ALL) {
          if (sawRedirect) {
            issues.add(
                new RecordIssue(
                    Kind.ORDER,
                    "redirect",
                    i,
                    "redirect is ignored because the record has an all mechanism"));
          }
          sawAll = true;
        }
        if (m.type() == MechanismType.PTR) {
          issues.add(
              new RecordIssue(
                  Kind.UNSUPPORTED,
                  "ptr",
                  i,
                  "the ptr mechanism should not be used (RFC 7208 §5.5)"));
        }
      }
      terms.add(t);
      i = end;
    }
    return new SpfRecord(text, terms);
  }

  private static SpfTerm term(String text, String term, int at) throws RecordSyntaxException {
    int eq = term.indexOf('=');
    if (eq > 0 && isName(term.substring(0, eq))) {
      String name = term.substring(0, eq).toLowerCase(Locale.ROOT);
      String value = term.substring(eq + 1);
      if (name.equals("redirect") || name.equals("exp")) {
        if (value.isEmpty()) {
          throw new RecordSyntaxException(text, at, "the " + name + " modifier is missing a value");
        }
        domainSpec(text, value, at + eq + 1, name);
      } else {
        SpfMacros.Problem p = SpfMacros.checkMacroString(value, false);
        if (p != null) {
          throw new RecordSyntaxException(text, at + eq + 1 + p.offset(), p.message());
        }
      }
      return new SpfModifier(name, value, at, term);
    }
    int k = 0;
    SpfQualifier q = SpfQualifier.of(term.charAt(0));
    if (q != null) {
      k = 1;
    } else {
      q = SpfQualifier.PASS;
    }
    int nameEnd = k;
    while (nameEnd < term.length() && term.charAt(nameEnd) != ':' && term.charAt(nameEnd) != '/') {
      nameEnd++;
    }
    String name = term.substring(k, nameEnd);
    Optional<MechanismType> type = MechanismType.fromToken(name);
    if (type.isEmpty()) {
      throw new RecordSyntaxException(text, at, unknownMechanism(term, name));
    }
    String rest = term.substring(nameEnd);
    return switch (type.get()) {
      case ALL -> {
        if (!rest.isEmpty()) {
          throw new RecordSyntaxException(text, at, "all takes no argument: \"" + term + "\"");
        }
        yield new SpfMechanism(q, MechanismType.ALL, "", null, 32, 128, at, term);
      }
      case INCLUDE, EXISTS -> {
        if (!rest.startsWith(":") || rest.length() == 1) {
          throw new RecordSyntaxException(
              text,
              at,
              type.get().token() + " must have a value (" + type.get().token() + ":domain)");
        }
        String spec = rest.substring(1);
        domainSpec(text, spec, at + nameEnd + 1, type.get().token());
        yield new SpfMechanism(q, type.get(), spec, null, 32, 128, at, term);
      }
      case A, MX, PTR -> domainMechanism(text, term, at, q, type.get(), nameEnd, rest);
      case IP4, IP6 -> ipMechanism(text, term, at, q, type.get(), nameEnd, rest);
    };
  }

  private static SpfMechanism domainMechanism(
      String text,
      String term,
      int at,
      SpfQualifier q,
      MechanismType type,
      int nameEnd,
      String rest)
      throws RecordSyntaxException {
    int ip4 = 32;
    int ip6 = 128;
    String body = rest;
    if (type != MechanismType.PTR) {
      int dbl = body.lastIndexOf("//");
      if (dbl >= 0 && isDigits(body.substring(dbl + 2))) {
        ip6 = prefix(text, body.substring(dbl + 2), 128, at + nameEnd + dbl + 2);
        body = body.substring(0, dbl);
      }
      int slash = body.lastIndexOf('/');
      if (slash >= 0 && isDigits(body.substring(slash + 1))) {
        ip4 = prefix(text, body.substring(slash + 1), 32, at + nameEnd + slash + 1);
        body = body.substring(0, slash);
      }
    }
    String spec = "";
    if (!body.isEmpty()) {
      if (!body.startsWith(":") || body.length() == 1) {
        throw new RecordSyntaxException(
            text, at, "malformed " + type.token() + " mechanism \"" + term + "\"");
      }
      spec = body.substring(1);
      domainSpec(text, spec, at + nameEnd + 1, type.token());
    }
    return new SpfMechanism(q, type, spec, null, ip4, ip6, at, term);
  }

  private static SpfMechanism ipMechanism(
      String text,
      String term,
      int at,
      SpfQualifier q,
      MechanismType type,
      int nameEnd,
      String rest)
      throws RecordSyntaxException {
    if (!rest.startsWith(":") || rest.length() == 1) {
      throw new RecordSyntaxException(
          text, at, type.token() + " must have a network (" + type.token() + ":address[/prefix])");
    }
    String body = rest.substring(1);
    int max = type == MechanismType.IP4 ? 32 : 128;
    int prefix = max;
    int slash = body.indexOf('/');
    if (slash >= 0) {
      prefix = prefix(text, body.substring(slash + 1), max, at + nameEnd + 1 + slash + 1);
      body = body.substring(0, slash);
    }
    if (body.indexOf('%') >= 0) {
      throw new RecordSyntaxException(text, at, "macros are not allowed in " + type.token());
    }
    Optional<? extends InetAddress> address =
        type == MechanismType.IP4 ? IpAddresses.parseIpv4(body) : IpAddresses.parseIpv6(body);
    if (address.isEmpty()) {
      throw new RecordSyntaxException(text, at + nameEnd + 1, badNetwork(type, body));
    }
    return new SpfMechanism(
        q,
        type,
        "",
        address.get(),
        type == MechanismType.IP4 ? prefix : 32,
        type == MechanismType.IP6 ? prefix : 128,
        at,
        term);
  }

  private static String badNetwork(MechanismType type, String body) {
    for (String all : List.of("-all", "~all", "+all", "?all", "all")) {
      if (body.toLowerCase(Locale.ROOT).endsWith(all) && body.length() > all.length()) {
        return "\""
            + body
            + "\" is not a valid "
            + type.token()
            + " network: whitespace is"
            + " missing before '"
            + all
            + "'";
      }
    }
    if (type == MechanismType.IP4 && body.indexOf(':') >= 0) {
      return "\"" + body + "\" looks like an IPv6 address; use ip6:";
    }
    if (type == MechanismType.IP6 && IpAddresses.parseIpv4(body).isPresent()) {
      return "\"" + body + "\" is an IPv4 address; use ip4:";
    }
    return "\"" + body + "\" is not a valid " + type.token() + " network";
  }

  private static void domainSpec(String text, String spec, int at, String what)
      throws RecordSyntaxException {
    SpfMacros.Problem p = SpfMacros.checkDomainSpec(spec);
    if (p != null) {
      throw new RecordSyntaxException(text, at + p.offset(), what + ": " + p.message());
    }
  }

  private static int prefix(String text, String digits, int max, int at)
      throws RecordSyntaxException {
    if (!isDigits(digits)
        || digits.length() > 3
        || (digits.length() > 1 && digits.charAt(0) == '0')) {
      throw new RecordSyntaxException(text, at, "invalid prefix length \"/" + digits + "\"");
    }
    int v = Integer.parseInt(digits);
    if (v > max) {
      throw new RecordSyntaxException(text, at, "prefix length /" + v + " is more than " + max);
    }
    return v;
  }

  private static String unknownMechanism(String term, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith("all") && lower.length() > 3) {
      return "unknown mechanism \"" + term + "\"; is whitespace missing before 'all'?";
    }
    return "unknown mechanism \"" + name + "\" in \"" + term + "\"";
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isName(String s) {
    char c0 = s.charAt(0);
    if (!((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z'))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == '.';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
