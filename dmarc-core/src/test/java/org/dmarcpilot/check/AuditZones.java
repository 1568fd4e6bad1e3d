// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Zone text for audit tests: a clean domain, and the same with some records replaced. An override
 * line replaces every record of its owner and type; {@code owner TYPE -} deletes them.
 */
final class AuditZones {
  static final String KEY_2048 = rsa(2048);
  static final String KEY_1024 = rsa(1024);
  static final String KEY_512 = rsa(512);

  /** example.com with everything right: the audit has nothing worse than info to say. */
  static final String CLEAN =
      """
      example.com.                      TXT  "v=spf1 ip4:192.0.2.0/24 -all"
      example.com.                      MX   10 mx.example.com.
      mx.example.com.                   A    192.0.2.25
      25.2.0.192.in-addr.arpa.          PTR  mx.example.com.
      _dmarc.example.com.               TXT  "v=DMARC1; p=reject; rua=mailto:dmarc@example.com"
      selector1._domainkey.example.com. TXT  "v=DMARC1-PLACEHOLDER"
      _mta-sts.example.com.             TXT  "v=STSv1; id=20260101"
      _smtp._tls.example.com.           TXT  "v=TLSRPTv1; rua=mailto:tls@example.com"
      default._bimi.example.com.        TXT  "v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem"
      """
          .replace("\"v=DMARC1-PLACEHOLDER\"", dkim(KEY_2048, ""));

  private AuditZones() {}

  /** A DKIM key record in zone form, split into 200-character strings. */
  static String dkim(String key, String extraTags) {
    String text = "v=DKIM1; k=rsa; " + extraTags + "p=" + key;
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length(); i += 200) {
      sb.append('"').append(text, i, Math.min(text.length(), i + 200)).append("\" ");
    }
    return sb.toString().strip();
  }

  private static String rsa(int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(bits);
      return Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The clean zone with overrides applied. */
  static String with(String overrides) {
    Map<String, List<String>> rrsets = new LinkedHashMap<>();
    load(CLEAN, rrsets, false);
    load(overrides, rrsets, true);
    StringBuilder sb = new StringBuilder();
    rrsets.values().forEach(lines -> lines.forEach(l -> sb.append(l).append('\n')));
    return sb.toString();
  }

  private static void load(String text, Map<String, List<String>> rrsets, boolean override) {
    Map<String, Boolean> replaced = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.isEmpty()) {
        continue;
      }
      String[] f = l.split("\\s+");
      String key = f[0].toLowerCase(java.util.Locale.ROOT) + " " + f[1];
      if (override && f.length == 3 && f[2].equals("-")) {
        rrsets.remove(key);
        continue;
      }
      if (override && replaced.putIfAbsent(key, true) == null) {
        rrsets.remove(key);
      }
      rrsets.computeIfAbsent(key, k -> new ArrayList<>()).add(l);
    }
  }
}
