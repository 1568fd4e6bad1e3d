// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.benchmarks;

import java.util.Random;

/**
 * Writes aggregate report XML the way real reporters do: Google's and Yahoo's plain RFC 7489
 * documents, Microsoft's with its schema attributes, and RFC 9990 namespaced ones.
 */
final class ReportXml {
  /** The reporter styles the generator imitates. */
  enum Style {
    GOOGLE("google.com", "noreply-dmarc-support@google.com"),
    MICROSOFT("Enterprise Outlook", "dmarcreport@microsoft.com"),
    YAHOO("Yahoo", "dmarchelp@yahooinc.com"),
    RFC9990("receiver.example", "dmarc-reports@receiver.example");

    final String org;
    final String email;

    Style(String org, String email) {
      this.org = org;
      this.email = email;
    }
  }

  private ReportXml() {}

  /**
   * One report.
   *
   * @return the number of messages in it (the sum of the record counts)
   */
  static long write(
      StringBuilder sb,
      Style style,
      String reportId,
      String domain,
      long begin,
      int records,
      Random rnd) {
    sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n");
    switch (style) {
      case RFC9990 -> sb.append("<feedback xmlns=\"urn:ietf:params:xml:ns:dmarc-2.0\">\n");
      case MICROSOFT ->
          sb.append(
              "<feedback xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
                  + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n");
      default -> sb.append("<feedback>\n");
    }
    sb.append("  <version>1.0</version>\n");
    sb.append("  <report_metadata>\n");
    el(sb, "    ", "org_name", style.org);
    el(sb, "    ", "email", style.email);
    if (style == Style.GOOGLE) {
      el(sb, "    ", "extra_contact_info", "https://support.google.com/a/answer/2466580");
    }
    el(sb, "    ", "report_id", reportId);
    sb.append("    <date_range>\n");
    el(sb, "      ", "begin", Long.toString(begin));
    el(sb, "      ", "end", Long.toString(begin + 86_399));
    sb.append("    </date_range>\n");
    if (style == Style.RFC9990) {
      el(sb, "    ", "generator", "dmarcpilot-benchmarks 1.0");
    }
    sb.append("  </report_metadata>\n");
    sb.append("  <policy_published>\n");
    el(sb, "    ", "domain", domain);
    if (style == Style.RFC9990) {
      el(sb, "    ", "discovery_method", "treewalk");
    }
    el(sb, "    ", "adkim", "r");
    el(sb, "    ", "aspf", "r");
    String p = rnd.nextInt(3) == 0 ? "reject" : rnd.nextBoolean() ? "quarantine" : "none";
    el(sb, "    ", "p", p);
    el(sb, "    ", "sp", p);
    if (style == Style.RFC9990) {
      el(sb, "    ", "testing", "n");
    } else {
      el(sb, "    ", "pct", "100");
    }
    if (style == Style.GOOGLE || style == Style.MICROSOFT) {
      el(sb, "    ", "fo", "1");
    }
    sb.append("  </policy_published>\n");
    long messages = 0;
    for (int i = 0; i < records; i++) {
      messages += record(sb, style, domain, rnd);
    }
    sb.append("</feedback>\n");
    return messages;
  }

  private static long record(StringBuilder sb, Style style, String domain, Random rnd) {
    long count = 1 + (long) (Math.pow(rnd.nextDouble(), 4) * 400);
    boolean aligned = rnd.nextInt(10) < 7;
    boolean forwarded = !aligned && rnd.nextInt(4) == 0;
    sb.append("  <record>\n    <row>\n");
    el(sb, "      ", "source_ip", ip(rnd));
    el(sb, "      ", "count", Long.toString(count));
    sb.append("      <policy_evaluated>\n");
    String disposition = aligned ? (style == Style.RFC9990 ? "pass" : "none") : "none";
    el(sb, "        ", "disposition", disposition);
    el(sb, "        ", "dkim", aligned ? "pass" : "fail");
    el(sb, "        ", "spf", aligned && rnd.nextBoolean() ? "pass" : "fail");
    if (forwarded) {
      sb.append("        <reason>\n");
      el(sb, "          ", "type", style == Style.RFC9990 ? "trusted_forwarder" : "forwarded");
      sb.append("        </reason>\n");
    }
    sb.append("      </policy_evaluated>\n    </row>\n");
    sb.append("    <identifiers>\n");
    if (style != Style.GOOGLE) {
      el(sb, "      ", "envelope_to", "receiver.example");
    }
    String mailFrom = aligned ? domain : "bounce.esp" + rnd.nextInt(50) + ".example";
    el(sb, "      ", "envelope_from", mailFrom);
    el(sb, "      ", "header_from", domain);
    sb.append("    </identifiers>\n");
    sb.append("    <auth_results>\n");
    sb.append("      <dkim>\n");
    el(sb, "        ", "domain", aligned ? domain : "esp" + rnd.nextInt(50) + ".example");
    el(sb, "        ", "selector", "s" + rnd.nextInt(4));
    el(sb, "        ", "result", aligned || rnd.nextBoolean() ? "pass" : "fail");
    sb.append("      </dkim>\n");
    if (rnd.nextInt(5) == 0) {
      sb.append("      <dkim>\n");
      el(sb, "        ", "domain", "esp" + rnd.nextInt(50) + ".example");
      el(sb, "        ", "selector", "k1");
      el(sb, "        ", "result", "pass");
      sb.append("      </dkim>\n");
    }
    sb.append("      <spf>\n");
    el(sb, "        ", "domain", mailFrom);
    if (style != Style.RFC9990 || rnd.nextBoolean()) {
      el(sb, "        ", "scope", "mfrom");
    }
    el(sb, "        ", "result", aligned ? "pass" : rnd.nextBoolean() ? "softfail" : "fail");
    sb.append("      </spf>\n");
    sb.append("    </auth_results>\n  </record>\n");
    return count;
  }

  private static String ip(Random rnd) {
    if (rnd.nextInt(20) == 0) {
      return "2001:db8:"
          + Integer.toHexString(rnd.nextInt(0x10000))
          + "::"
          + Integer.toHexString(1 + rnd.nextInt(0xffff));
    }
    // a few thousand busy senders and a long tail
    if (rnd.nextInt(10) < 6) {
      int k = rnd.nextInt(3000);
      return "198.51." + (k / 250) + "." + (k % 250 + 1);
    }
    return (1 + rnd.nextInt(223))
        + "."
        + rnd.nextInt(256)
        + "."
        + rnd.nextInt(256)
        + "."
        + (1 + rnd.nextInt(254));
  }

  private static void el(StringBuilder sb, String indent, String name, String text) {
    sb.append(indent).append('<').append(name).append('>');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        default -> sb.append(c);
      }
    }
    sb.append("</").append(name).append(">\n");
  }
}
