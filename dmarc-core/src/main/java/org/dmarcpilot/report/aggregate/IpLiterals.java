// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jspecify.annotations.Nullable;

/**
 * IP address literals as reports write them in {@code <source_ip>}: parsed as text, never looked up
 * in DNS; strict about IPv4 (four decimal parts, no leading zeros, which some parsers read as
 * octal).
 */
final class IpLiterals {
  private IpLiterals() {}

  /**
   * An IP address literal, never looked up in DNS: dotted IPv4 or RFC 4291 IPv6 text (brackets
   * tolerated). Null when the text is not an address.
   */
  static @Nullable InetAddress address(String text) {
    byte[] v4 = ipv4(text);
    if (v4 != null) {
      try {
        return InetAddress.getByAddress(v4);
      } catch (UnknownHostException e) {
        return null; // cannot happen for 4 bytes
      }
    }
    String t = text;
    if (t.length() > 2 && t.charAt(0) == '[' && t.charAt(t.length() - 1) == ']') {
      t = t.substring(1, t.length() - 1);
    }
    if (t.indexOf(':') < 0 || t.length() > 64) {
      return null;
    }
    return InetAddresses.isInetAddress(t) ? InetAddresses.forString(t) : null;
  }

  private static byte @Nullable [] ipv4(String s) {
    return ipv4(s.toCharArray(), 0, s.length());
  }

  /** Dotted-quad IPv4 text in {@code s[start, start + n)} as 4 bytes, or null. */
  static byte @Nullable [] ipv4(char[] s, int start, int n) {
    if (n < 7 || n > 15) {
      return null;
    }
    byte[] out = new byte[4];
    int part = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? s[start + i] : '.';
      if (c == '.') {
        if (digits == 0 || part > 3 || value > 255) {
          return null;
        }
        out[part++] = (byte) value;
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        if (digits == 1 && value == 0) {
          return null; // leading zero: ambiguous (octal in some parsers)
        }
        value = value * 10 + (c - '0');
        digits++;
        if (digits > 3) {
          return null;
        }
      } else {
        return null;
      }
    }
    return part == 4 ? out : null;
  }
}
