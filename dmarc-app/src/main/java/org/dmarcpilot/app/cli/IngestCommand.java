// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dmarcpilot.app.AppConfig;
import org.dmarcpilot.app.ingest.CoreReportParser;
import org.dmarcpilot.app.ingest.FileInputSource;
import org.dmarcpilot.app.ingest.ImapInputSource;
import org.dmarcpilot.app.ingest.ImapSettings;
import org.dmarcpilot.app.ingest.IngestOptions;
import org.dmarcpilot.app.ingest.IngestPipeline;
import org.dmarcpilot.app.ingest.IngestProgress;
import org.dmarcpilot.app.ingest.IngestSummary;
import org.dmarcpilot.app.ingest.InputSource;
import org.dmarcpilot.app.oauth.TokenCommand;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.dmarcpilot.app.store.StoreEngine;
import org.dmarcpilot.app.store.StoreException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dmarcpilot ingest PATH... [--imap-host ...]}: stores every aggregate report found, once.
 * Exit code 0 when everything was stored (duplicates are fine), 1 when something was rejected, 2
 * when the ingest could not finish (database or mailbox failure, bad arguments).
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Store aggregate reports from files, folders, mbox files, Maildirs and IMAP, each once.",
      "The IMAP password comes from $DMARCPILOT_IMAP_PASSWORD or imap.password in the"
          + " configuration file.",
      "Microsoft 365 and Gmail: --imap-auth xoauth2 with --imap-token-url, --imap-client-id"
          + " and --imap-scope (the client secret or refresh token from"
          + " $DMARCPILOT_IMAP_CLIENT_SECRET or $DMARCPILOT_IMAP_REFRESH_TOKEN), or with"
          + " --imap-token-command, a command that prints a fresh OAuth 2.0 access token (see"
          + " README)."
    })
public final class IngestCommand implements Callable<Integer> {
  @Mixin StoreOptions storeOptions = new StoreOptions();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "PATH", arity = "0..*", description = "Files and folders to read.")
  List<Path> paths = new ArrayList<>();

  @Option(names = "--imap-host", paramLabel = "HOST", description = "IMAP server to read.")
  @Nullable String imapHost;

  @Option(
      names = "--imap-port",
      paramLabel = "PORT",
      description = "IMAP port (default by security).")
  @Nullable Integer imapPort;

  @Option(names = "--imap-user", paramLabel = "USER", description = "IMAP login.")
  @Nullable String imapUser;

  @Option(names = "--imap-folder", paramLabel = "FOLDER", description = "Folder to read (INBOX).")
  @Nullable String imapFolder;

  @Option(
      names = "--imap-done-folder",
      paramLabel = "FOLDER",
      description = "Where stored messages go (DMARC/done).")
  @Nullable String imapDone;

  @Option(
      names = "--imap-failed-folder",
      paramLabel = "FOLDER",
      description = "Where messages without a report go (DMARC/failed).")
  @Nullable String imapFailed;

  @Option(
      names = "--imap-security",
      paramLabel = "MODE",
      description = "tls, starttls or none (loopback only); default tls.")
  ImapSettings.@Nullable Security imapSecurity;

  @Option(
      names = "--imap-after",
      paramLabel = "ACTION",
      description = "move (to the done folder) or flag (keyword DmarcPilotDone); default move.")
  ImapSettings.@Nullable AfterCommit imapAfter;

  @Option(
      names = "--imap-trust",
      paramLabel = "HOSTS",
      description = "Trust these hosts' certificates without a CA (self-signed servers).")
  @Nullable String imapTrust;

  @Option(
      names = "--imap-auth",
      paramLabel = "MODE",
      description =
          "password (default) or xoauth2: an OAuth 2.0 access token by SASL XOAUTH2 (Microsoft"
              + " 365, Gmail), from --imap-token-url, --imap-token-command or --imap-token-env.")
  @Nullable String imapAuth;

  @Option(
      names = "--imap-token-url",
      paramLabel = "URL",
      description =
          "OAuth 2.0 token endpoint to ask for access tokens (https), e.g."
              + " https://login.microsoftonline.com/TENANT/oauth2/v2.0/token or"
              + " https://oauth2.googleapis.com/token. The client_credentials grant with"
              + " $DMARCPILOT_IMAP_CLIENT_SECRET, or the refresh_token grant when"
              + " $DMARCPILOT_IMAP_REFRESH_TOKEN is set (or imap.client-secret, imap.refresh-token"
              + " in the configuration file).")
  @Nullable String imapTokenUrl;

  @Option(
      names = "--imap-client-id",
      paramLabel = "ID",
      description = "The OAuth client (application) ID, with --imap-token-url.")
  @Nullable String imapClientId;

  @Option(
      names = "--imap-scope",
      paramLabel = "SCOPES",
      description =
          "Scopes to ask for, with --imap-token-url: https://outlook.office365.com/.default"
              + " (Microsoft 365 app-only), https://mail.google.com/ (Gmail).")
  @Nullable String imapScope;

  @Option(
      names = "--imap-token-command",
      paramLabel = "COMMAND",
      description =
          "Prints the access token alone on standard output; run for every connection, without a"
              + " shell (words split at blanks; '...' and \"...\" group), within "
              + TokenCommand.DEFAULT_TIMEOUT_SECONDS
              + " s. E.g. \"/usr/local/bin/mutt_oauth2.py /var/lib/dmarcpilot/m365.tokens\".")
  @Nullable String imapTokenCommand;

  @Option(
      names = "--imap-token-env",
      paramLabel = "NAME",
      description = "The environment variable that holds the access token (instead of a command).")
  @Nullable String imapTokenEnv;

  @Option(
      names = "--imap-watch",
      description = "Keep waiting for new mail (IDLE, else polling) until interrupted.")
  boolean imapWatch;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Parser threads (default: all cores).")
  @Nullable Integer threads;

  @Option(
      names = "--batch-records",
      paramLabel = "N",
      description =
          "Records per write transaction (default: 40000 into DuckDB, 20000 into PostgreSQL).")
  @Nullable Integer batchRecords;

  /** DuckDB's memory limit for {@code ingest} unless {@code db.duckdb.memory-limit} is set. */
  static final String INGEST_DUCKDB_MEMORY = "192MB";

  @Option(
      names = "--progress-seconds",
      paramLabel = "N",
      description =
          "Seconds between progress lines when the output is not a terminal (default: "
              + ProgressPrinter.PLAIN_EVERY_SECONDS
              + ").")
  int progressSeconds = ProgressPrinter.PLAIN_EVERY_SECONDS;

  @Option(
      names = "--no-originals",
      description =
          "Do not keep the original file or attachment of each stored report"
              + " (default: kept up to store.original-max-bytes, 10 MiB; store.keep-originals).")
  boolean noOriginals;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AppConfig config;
    List<InputSource> sources = new ArrayList<>();
    try {
      config = storeOptions.load(imapFlags());
      if (!paths.isEmpty()) {
        sources.add(new FileInputSource(paths));
      }
      ConfiguredSources.imap(config, imapWatch, DEFAULT_IMAP_RECONNECTS)
          .ifPresent(
              imap ->
                  sources.add(new ImapInputSource(imap, IngestOptions.DEFAULT_MAX_INPUT_BYTES)));
    } catch (IllegalArgumentException e) {
      err.println("dmarcpilot ingest: " + e.getMessage());
      return 2;
    }
    if (sources.isEmpty()) {
      err.println(
          "dmarcpilot ingest: give a PATH or --imap-host (or imap.host in the configuration)");
      return 2;
    }
    IngestOptions options = IngestOptions.defaults();
    if (threads != null) {
      options = options.withParserThreads(threads);
    }
    StoreConfig storeConfig;
    try {
      options = options.withOriginalCopyBytes(noOriginals ? 0 : config.originalMaxBytes());
      storeConfig = config.storeConfig();
    } catch (IllegalArgumentException e) {
      err.println("dmarcpilot ingest: " + e.getMessage());
      return 2;
    }
    if (storeConfig.engine() == StoreEngine.DUCKDB) {
      options = options.withBatchRecords(IngestOptions.DUCKDB_BATCH_RECORDS);
      if (config.get("db.duckdb.threads").isEmpty()) {
        // the parser threads have the cores; an engine thread of its own only made the writer
        // poll for it (measured: CPU spent in DuckDB's task queue, nothing gained)
        storeConfig = storeConfig.withDuckDb(storeConfig.duckDbMemoryLimit(), 1);
      }
      if (config.get("db.duckdb.memory-limit").isEmpty()) {
        // next to a 512 MiB heap: with the originals' blobs in its buffer pool DuckDB's default
        // took a 1 GB corpus to 1,027 MiB resident, 192MB to 933 MiB at the same speed (and
        // 128MB made the transactions spill to disk)
        storeConfig = storeConfig.withDuckDb(INGEST_DUCKDB_MEMORY, storeConfig.duckDbThreads());
      }
    }
    if (batchRecords != null) {
      options = options.withBatchRecords(batchRecords);
    }
    if (progressSeconds < 1) {
      err.println(
          "dmarcpilot ingest: --progress-seconds must be at least 1, not " + progressSeconds);
      return 2;
    }
    ProgressPrinter progress = new ProgressPrinter(err, System.console() != null, progressSeconds);
    try (StopOnSignal stop = StopOnSignal.install("dmarcpilot ingest", err)) {
      return ingest(sources, options, storeConfig, progress, out, err);
    }
  }

  /** Runs the pipeline, closes the store and prints the summary; returns the exit code. */
  private static int ingest(
      List<InputSource> sources,
      IngestOptions options,
      StoreConfig opening,
      ProgressPrinter progress,
      PrintWriter out,
      PrintWriter err) {
    IngestSummary summary;
    ReportStore[] opened = new ReportStore[1];
    long closeNanos = 0;
    try {
      try {
        // the store opens on the writer's thread while the parsers start on the first inputs
        summary =
            new IngestPipeline(
                    () -> opened[0] = ReportStores.open(opening),
                    CoreReportParser.of(options),
                    options,
                    progress)
                .run(sources);
      } finally {
        if (opened[0] != null) {
          long t0 = System.nanoTime();
          try (var notice = progress.closingNotice()) {
            opened[0].close();
          }
          closeNanos = System.nanoTime() - t0;
        }
      }
    } catch (StoreException e) {
      progress.finish();
      err.println("dmarcpilot ingest: " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      progress.finish();
      err.println("dmarcpilot ingest: " + interrupted(progress.last()));
      return 2;
    }
    progress.finish();
    print(out, summary, Duration.ofNanos(closeNanos));
    if (summary.error() != null) {
      err.println("dmarcpilot ingest: " + CheckReportPrinter.clean(summary.error()));
      return 2;
    }
    return summary.rejected() > 0 ? 1 : 0;
  }

  /** What an interrupted run (a stop signal, Ctrl-C) says it did, and what happens next. */
  static String interrupted(@Nullable IngestProgress p) {
    String done =
        p == null
            ? "nothing was committed"
            : String.format(
                Locale.ROOT,
                "%,d inputs done: %,d reports stored, %,d duplicates, %,d rejected, %,d records",
                p.inputsDone(),
                p.reportsStored(),
                p.duplicates(),
                p.rejected(),
                p.records());
    return "stopped before the end ("
        + done
        + "). The inputs not committed are left as they were; running the same command again"
        + " takes them, and stores nothing twice.";
  }

  /** Reconnects to the IMAP server before {@code ingest} gives up, unless configured. */
  static final int DEFAULT_IMAP_RECONNECTS = 8;

  /** The {@code --imap-*} flags as configuration keys (they win over the file and environment). */
  private Map<String, @Nullable String> imapFlags() {
    Map<String, @Nullable String> f = new HashMap<>();
    f.put("imap.host", imapHost);
    f.put("imap.user", imapUser);
    f.put("imap.port", imapPort == null ? null : imapPort.toString());
    f.put("imap.security", imapSecurity == null ? null : imapSecurity.name());
    f.put("imap.after", imapAfter == null ? null : imapAfter.name());
    f.put("imap.folder", imapFolder);
    f.put("imap.done-folder", imapDone);
    f.put("imap.failed-folder", imapFailed);
    f.put("imap.trust", imapTrust);
    f.put("imap.auth", imapAuth);
    f.put("imap.token-url", imapTokenUrl);
    f.put("imap.client-id", imapClientId);
    f.put("imap.scope", imapScope);
    f.put("imap.token-command", imapTokenCommand);
    f.put("imap.token-env", imapTokenEnv);
    return f;
  }

  /** The most kinds of problem the summary lists; the rest are summed on one line. */
  static final int PROBLEMS_LISTED = 20;

  /** The rejections by kind of problem, the most frequent first. */
  private static void printProblems(PrintWriter out, Map<String, Long> byKind) {
    List<Map.Entry<String, Long>> kinds = new ArrayList<>(byKind.entrySet());
    kinds.sort(
        Map.Entry.<String, Long>comparingByValue()
            .reversed()
            .thenComparing(Map.Entry.comparingByKey()));
    for (int i = 0; i < kinds.size() && i < PROBLEMS_LISTED; i++) {
      out.printf(
          Locale.ROOT,
          "  %,6d  %s%n",
          kinds.get(i).getValue(),
          CheckReportPrinter.clean(kinds.get(i).getKey()));
    }
    if (kinds.size() > PROBLEMS_LISTED) {
      long rest = 0;
      for (Map.Entry<String, Long> e : kinds.subList(PROBLEMS_LISTED, kinds.size())) {
        rest += e.getValue();
      }
      out.printf(
          Locale.ROOT,
          "  %,6d  with %,d other kinds of problem (each is in the failure log)%n",
          rest,
          kinds.size() - PROBLEMS_LISTED);
    }
  }

  /**
   * Prints the summary; the time and the rates include closing the store (DuckDB's last checkpoint
   * writes what the run left in its write-ahead log into the file).
   */
  static void print(PrintWriter out, IngestSummary s, Duration closing) {
    double secs = (s.elapsed().toNanos() + closing.toNanos()) / 1e9;
    out.printf(
        Locale.ROOT,
        "files read:      %,d (%,d bytes)%n"
            + "reports stored:  %,d%n"
            + "duplicates:      %,d%n"
            + "rejected:        %,d%n",
        s.inputs(),
        s.bytes(),
        s.reportsStored(),
        s.duplicates(),
        s.rejected());
    printProblems(out, s.rejectedByReason());
    out.printf(
        Locale.ROOT,
        "records:         %,d%n"
            + "messages:        %,d%n"
            + "time:            %.1f s (%,.0f reports/s, %,.0f records/s)%s%n",
        s.records(),
        s.messages(),
        secs,
        secs > 0 ? (s.reportsStored() + s.duplicates()) / secs : 0,
        secs > 0 ? s.records() / secs : 0,
        closing.toMillis() >= 100
            ? String.format(
                Locale.ROOT, ", of which %.1f s closing the store", closing.toNanos() / 1e9)
            : "");
    out.flush();
  }
}
