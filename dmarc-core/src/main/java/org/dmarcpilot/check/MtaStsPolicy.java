// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.dmarcpilot.dns.DomainNames;
import org.dmarcpilot.dns.RecordIssue;
import org.dmarcpilot.dns.RecordSyntaxException;

/**
 * An MTA-STS policy file ({@code https://mta-sts.<domain>/.well-known/mta-sts.txt}, RFC 8461 §3.2):
 * {@code key: value} lines.
 *
 * <pre>
 * version: STSv1
 * mode: enforce
 * mx: mail.example.com
 * mx: *.example.net
 * max_age: 604800
 * </pre>
 *
 * @param mode {@code enforce}, {@code testing} or {@code none}
 * @param mx the mx patterns, lower case ({@code *.} wildcards allowed for one left-most label)
 * @param maxAgeSeconds {@code max_age}, 0 to {@value #MAX_AGE}
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8461#section-3.2">RFC 8461 §3.2</a>
 */
public record MtaStsPolicy(String mode, List<String> mx, long maxAgeSeconds) {
  /** The largest {@code max_age}: one year, {@value} seconds. */
  public static final long MAX_AGE = 31_557_600;

  /** The largest policy file read, {@value} bytes; larger ones are refused. */
  public static final int MAX_BYTES = 64 * 1024;

  public MtaStsPolicy {
    Objects.requireNonNull(mode, "mode");
    mx = List.copyOf(mx);
  }

  /**
   * Parses a policy file; unknown and repeated keys are reported in {@code issues}.
   *
   * @throws RecordSyntaxException if a line is not {@code key: value}, a required key is missing,
   *     or a value is invalid
   */
  public static MtaStsPolicy parse(String text, List<RecordIssue> issues)
      throws RecordSyntaxException {
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_BYTES) {
      throw new RecordSyntaxException(
          text, -1, "the policy is larger than " + MAX_BYTES + " bytes");
    }
    String version = null;
    String mode = null;
    Long maxAge = null;
    List<String> mx = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int offset = 0;
    for (String raw : text.split("\n", -1)) {
      int at = offset;
      offset += raw.length() + 1;
      String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
      if (line.isBlank()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new RecordSyntaxException(text, at, "\"" + line + "\" is not a key: value pair");
      }
      String key = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      if (!key.equals("mx") && !seen.add(key)) {
        issues.add(
            new RecordIssue(
                RecordIssue.Kind.DUPLICATE_TAG,
                key,
                at,
                "duplicate key " + key + "; the first is used"));
        continue;
      }
      switch (key) {
        case "version" -> version = value;
        case "mode" -> mode = value;
        case "max_age" -> {
          if (!value.matches("[0-9]{1,10}") || Long.parseLong(value) > MAX_AGE) {
            throw new RecordSyntaxException(
                text,
                at,
                "max_age must be a whole number from 0 to " + MAX_AGE + ", not \"" + value + "\"");
          }
          maxAge = Long.parseLong(value);
        }
        case "mx" -> {
          String m = value.toLowerCase(Locale.ROOT);
          String host = m.startsWith("*.") ? m.substring(2) : m;
          if (!DomainNames.isHostname(host)) {
            throw new RecordSyntaxException(text, at, "invalid mx pattern \"" + value + "\"");
          }
          mx.add(m);
        }
        default ->
            issues.add(
                new RecordIssue(
                    RecordIssue.Kind.UNKNOWN_TAG, key, at, "unexpected key " + key + "; ignored"));
      }
    }
    if (version == null || mode == null || maxAge == null) {
      throw new RecordSyntaxException(
          text,
          -1,
          "missing required key "
              + (version == null ? "version" : mode == null ? "mode" : "max_age"));
    }
    if (!version.equals("STSv1")) {
      throw new RecordSyntaxException(text, -1, "version must be STSv1, not \"" + version + "\"");
    }
    if (!List.of("enforce", "testing", "none").contains(mode)) {
      throw new RecordSyntaxException(
          text, -1, "mode must be enforce, testing or none, not \"" + mode + "\"");
    }
    if (!mode.equals("none") && mx.isEmpty()) {
      throw new RecordSyntaxException(text, -1, mode + " mode requires at least one mx value");
    }
    return new MtaStsPolicy(mode, mx, maxAge);
  }

  /** Whether a mail host matches one of the mx patterns (a wildcard covers one label). */
  public boolean covers(String host) {
    String h = DomainNames.normalize(host);
    for (String p : mx) {
      if (p.startsWith("*.")) {
        String base = p.substring(2);
        if (h.endsWith("." + base) && h.indexOf('.') == h.length() - base.length() - 1) {
          return true;
        }
      } else if (p.equals(h)) {
        return true;
      }
    }
    return false;
  }
}
