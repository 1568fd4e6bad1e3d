// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Strict parsers of IP address literals that never touch the network (unlike {@link
 * InetAddress#getByName}, which resolves anything that is not a literal).
 */
public final class IpAddresses {
  private IpAddresses() {}

  /**
   * Parses a dotted-quad IPv4 address: four decimal numbers 0 to 255 without leading zeros (RFC
   * 7208 {@code ip4-network}).
   */
  public static Optional<Inet4Address> parseIpv4(String text) {
    byte[] b = ipv4Bytes(text);
    if (b == null) {
      return Optional.empty();
    }
    try {
      return Optional.of((Inet4Address) InetAddress.getByAddress(b));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** Parses an IPv6 address in any RFC 4291 §2.2 text form, including an embedded IPv4 tail. */
  public static Optional<Inet6Address> parseIpv6(String text) {
    byte[] b = ipv6Bytes(text);
    if (b == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Inet6Address.getByAddress(null, b, -1));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** Parses either form: IPv6 when the text has a colon, IPv4 otherwise. */
  public static Optional<InetAddress> parse(String text) {
    if (text.indexOf(':') >= 0) {
      return parseIpv6(text).map(a -> a);
    }
    return parseIpv4(text).map(a -> a);
  }

  private static byte @Nullable [] ipv4Bytes(String s) {
    byte[] out = new byte[4];
    int part = 0;
    int i = 0;
    int n = s.length();
    while (part < 4) {
      int start = i;
      int value = 0;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
        value = value * 10 + (s.charAt(i) - '0');
        i++;
      }
      int len = i - start;
      if (len == 0 || value > 255 || (len > 1 && s.charAt(start) == '0')) {
        return null;
      }
      out[part++] = (byte) value;
      if (part < 4) {
        if (i >= n || s.charAt(i) != '.') {
          return null;
        }
        i++;
      }
    }
    return i == n ? out : null;
  }

  private static byte @Nullable [] ipv6Bytes(String s) {
    if (s.isEmpty() || s.length() > 45) {
      return null;
    }
    byte[] out = new byte[16];
    int doubleColon = -1;
    int pos = 0; // next byte to fill
    int i = 0;
    int n = s.length();
    if (s.startsWith("::")) {
      doubleColon = 0;
      i = 2;
      if (i == n) {
        return out;
      }
    } else if (s.charAt(0) == ':') {
      return null;
    }
    while (i < n) {
      if (pos >= 16) {
        return null;
      }
      int start = i;
      int value = 0;
      while (i < n && Character.digit(s.charAt(i), 16) >= 0 && i - start < 4) {
        value = (value << 4) | Character.digit(s.charAt(i), 16);
        i++;
      }
      if (i < n && s.charAt(i) == '.') {
        // an embedded IPv4 address ends the text
        if (pos > 12) {
          return null;
        }
        byte[] v4 = ipv4Bytes(s.substring(start));
        if (v4 == null) {
          return null;
        }
        System.arraycopy(v4, 0, out, pos, 4);
        pos += 4;
        i = n;
        break;
      }
      if (i == start) {
        return null;
      }
      out[pos++] = (byte) (value >> 8);
      out[pos++] = (byte) value;
      if (i == n) {
        break;
      }
      if (s.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < n && s.charAt(i) == ':') {
        if (doubleColon >= 0) {
          return null;
        }
        doubleColon = pos;
        i++;
        if (i == n) {
          break;
        }
      } else if (i == n) {
        return null; // a trailing single colon
      }
    }
    if (doubleColon >= 0) {
      if (pos == 16) {
        return null; // "::" must stand for at least one group
      }
      int tail = pos - doubleColon;
      System.arraycopy(out, doubleColon, out, 16 - tail, tail);
      for (int k = doubleColon; k < 16 - tail; k++) {
        out[k] = 0;
      }
    } else if (pos != 16) {
      return null;
    }
    return out;
  }
}
