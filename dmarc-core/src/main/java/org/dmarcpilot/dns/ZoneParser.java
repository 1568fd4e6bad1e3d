// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads zone-file text (RFC 1035 §5.1 master file format) into entries for {@link
 * InMemoryDnsResolver}: {@code $ORIGIN}, {@code $TTL}, {@code @}, relative names, an omitted owner
 * (the previous one), optional TTL and class in either order, parentheses across lines, quoted
 * strings with {@code \"} and {@code \DDD} escapes, {@code ;} comments and, for fixtures copied
 * from other test suites, lines starting with {@code #}. The pseudo-type {@code TIMEOUT} (also
 * {@code TEMPFAIL}, {@code SERVFAIL}) makes every query at the name a temporary failure. Types the
 * resolver does not serve (SRV, CAA, ...) make the name exist and are otherwise ignored.
 */
final class ZoneParser {
  /** How many records one text may declare; zone files from users are input too. */
  static final int MAX_RECORDS = 1_000_000;

  private static final long DEFAULT_TTL = 3600;

  /** Real record types the resolver does not serve; they only make the name exist. */
  private static final java.util.Set<String> OTHER_TYPES =
      java.util.Set.of(
          "SRV",
          "CAA",
          "TLSA",
          "DS",
          "DNSKEY",
          "RRSIG",
          "NSEC",
          "NSEC3",
          "NSEC3PARAM",
          "HINFO",
          "LOC",
          "NAPTR",
          "SSHFP",
          "HTTPS",
          "SVCB",
          "CDS",
          "CDNSKEY",
          "DNAME",
          "URI",
          "OPENPGPKEY",
          "SMIMEA",
          "RP",
          "AFSDB",
          "CERT",
          "ZONEMD");

  /** One record of the zone. {@code type} is null for the TIMEOUT marker and ignored types. */
  record Entry(
      String owner, @Nullable RecordType type, Kind kind, long ttl, @Nullable ResourceData data) {}

  /** What an entry declares. */
  enum Kind {
    DATA,
    TIMEOUT,
    OTHER
  }

  private record Token(String text, boolean quoted, byte[] bytes) {}

  private String origin = "";
  private long defaultTtl = DEFAULT_TTL;
  private String lastOwner = "";

  List<Entry> parse(String text) throws ZoneSyntaxException {
    List<Entry> out = new ArrayList<>();
    int lineNo = 1;
    int i = 0;
    int n = text.length();
    while (i < n) {
      int startLine = lineNo;
      // one logical line
      List<Token> tokens = new ArrayList<>();
      boolean leadingBlank = i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t');
      int depth = 0;
      boolean lineStart = true;
      while (i < n) {
        char c = text.charAt(i);
        if (c == '\n') {
          lineNo++;
          i++;
          if (depth == 0) {
            break;
          }
          continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') {
          i++;
          continue;
        }
        if (c == ';' || (c == '#' && lineStart && tokens.isEmpty())) {
          while (i < n && text.charAt(i) != '\n') {
            i++;
          }
          continue;
        }
        lineStart = false;
        if (c == '(') {
          depth++;
          i++;
          continue;
        }
        if (c == ')') {
          if (depth == 0) {
            throw new ZoneSyntaxException(lineNo, "')' without '('");
          }
          depth--;
          i++;
          continue;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringBuilder raw = new StringBuilder();
        boolean quoted = c == '"';
        if (quoted) {
          i++;
        }
        while (i < n) {
          char d = text.charAt(i);
          if (quoted
              ? d == '"'
              : (d == ' ' || d == '\t' || d == '\r' || d == '\n' || d == ';' || d == '('
                  || d == ')')) {
            break;
          }
          if (d == '\n') {
            throw new ZoneSyntaxException(lineNo, "unterminated quoted string");
          }
          if (d == '\\') {
            if (i + 1 >= n) {
              throw new ZoneSyntaxException(lineNo, "a backslash at the end of the text");
            }
            char e = text.charAt(i + 1);
            if (Character.isDigit(e)) {
              String ddd = text.substring(i + 1, Math.min(n, i + 4));
              if (ddd.length() != 3
                  || !ddd.chars().allMatch(Character::isDigit)
                  || Integer.parseInt(ddd) > 255) {
                throw new ZoneSyntaxException(lineNo, "bad \\DDD escape \"\\" + ddd + "\"");
              }
              bytes.write(Integer.parseInt(ddd));
              raw.append(text, i, i + 4);
              i += 4;
            } else {
              byte[] eb = String.valueOf(e).getBytes(StandardCharsets.UTF_8);
              bytes.write(eb, 0, eb.length);
              raw.append(e);
              i += 2;
            }
            continue;
          }
          int cp = text.codePointAt(i);
          byte[] cb = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
          bytes.write(cb, 0, cb.length);
          raw.appendCodePoint(cp);
          i += Character.charCount(cp);
        }
        if (quoted) {
          if (i >= n) {
            throw new ZoneSyntaxException(lineNo, "unterminated quoted string");
          }
          i++; // closing quote
        }
        tokens.add(new Token(raw.toString(), quoted, bytes.toByteArray()));
      }
      if (depth != 0) {
        throw new ZoneSyntaxException(startLine, "'(' without ')'");
      }
      if (!tokens.isEmpty()) {
        Entry e = entry(tokens, leadingBlank, startLine);
        if (e != null) {
          if (out.size() >= MAX_RECORDS) {
            throw new ZoneSyntaxException(startLine, "more than " + MAX_RECORDS + " records");
          }
          out.add(e);
        }
      }
    }
    return out;
  }

  private @Nullable Entry entry(List<Token> tokens, boolean ownerOmitted, int line)
      throws ZoneSyntaxException {
    String first = tokens.get(0).text();
    if (!tokens.get(0).quoted() && first.startsWith("$")) {
      String directive = first.toUpperCase(Locale.ROOT);
      if (directive.equals("$ORIGIN") && tokens.size() == 2) {
        origin = absolute(tokens.get(1).text(), line);
        return null;
      }
      if (directive.equals("$TTL") && tokens.size() == 2) {
        defaultTtl = ttl(tokens.get(1).text(), line);
        return null;
      }
      throw new ZoneSyntaxException(line, "unsupported directive \"" + first + "\"");
    }
    int k = 0;
    String owner;
    if (ownerOmitted) {
      if (lastOwner.isEmpty() && origin.isEmpty()) {
        throw new ZoneSyntaxException(line, "no owner name and no previous one");
      }
      owner = lastOwner.isEmpty() ? origin : lastOwner;
    } else {
      owner = absolute(first, line);
      k = 1;
    }
    lastOwner = owner;
    long ttl = defaultTtl;
    // [ttl] [class] or [class] [ttl]
    for (int round = 0; round < 2 && k < tokens.size(); round++) {
      String t = tokens.get(k).text();
      if (!tokens.get(k).quoted() && isTtl(t)) {
        ttl = ttl(t, line);
        k++;
      } else if (t.equalsIgnoreCase("IN")) {
        k++;
      } else if (t.equalsIgnoreCase("CH") || t.equalsIgnoreCase("HS")) {
        throw new ZoneSyntaxException(line, "only class IN is supported");
      }
    }
    if (k >= tokens.size()) {
      throw new ZoneSyntaxException(line, "no record type for " + owner);
    }
    String typeText = tokens.get(k).text().toUpperCase(Locale.ROOT);
    List<Token> rdata = tokens.subList(k + 1, tokens.size());
    if (typeText.equals("TIMEOUT") || typeText.equals("TEMPFAIL") || typeText.equals("SERVFAIL")) {
      return new Entry(owner, null, Kind.TIMEOUT, ttl, null);
    }
    Optional<RecordType> type = RecordType.fromMnemonic(typeText);
    if (type.isEmpty()) {
      if (!OTHER_TYPES.contains(typeText) && !typeText.matches("TYPE[0-9]{1,5}")) {
        throw new ZoneSyntaxException(line, "unknown record type \"" + tokens.get(k).text() + "\"");
      }
      return new Entry(owner, null, Kind.OTHER, ttl, null);
    }
    return new Entry(owner, type.get(), Kind.DATA, ttl, data(type.get(), rdata, owner, line));
  }

  private @Nullable ResourceData data(RecordType type, List<Token> rdata, String owner, int line)
      throws ZoneSyntaxException {
    switch (type) {
      case TXT, SPF -> {
        if (rdata.isEmpty()) {
          throw new ZoneSyntaxException(line, type + " record for " + owner + " has no strings");
        }
        List<byte[]> strings = new ArrayList<>();
        for (Token t : rdata) {
          strings.add(t.bytes());
        }
        return TxtData.ofOctets(strings);
      }
      case A, AAAA -> {
        expect(rdata, 1, type, line);
        String addr = rdata.get(0).text();
        Optional<? extends java.net.InetAddress> ip =
            type == RecordType.A ? IpAddresses.parseIpv4(addr) : IpAddresses.parseIpv6(addr);
        if (ip.isEmpty()) {
          throw new ZoneSyntaxException(line, "not an " + type + " address: \"" + addr + "\"");
        }
        return new AddressData(ip.get());
      }
      case MX -> {
        expect(rdata, 2, type, line);
        int pref;
        try {
          pref = Integer.parseInt(rdata.get(0).text());
        } catch (NumberFormatException e) {
          pref = -1;
        }
        if (pref < 0 || pref > 65535) {
          throw new ZoneSyntaxException(line, "bad MX preference \"" + rdata.get(0).text() + "\"");
        }
        String host = rdata.get(1).text();
        return new MxData(pref, host.equals(".") ? "" : absolute(host, line));
      }
      case CNAME, PTR, NS -> {
        expect(rdata, 1, type, line);
        return new NameData(absolute(rdata.get(0).text(), line));
      }
      case SOA -> {
        return null;
      }
      default -> throw new ZoneSyntaxException(line, "unsupported type " + type);
    }
  }

  private static void expect(List<Token> rdata, int count, RecordType type, int line)
      throws ZoneSyntaxException {
    if (rdata.size() != count) {
      throw new ZoneSyntaxException(
          line, type + " needs " + count + " field(s), found " + rdata.size());
    }
  }

  private String absolute(String name, int line) throws ZoneSyntaxException {
    String n;
    if (name.equals("@")) {
      n = origin;
    } else if (name.endsWith(".")) {
      n = name.equals(".") ? "" : name.substring(0, name.length() - 1);
    } else {
      n = origin.isEmpty() ? name : name + "." + origin;
    }
    n = DomainNames.normalize(n);
    if (n.isEmpty() && !name.equals(".")) {
      throw new ZoneSyntaxException(line, "empty name");
    }
    if (!n.isEmpty() && !DomainNames.isValid(n.replace("*", "x"))) {
      throw new ZoneSyntaxException(line, "not a valid domain name: \"" + name + "\"");
    }
    return n;
  }

  private static boolean isTtl(String t) {
    return !t.isEmpty() && Character.isDigit(t.charAt(0));
  }

  private static long ttl(String t, int line) throws ZoneSyntaxException {
    long total = 0;
    long current = 0;
    boolean digits = false;
    for (int i = 0; i < t.length(); i++) {
      char c = Character.toLowerCase(t.charAt(i));
      if (Character.isDigit(c)) {
        current = current * 10 + (c - '0');
        digits = true;
        if (current > Integer.MAX_VALUE) {
          throw new ZoneSyntaxException(line, "TTL too large: " + t);
        }
        continue;
      }
      long unit =
          switch (c) {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h' -> 3600;
            case 'd' -> 86400;
            case 'w' -> 604800;
            default -> -1;
          };
      if (unit < 0 || !digits) {
        throw new ZoneSyntaxException(line, "bad TTL \"" + t + "\"");
      }
      total += current * unit;
      current = 0;
      digits = false;
    }
    total += current;
    if (total > Integer.MAX_VALUE) {
      throw new ZoneSyntaxException(line, "TTL too large: " + t);
    }
    return total;
  }
}
