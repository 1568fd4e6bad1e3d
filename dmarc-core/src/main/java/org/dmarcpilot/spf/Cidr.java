// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.spf;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** {@code ip4:}/{@code ip6:} terms for addresses and prefixes, as flattening writes them. */
final class Cidr {
  private Cidr() {}

  /** {@code ip4:addr} or {@code ip4:network/len} with the host bits cleared. */
  static String of(InetAddress address, int prefix) {
    boolean v4 = address instanceof Inet4Address;
    int max = v4 ? 32 : 128;
    byte[] b = address.getAddress();
    for (int bit = prefix; bit < max; bit++) {
      b[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
    }
    String host;
    try {
      host = InetAddress.getByAddress(b).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    if (!v4) {
      host = compressIpv6(host);
    }
    return (v4 ? "ip4:" : "ip6:") + host + (prefix == max ? "" : "/" + prefix);
  }

  private static String compressIpv6(String full) {
    String[] groups = full.toLowerCase(Locale.ROOT).split(":");
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < groups.length; ) {
      if (groups[i].equals("0")) {
        int j = i;
        while (j < groups.length && groups[j].equals("0")) {
          j++;
        }
        if (j - i > bestLen && j - i > 1) {
          bestStart = i;
          bestLen = j - i;
        }
        i = j;
      } else {
        i++;
      }
    }
    if (bestStart < 0) {
      return String.join(":", groups);
    }
    String left = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
    String right =
        String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
    return left + "::" + right;
  }
}
