// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dmarcpilot.app.AppConfig;
import org.dmarcpilot.app.analysis.Advice;
import org.dmarcpilot.app.analysis.PublishedRecords;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dmarcpilot advise DOMAIN}: the domain's stage, the readiness gates with their measured
 * values, the exact record to publish next and what blocks it. Exit code 0 when the next step is
 * ready (or there is none), 1 when it is blocked, 2 when the store fails, 64 for bad options.
 */
@Command(
    name = "advise",
    mixinStandardHelpOptions = true,
    description =
        "Is it safe to move to quarantine or reject? The next DMARC record and what blocks it.")
public final class AdviseCommand implements Callable<Integer> {
  @Mixin StoreOptions storeOptions = new StoreOptions();
  @Mixin AnalysisOptions analysisOptions = new AnalysisOptions();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "DOMAIN", description = "The policy domain.")
  String domain = "";

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      defaultValue = "14d",
      description =
          "The window the gates look at: 14d, 30d, 2w or YYYY-MM-DD (default: ${DEFAULT-VALUE}).")
  String since = "14d";

  @Option(names = "--json", description = "Write JSON instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Duration window;
    try {
      window = Duration.between(AnalysisOptions.since(since, now), now);
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("--since must be in the past: " + since);
      }
    } catch (IllegalArgumentException e) {
      err.println("dmarcpilot advise: " + e.getMessage());
      return 64;
    }
    String d = domain.strip().toLowerCase(Locale.ROOT);
    AppConfig config = storeOptions.load();
    try (ReportStore store = ReportStores.open(config.storeConfig())) {
      AnalysisOptions.Wired w = analysisOptions.wire(store, config, window);
      try (AutoCloseable ignored = w.resources()) {
        String record =
            w.dns() == null ? null : PublishedRecords.lookup(w.dns(), d, Instant.now()).text();
        Advice a = w.service().advise(d, record);
        if (json) {
          out.println(
              new ObjectMapper()
                  .enable(SerializationFeature.INDENT_OUTPUT)
                  .writeValueAsString(AnalysisText.adviceJson(a)));
        } else {
          AnalysisText.advice(out, a);
        }
        out.flush();
        return a.ready() || a.nextStage() == null ? 0 : 1;
      }
    } catch (StoreException e) {
      err.println("dmarcpilot advise: " + e.getMessage());
      return 2;
    }
  }
}
