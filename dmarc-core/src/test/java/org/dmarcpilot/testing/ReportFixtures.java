// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Our own test reports: the hand-written files under {@code src/test/resources/reports/aggregate}
 * and small generated ones (documentation addresses 192.0.2.0/24, domain example.com).
 */
public final class ReportFixtures {
  private ReportFixtures() {}

  /** A resource under {@code reports/aggregate/}, such as {@code deviant/mixed-text.xml}. */
  public static byte[] resource(String relative) {
    String name = "/reports/aggregate/" + relative;
    try (InputStream in = ReportFixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A well-formed RFC 7489-style report with {@code records} rows, each of {@code count} messages
   * from 192.0.2.x (x cycling), DKIM pass for example.com.
   */
  public static String report(String reportId, int records, long count) {
    StringBuilder sb = new StringBuilder();
    sb.append(header(reportId));
    for (int i = 0; i < records; i++) {
      sb.append(record("192.0.2." + (i % 250 + 1), count));
    }
    sb.append("</feedback>\n");
    return sb.toString();
  }

  /** Everything of a report up to its first record. */
  public static String header(String reportId) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<feedback>\n  <version>1.0</version>\n"
        + "  <report_metadata><org_name>example.net</org_name>"
        + "<email>postmaster@example.net</email><report_id>"
        + reportId
        + "</report_id><date_range><begin>1609459200</begin><end>1609545599</end></date_range>"
        + "</report_metadata>\n"
        + "  <policy_published><domain>example.com</domain><adkim>r</adkim><aspf>r</aspf>"
        + "<p>none</p><sp>none</sp><pct>100</pct></policy_published>\n";
  }

  /** One record of {@code count} messages from {@code ip}. */
  public static String record(String ip, long count) {
    return String.format(
        Locale.ROOT,
        "  <record><row><source_ip>%s</source_ip><count>%d</count><policy_evaluated>"
            + "<disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated>"
            + "</row><identifiers><header_from>example.com</header_from></identifiers>"
            + "<auth_results><dkim><domain>example.com</domain><selector>s1</selector>"
            + "<result>pass</result></dkim><spf><domain>bounce.example.org</domain>"
            + "<result>pass</result></spf></auth_results></record>\n",
        ip,
        count);
  }

  /** UTF-8 bytes. */
  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The bytes gzip-compressed. */
  public static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A zip archive of the given members: name, content, name, content ... */
  public static byte[] zip(Object... nameAndContent) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (int i = 0; i < nameAndContent.length; i += 2) {
        zip.putNextEntry(new ZipEntry((String) nameAndContent[i]));
        zip.write((byte[]) nameAndContent[i + 1]);
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Bytes as base64 lines of 76 characters with CRLF, as in a MIME body. */
  public static String base64Lines(byte[] data) {
    return java.util.Base64.getMimeEncoder().encodeToString(data) + "\r\n";
  }
}
