// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Aggregate reports generated for benchmarks, deterministic for a seed: rows with IPv4 and IPv6
 * sources, varied counts, one or two DKIM signatures, SPF results and the occasional override
 * reason, in the shape large reporters send (no namespace, RFC 7489 elements, pretty-printed).
 */
public final class GeneratedReports {
  private GeneratedReports() {}

  /** A report of about {@code bytes} bytes of UTF-8 XML. */
  public static byte[] ofSize(long bytes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 16, bytes + 4096));
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<feedback>\n")
        .append("  <version>1.0</version>\n  <report_metadata>\n")
        .append("    <org_name>example.net</org_name>\n")
        .append("    <email>noreply-dmarc-support@example.net</email>\n")
        .append("    <extra_contact_info>https://example.net/dmarc</extra_contact_info>\n")
        .append("    <report_id>benchmark-")
        .append(seed)
        .append("</report_id>\n")
        .append("    <date_range>\n      <begin>1700000000</begin>\n      <end>1700086399</end>\n")
        .append("    </date_range>\n  </report_metadata>\n  <policy_published>\n")
        .append("    <domain>example.com</domain>\n    <adkim>r</adkim>\n    <aspf>r</aspf>\n")
        .append("    <p>quarantine</p>\n    <sp>none</sp>\n    <pct>100</pct>\n")
        .append("  </policy_published>\n");
    int i = 0;
    while (sb.length() < bytes) {
      record(sb, random, i++);
    }
    sb.append("</feedback>\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void record(StringBuilder sb, SplittableRandom r, int i) {
    boolean v6 = r.nextInt(10) == 0;
    String ip =
        v6
            ? String.format(Locale.ROOT, "2001:db8:%x::%x", r.nextInt(65536), r.nextInt(65536))
            : (r.nextInt(223) + 1)
                + "."
                + r.nextInt(256)
                + "."
                + r.nextInt(256)
                + "."
                + r.nextInt(256);
    boolean dkimPass = r.nextInt(4) != 0;
    boolean spfPass = r.nextInt(3) != 0;
    String sender = "sender" + r.nextInt(500) + ".example.org";
    sb.append("  <record>\n    <row>\n      <source_ip>")
        .append(ip)
        .append("</source_ip>\n")
        .append("      <count>")
        .append(1 + r.nextInt(r.nextInt(10) == 0 ? 5000 : 20))
        .append("</count>\n      <policy_evaluated>\n        <disposition>")
        .append(dkimPass || spfPass ? "none" : "quarantine")
        .append("</disposition>\n")
        .append("        <dkim>")
        .append(dkimPass ? "pass" : "fail")
        .append("</dkim>\n")
        .append("        <spf>")
        .append(spfPass ? "pass" : "fail")
        .append("</spf>\n");
    if (i % 50 == 0) {
      sb.append("        <reason>\n          <type>forwarded</type>\n")
          .append("          <comment>list.example.org</comment>\n        </reason>\n");
    }
    sb.append("      </policy_evaluated>\n    </row>\n    <identifiers>\n")
        .append("      <header_from>example.com</header_from>\n")
        .append("      <envelope_from>")
        .append(spfPass ? "bounce.example.com" : sender)
        .append("</envelope_from>\n    </identifiers>\n    <auth_results>\n")
        .append("      <dkim>\n        <domain>")
        .append(dkimPass ? "example.com" : sender)
        .append("</domain>\n        <selector>s")
        .append(r.nextInt(4))
        .append("</selector>\n        <result>")
        .append(dkimPass ? "pass" : "fail")
        .append("</result>\n      </dkim>\n");
    if (r.nextInt(3) == 0) {
      sb.append("      <dkim>\n        <domain>esp.example.net</domain>\n")
          .append(
              "        <selector>esp</selector>\n        <result>pass</result>\n      </dkim>\n");
    }
    sb.append("      <spf>\n        <domain>")
        .append(spfPass ? "bounce.example.com" : sender)
        .append("</domain>\n        <scope>mfrom</scope>\n        <result>")
        .append(spfPass ? "pass" : "softfail")
        .append("</result>\n      </spf>\n")
        .append("    </auth_results>\n  </record>\n");
  }
}
