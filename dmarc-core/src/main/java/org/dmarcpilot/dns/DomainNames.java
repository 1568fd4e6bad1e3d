// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import java.net.IDN;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * Small operations on domain names as strings: normalising, counting labels, parents, validity and
 * reverse names. Names in this library are lower case, A-labels (punycode), without the trailing
 * dot.
 */
public final class DomainNames {
  /** The longest name in presentation form without the trailing dot (RFC 1035 §2.3.4). */
  public static final int MAX_NAME_LENGTH = 253;

  /** The longest label (RFC 1035 §2.3.4). */
  public static final int MAX_LABEL_LENGTH = 63;

  private DomainNames() {}

  /**
   * Lower case (Locale.ROOT), one trailing dot removed, U-labels converted to A-labels when the
   * conversion succeeds. Does not validate.
   */
  public static String normalize(String name) {
    Objects.requireNonNull(name, "name");
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    if (!isAscii(n)) {
      try {
        n = IDN.toASCII(n, IDN.ALLOW_UNASSIGNED);
      } catch (IllegalArgumentException e) {
        // keep the input; validation will reject it where it matters
      }
    }
    return n.toLowerCase(Locale.ROOT);
  }

  /** {@link #normalize} after removing every leading and trailing dot. */
  public static String normalizeLenient(String name) {
    int start = 0;
    int end = name.length();
    while (start < end && name.charAt(start) == '.') {
      start++;
    }
    while (end > start && name.charAt(end - 1) == '.') {
      end--;
    }
    return normalize(name.substring(start, end));
  }

  /** The number of labels; 0 for the empty name (the root). */
  public static int labelCount(String name) {
    if (name.isEmpty()) {
      return 0;
    }
    int count = 1;
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) == '.') {
        count++;
      }
    }
    return count;
  }

  /** The name without its left-most label; the empty string for a single label. */
  public static String parent(String name) {
    int dot = name.indexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1);
  }

  /** The right-most {@code count} labels of a name (all of it when it has fewer). */
  public static String lastLabels(String name, int count) {
    int idx = name.length();
    for (int i = 0; i < count; i++) {
      idx = name.lastIndexOf('.', idx - 1);
      if (idx < 0) {
        return name;
      }
    }
    return name.substring(idx + 1);
  }

  /** Whether {@code name} equals {@code ancestor} or lies below it (both normalised). */
  public static boolean isAtOrBelow(String name, String ancestor) {
    if (ancestor.isEmpty()) {
      return true;
    }
    return name.equals(ancestor) || name.endsWith("." + ancestor);
  }

  /**
   * Whether a name is usable in DNS: 1 to 253 characters, labels of 1 to 63 characters made of
   * letters, digits, hyphens and underscores (service labels such as {@code _dmarc}), no hyphen at
   * either end of a label.
   */
  public static boolean isValid(String name) {
    return check(name, true);
  }

  /**
   * Whether a name can be asked for in the DNS at all: 1 to 253 characters, labels of 1 to 63
   * printable ASCII characters other than space. Less strict than {@link #isValid}: the DNS carries
   * names that are not host names (wildcards, leading hyphens).
   */
  public static boolean isDnsName(String name) {
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    if (n.isEmpty() || n.length() > MAX_NAME_LENGTH) {
      return false;
    }
    int labelStart = 0;
    for (int i = 0; i <= n.length(); i++) {
      if (i == n.length() || n.charAt(i) == '.') {
        int len = i - labelStart;
        if (len == 0 || len > MAX_LABEL_LENGTH) {
          return false;
        }
        labelStart = i + 1;
      } else if (n.charAt(i) <= ' ' || n.charAt(i) >= 0x7f || n.charAt(i) == '\\') {
        return false;
      }
    }
    return true;
  }

  /** Like {@link #isValid} but without underscores: a host name (RFC 1123 §2.1). */
  public static boolean isHostname(String name) {
    return check(name, false) && !isAllNumericTld(name);
  }

  private static boolean isAllNumericTld(String name) {
    String tld = name.substring(name.lastIndexOf('.') + 1);
    for (int i = 0; i < tld.length(); i++) {
      if (!Character.isDigit(tld.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean check(String name, boolean underscore) {
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    if (n.isEmpty() || n.length() > MAX_NAME_LENGTH) {
      return false;
    }
    int labelStart = 0;
    for (int i = 0; i <= n.length(); i++) {
      if (i == n.length() || n.charAt(i) == '.') {
        int len = i - labelStart;
        if (len == 0 || len > MAX_LABEL_LENGTH) {
          return false;
        }
        if (n.charAt(labelStart) == '-' || n.charAt(i - 1) == '-') {
          return false;
        }
        labelStart = i + 1;
        continue;
      }
      char c = n.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || (underscore && c == '_');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * The reverse-lookup name of an address: {@code 4.3.2.1.in-addr.arpa} for 1.2.3.4, nibbles under
   * {@code ip6.arpa} for IPv6.
   */
  public static String reverseName(InetAddress address) {
    byte[] b = address.getAddress();
    StringBuilder sb = new StringBuilder();
    if (address instanceof Inet4Address) {
      for (int i = b.length - 1; i >= 0; i--) {
        sb.append(b[i] & 0xff).append('.');
      }
      return sb.append("in-addr.arpa").toString();
    }
    String hex = "0123456789abcdef";
    for (int i = b.length - 1; i >= 0; i--) {
      sb.append(hex.charAt(b[i] & 0x0f)).append('.');
      sb.append(hex.charAt((b[i] >> 4) & 0x0f)).append('.');
    }
    return sb.append("ip6.arpa").toString();
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7f) {
        return false;
      }
    }
    return true;
  }
}
