// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.dmarcpilot.app.ingest.FileInputSource;
import org.dmarcpilot.policy.PublicSuffixList;
import org.dmarcpilot.report.PayloadFailure;
import org.dmarcpilot.report.ReportIssue;
import org.dmarcpilot.report.ReportLimits;
import org.dmarcpilot.report.ReportSource;
import org.dmarcpilot.report.aggregate.ExtractedReport;
import org.dmarcpilot.report.aggregate.ReportHandler;
import org.dmarcpilot.report.aggregate.ReportReader;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dmarcpilot show FILE|DIR...}: aggregate reports as a person reads them ("XML to human"),
 * or as JSON or CSV for machines. Files, folders (recursively), mbox files and Maildir folders; the
 * content decides what a file is. The inputs are those {@code ingest} reads ({@link
 * FileInputSource}): named pipes, devices and links to folders are named and never opened. The exit
 * code is 1 when any input or payload could not be read; the others are still shown. Names and
 * report text reach the terminal with control characters escaped.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Show DMARC aggregate reports: XML, gzip, zip, e-mail (.eml), mbox and Maildir, RFC 7489 and"
          + " RFC 9990.",
      "Alignment is recomputed from header_from and the DKIM and SPF results, with the"
          + " organizational domain from the Public Suffix List."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every input was read",
      "1:an input or a payload could not be read",
      "2:usage, or the output could not be written"
    })
public final class ShowCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE|DIR",
      description = "Reports, folders of them, mbox files or Maildir folders.")
  List<Path> paths = new ArrayList<>();

  @ArgGroup(exclusive = true)
  @Nullable Format format;

  static final class Format {
    @Option(
        names = "--json",
        description = "One JSON object per record (with the report's metadata), in an array.")
    boolean json;

    @Option(
        names = "--csv",
        description =
            "One CSV row per record (with the report's metadata); the same columns as --json.")
    boolean csv;
  }

  private final Function<String, String> organizationalDomain =
      PublicSuffixList.guava()::organizationalDomain;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean json = format != null && format.json;
    boolean csv = format != null && format.csv;
    Sink sink;
    ShowRows.Json jsonOut = null;
    if (json) {
      jsonOut = openJson(out);
      sink = new RowSink(jsonOut, null, err);
    } else if (csv) {
      sink = new RowSink(null, new ShowRows.Csv(out), err);
    } else {
      sink = new TextSink(new ShowText(out, organizationalDomain));
    }
    ReportReader reader = new ReportReader(ReportLimits.DEFAULTS);
    int[] inputs = {0};
    for (Path path : paths) {
      if (out.checkError()) {
        break; // the output is gone: reading on would only be lost
      }
      // the inputs ingest would read, rejected by name where ingest rejects them: a named pipe or a
      // device is never opened, links to folders are not followed, unreadable folders are named
      try {
        new FileInputSource(List.of(path))
            .produce(
                unit -> {
                  inputs[0]++;
                  try (InputStream in = unit.open()) {
                    reader.read(in, unit.name(), sink);
                  } catch (IOException e) {
                    sink.unreadable(unit.name(), e);
                  }
                });
      } catch (IOException e) {
        inputs[0]++;
        sink.unreadable(path.toString(), e.getCause() instanceof IOException c ? c : e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (jsonOut != null) {
      try {
        jsonOut.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    sink.finish(inputs[0]);
    err.flush();
    if (out.checkError()) { // a PrintWriter keeps its errors to itself
      err.println(
          "dmarcpilot show: cannot write to standard output (a full disk or a closed pipe?)");
      err.flush();
      return 2;
    }
    return sink.failed() ? 1 : 0;
  }

  private static ShowRows.Json openJson(PrintWriter out) {
    try {
      return new ShowRows.Json(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the reader's findings go. */
  private abstract static class Sink implements ReportHandler {
    private boolean failed;

    boolean failed() {
      return failed;
    }

    void markFailed() {
      failed = true;
    }

    abstract void unreadable(String input, IOException e);

    abstract void finish(int inputs);
  }

  private static String describe(String input, IOException e) {
    if (e instanceof NoSuchFileException) {
      return input + ": no such file or directory";
    }
    return input + ": cannot be read: " + FileInputSource.problem(e);
  }

  /** The human view: failures inline, in the order found. */
  private static final class TextSink extends Sink {
    private final ShowText text;

    TextSink(ShowText text) {
      this.text = text;
    }

    @Override
    public void report(ExtractedReport report) {
      text.report(report);
    }

    @Override
    public void failure(PayloadFailure failure) {
      markFailed();
      text.failure(failure);
    }

    @Override
    public void skipped(ReportSource source, ReportIssue issue) {
      text.skipped(source, issue);
    }

    @Override
    void unreadable(String input, IOException e) {
      markFailed();
      text.unreadable(describe(input, e));
    }

    @Override
    void finish(int inputs) {
      text.summary(inputs);
    }
  }

  /** JSON or CSV on stdout; failures as lines on stderr. */
  private final class RowSink extends Sink {
    private final ShowRows.@Nullable Json json;
    private final ShowRows.@Nullable Csv csv;
    private final PrintWriter err;

    RowSink(ShowRows.@Nullable Json json, ShowRows.@Nullable Csv csv, PrintWriter err) {
      this.json = json;
      this.csv = csv;
      this.err = err;
    }

    @Override
    public void report(ExtractedReport report) {
      for (ShowRows.Row row : ShowRows.rows(report, organizationalDomain)) {
        if (json != null) {
          try {
            json.write(row);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        } else if (csv != null) {
          csv.write(row);
        }
      }
    }

    @Override
    public void failure(PayloadFailure failure) {
      markFailed();
      err.println("not read: " + CheckReportPrinter.clean(failure.error().getMessage()));
    }

    @Override
    public void skipped(ReportSource source, ReportIssue issue) {
      err.println(
          "skipped: " + CheckReportPrinter.clean(source.location() + ": " + issue.message()));
    }

    @Override
    void unreadable(String input, IOException e) {
      markFailed();
      err.println("not read: " + CheckReportPrinter.clean(describe(input, e)));
    }

    @Override
    void finish(int inputs) {
      err.flush();
    }
  }
}
