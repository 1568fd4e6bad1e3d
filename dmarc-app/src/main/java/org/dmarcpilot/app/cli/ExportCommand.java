// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import com.google.common.net.InetAddresses;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.dmarcpilot.app.store.ExportWriter;
import org.dmarcpilot.app.store.RecordQuery;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreException;
import org.dmarcpilot.dns.DomainNames;
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
 * was when the export fails; a link's file is written and the link kept), and JSON on standard
 * output, a named pipe or a device is not closed after a failure. A failed write to any of them
 * ends the export with exit code 2.
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
      converter = Day.class,
      description = "Only reports whose period begins on or after this day (UTC, YYYY-MM-DD).")
  @Nullable LocalDate since;

  @Option(
      names = "--until",
      paramLabel = "DATE",
      converter = Day.class,
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
    String policyDomain = null;
    if (domain != null) {
      policyDomain = DomainNames.normalize(domain.strip()); // as the reader stores it
      if (!DomainNames.isValid(policyDomain)) {
        spec.commandLine()
            .getErr()
            .println("dmarcpilot export: --domain '" + domain + "' is not a domain name");
        return 2;
      }
    }
    // the records list's order, as GET /api/v1/records/export writes it
    RecordQuery query = RecordQuery.listOrder(policyDomain, since, until, ip);
    Path target = output == null ? null : output.toAbsolutePath();
    boolean throughTarget = false;
    if (target != null) {
      if (Files.isDirectory(target)) {
        return failed(target + " is a folder; name a file", null);
      }
      if (Files.exists(target)) {
        // a link's file gets the export and the link stays; a named pipe or a device (such as
        // /dev/stdout) is written through, never replaced by a file renamed over it
        target = target.toRealPath();
        throughTarget = !Files.isRegularFile(target);
      } else if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
        return failed("cannot write " + target + ": no such folder " + target.getParent(), null);
      }
    }
    Path part = null;
    try (ReportStore store = ReportStores.open(storeOptions.load().storeConfig())) {
      long rows;
      if (target == null || throughTarget) {
        OutputStream stream =
            target == null ? new CheckedStdout(System.out) : Files.newOutputStream(target);
        Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
        try {
          ExportWriter w = ExportWriter.of(format, out);
          rows = store.exportRecords(query, w);
          w.close(); // only a complete export is closed (a JSON array is ended)
        } finally {
          try {
            out.flush();
          } finally {
            if (target != null) {
              stream.close();
            }
          }
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
      return failed(cannotWrite(target, e), null);
    } catch (UncheckedIOException e) {
      return failed(cannotWrite(target, e.getCause()), null);
    } finally {
      if (part != null) {
        Files.deleteIfExists(part);
      }
    }
  }

  /** A day as YYYY-MM-DD; anything else is refused naming it, without the parser's class names. */
  static final class Day implements CommandLine.ITypeConverter<LocalDate> {
    @Override
    public LocalDate convert(String value) {
      try {
        return LocalDate.parse(value);
      } catch (DateTimeParseException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a day (YYYY-MM-DD)");
      }
    }
  }

  private static String cannotWrite(@Nullable Path target, IOException e) {
    String why;
    if (e instanceof AccessDeniedException) {
      why = "permission denied";
    } else if (e instanceof FileSystemException fs && fs.getReason() != null) {
      why = fs.getReason();
    } else {
      why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
    return "cannot write " + (target != null ? target : "to standard output") + ": " + why;
  }

  /**
   * Standard output that reports a failed write: {@link System#out} is a {@link PrintStream}, which
   * keeps its errors to itself, so an export to a full disk or a closed pipe ended with "exported N
   * records" and exit code 0.
   */
  private static final class CheckedStdout extends FilterOutputStream {
    private final PrintStream stdout;

    CheckedStdout(PrintStream stdout) {
      super(stdout);
      this.stdout = stdout;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      stdout.write(b, off, len);
      check();
    }

    @Override
    public void write(int b) throws IOException {
      stdout.write(b);
      check();
    }

    @Override
    public void flush() throws IOException {
      check(); // checkError flushes
    }

    private void check() throws IOException {
      if (stdout.checkError()) {
        throw new IOException("the output failed (a full disk or a closed pipe?)");
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
