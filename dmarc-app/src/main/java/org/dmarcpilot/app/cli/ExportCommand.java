// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import com.google.common.net.InetAddresses;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * JSON, streamed (an export of millions of records runs in a small heap), newest first: the reports
 * stored last first, each report's records in their order in the report, the order of the
 * dashboard's records list and of {@code GET /api/v1/records/export} ({@link
 * RecordQuery#listOrder}). An export either finishes or leaves no document that looks finished: a
 * file is written under a temporary name and renamed when complete (an existing file stays as it
 * was when the export fails), and JSON on standard output is not closed after a failure.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write stored records with their report metadata as CSV or JSON.",
      "Order: newest first, the reports stored last first and each report's records in their"
          + " order in the report; the same order as the dashboard's records list and"
          + " GET /api/v1/records/export."
    })
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
      names = "--until",
      paramLabel = "DATE",
      description = "Only reports whose period begins on or before this day (UTC, YYYY-MM-DD).")
  @Nullable LocalDate until;

  @Option(
      names = "--source-ip",
      paramLabel = "ADDRESS",
      description = "Only records of this sending address (IPv4 or IPv6).")
  @Nullable String sourceIp;

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
    if (since != null && until != null && until.isBefore(since)) {
      spec.commandLine().getErr().println("dmarcpilot export: --until is before --since");
      return 2;
    }
    String ip = null;
    if (sourceIp != null) {
      if (!InetAddresses.isInetAddress(sourceIp)) {
        spec.commandLine()
            .getErr()
            .println("dmarcpilot export: --source-ip '" + sourceIp + "' is not an IP address");
        return 2;
      }
      ip = InetAddresses.toAddrString(InetAddresses.forString(sourceIp)); // as stored
    }
    // the records list's order, as GET /api/v1/records/export writes it
    RecordQuery query = RecordQuery.listOrder(domain, since, until, ip);
    Path target = output == null ? null : output.toAbsolutePath();
    Path part = null;
    try (ReportStore store = ReportStores.open(storeOptions.load().storeConfig())) {
      long rows;
      if (target == null) {
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        ExportWriter w = ExportWriter.of(format, out);
        try {
          rows = store.exportRecords(query, w);
          w.close(); // only a complete export is closed (a JSON array is ended)
        } finally {
          out.flush();
        }
      } else {
        part = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
        try (Writer out = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
          ExportWriter w = ExportWriter.of(format, out);
          rows = store.exportRecords(query, w);
          w.close();
        }
        Files.move(
            part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        part = null;
      }
      spec.commandLine().getErr().printf("exported %d records%n", rows);
      return 0;
    } catch (StoreException e) {
      return failed(e.getMessage(), target);
    } catch (IOException e) {
      return failed("cannot write " + (target != null ? target : "the output") + ": " + e, null);
    } catch (UncheckedIOException e) {
      return failed(
          "cannot write " + (target != null ? target : "the output") + ": " + e.getCause(), null);
    } finally {
      if (part != null) {
        Files.deleteIfExists(part);
      }
    }
  }

  private int failed(String problem, @Nullable Path target) {
    spec.commandLine()
        .getErr()
        .println(
            "dmarcpilot export: "
                + problem
                + (target != null ? " (" + target + " was not written)" : ""));
    return 2;
  }
}
