// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich.geoip;

import java.util.ArrayList;
import java.util.List;

/** Splits one line of comma-separated values (RFC 4180 quoting: {@code "a ""b"""}). */
public final class CsvLine {
  private CsvLine() {}

  /**
   * The fields of one line; a quoted field may hold commas and doubled quotes. An unterminated
   * quote runs to the end of the line.
   *
   * @param line one line, without its line break
   * @return the fields, at least one
   */
  public static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
