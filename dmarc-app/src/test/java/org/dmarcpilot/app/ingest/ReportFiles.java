// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Aggregate report files for ingest tests (documentation addresses, example.com). */
public final class ReportFiles {
  private ReportFiles() {}

  /** Expected totals of a written corpus. */
  public record Totals(long reports, long records) {}

  /** The XML of one report with {@code records} records. */
  public static String xml(String id, int records) {
    return ImapInputSourceIT.xml(id, records);
  }

  /**
   * Writes {@code n} reports into {@code dir}, every third gzipped, every tenth also a second time
   * (a resent duplicate).
   */
  public static Totals write(Path dir, int n) throws IOException {
    Files.createDirectories(dir);
    long records = 0;
    for (int i = 0; i < n; i++) {
      int r = 1 + (i * 37) % 40;
      records += r;
      byte[] xml = xml("crash-" + i, r).getBytes(StandardCharsets.UTF_8);
      if (i % 3 == 0) {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
          g.write(xml);
        }
        Files.write(dir.resolve("r" + i + ".xml.gz"), bo.toByteArray());
      } else {
        Files.write(dir.resolve("r" + i + ".xml"), xml);
      }
      if (i % 10 == 0) {
        Files.write(dir.resolve("r" + i + "-again.xml"), xml);
      }
    }
    return new Totals(n, records);
  }
}
