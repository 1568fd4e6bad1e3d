// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dmarcpilot.app.AppConfig;
import org.dmarcpilot.app.analysis.OwnerMark;
import org.dmarcpilot.app.analysis.SourceClass;
import org.dmarcpilot.app.analysis.SourceKey;
import org.dmarcpilot.app.analysis.SourceReport;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dmarcpilot sources DOMAIN}: every source that sent mail as the domain, its class (aligned,
 * yours-not-aligned, forwarded, spoofing, unknown), the evidence and the fix. {@code --mark
 * service:sendgrid=mine} stores the owner's verdict on a source first.
 */
@Command(
    name = "sources",
    mixinStandardHelpOptions = true,
    description = "Who sends as a domain, which of them fail DMARC, why, and how to fix each.")
public final class SourcesCommand implements Callable<Integer> {
  @Mixin StoreOptions storeOptions = new StoreOptions();
  @Mixin AnalysisOptions analysisOptions = new AnalysisOptions();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "DOMAIN", description = "The policy domain.")
  String domain = "";

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      defaultValue = "30d",
      description = "Start of the period: 30d, 12h, 2w or YYYY-MM-DD (default: ${DEFAULT-VALUE}).")
  String since = "30d";

  @Option(
      names = "--class",
      paramLabel = "C",
      description =
          "Only sources of this class: aligned, yours-not-aligned, forwarded, spoofing, unknown.")
  @Nullable String sourceClass;

  @Option(
      names = "--mark",
      paramLabel = "SOURCE=MARK",
      description = "Store a mark first: service:<id>|ip:<addr> = mine, not-mine or none.")
  Map<String, String> marks = Map.of();

  @Option(names = "--json", description = "Write JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant from;
    SourceClass only;
    try {
      from = AnalysisOptions.since(since, now);
      only = sourceClass == null ? null : SourceClass.fromToken(sourceClass);
    } catch (IllegalArgumentException e) {
      err.println("dmarcpilot sources: " + e.getMessage());
      return 64;
    }
    String d = domain.strip().toLowerCase(Locale.ROOT);
    AppConfig config = storeOptions.load();
    try (ReportStore store = ReportStores.open(config.storeConfig())) {
      AnalysisOptions.Wired w = analysisOptions.wire(store, config, Duration.between(from, now));
      try (AutoCloseable ignored = w.resources()) {
        for (Map.Entry<String, String> m : marks.entrySet()) {
          SourceKey key;
          OwnerMark mark;
          try {
            key = SourceKey.parse(m.getKey().strip());
            mark = parseMark(m.getValue());
          } catch (IllegalArgumentException e) {
            err.println("dmarcpilot sources: --mark: " + e.getMessage());
            return 64;
          }
          w.service().mark(d, key, mark);
          err.println(
              "marked " + key + " of " + d + ": " + (mark == null ? "none" : m.getValue().strip()));
        }
        List<SourceReport> sources = w.service().sources(d, from, now, only);
        if (json) {
          // written as it is made: the whole text of a domain of many sources does not fit
          ObjectMapper om =
              new ObjectMapper()
                  .enable(SerializationFeature.INDENT_OUTPUT)
                  .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
          om.writeValue(out, AnalysisText.sourcesJson(d, from.toString(), now.toString(), sources));
          out.println();
        } else {
          AnalysisText.sources(out, d, "since " + from, sources, w.geoData());
        }
        out.flush();
        return 0;
      }
    } catch (StoreException e) {
      err.println("dmarcpilot sources: " + e.getMessage());
      return 2;
    }
  }

  private static @Nullable OwnerMark parseMark(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "mine" -> OwnerMark.MINE;
      case "not-mine", "not_mine", "notmine" -> OwnerMark.NOT_MINE;
      case "none", "" -> null;
      default -> throw new IllegalArgumentException("mark must be mine, not-mine or none: " + text);
    };
  }
}
