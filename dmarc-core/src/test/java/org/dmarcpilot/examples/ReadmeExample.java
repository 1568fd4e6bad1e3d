// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.examples;

import java.nio.file.Path;
import org.dmarcpilot.report.ReportLimits;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.ReportReader;

/**
 * The "Use the library" example of README.md, compiled. {@link ReadmeExampleTest} checks that the
 * README shows exactly the body of {@link #main}.
 */
public final class ReadmeExample {
  private ReadmeExample() {}

  /** Prints who reported how many messages for which domain, for the file or folder given. */
  public static void main(String[] args) throws Exception {
    // reads xml, xml.gz, zip, .eml, mbox and Maildir alike: the content decides, not the file name
    ReportReader reader = new ReportReader(ReportLimits.DEFAULTS);
    for (AggregateReport report : reader.read(Path.of(args[0]))) {
      System.out.printf(
          "%s reported %d messages for %s%n",
          report.metadata().orgName(), report.messageCount(), report.policyPublished().domain());
    }
  }
}
