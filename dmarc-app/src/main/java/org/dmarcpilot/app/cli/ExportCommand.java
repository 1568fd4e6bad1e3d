// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.dmarcpilot.app.store.ExportWriter;
import org.dmarcpilot.app.store.RecordQuery;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dmarcpilot export}: the stored records joined with their report's metadata, as CSV or
 * JSON, streamed (an export of millions of records runs in a small heap).
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Write stored records with their report metadata as CSV or JSON.")
public final class ExportCommand implements Callable<Integer> {
  @Mixin StoreOptions storeOptions = new StoreOptions();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--domain", paramLabel = "DOMAIN", description = "Only this policy domain.")
  @Nullable String domain;

  @Option(
      names = "--since",
      paramLabel = "DATE",
      description = "Only reports whose period begins on or after this day (UTC, YYYY-MM-DD).")
  @Nullable LocalDate since;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "csv",
      description = "csv or json (default: ${DEFAULT-VALUE}).")
  ExportWriter.Format format = ExportWriter.Format.CSV;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write to this file instead of standard output.")
  @Nullable Path output;

  @Override
  public Integer call() throws Exception {
    try (ReportStore store = ReportStores.open(storeOptions.load().storeConfig())) {
      Writer out =
          output != null
              ? Files.newBufferedWriter(output, StandardCharsets.UTF_8)
              : new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
      long rows;
      try (ExportWriter w = ExportWriter.of(format, out)) {
        rows = store.exportRecords(new RecordQuery(domain, since), w);
      } finally {
        if (output != null) {
          out.close();
        } else {
          out.flush();
        }
      }
      spec.commandLine().getErr().printf("exported %d records%n", rows);
      return 0;
    } catch (StoreException e) {
      spec.commandLine().getErr().println("dmarcpilot export: " + e.getMessage());
      return 2;
    }
  }
}
