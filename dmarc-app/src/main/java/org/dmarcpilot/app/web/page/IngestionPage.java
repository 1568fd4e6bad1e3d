// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.dmarcpilot.app.ingest.supervise.SourceState;
import org.dmarcpilot.app.web.api.ReportApi;
import org.dmarcpilot.app.web.data.IngestionLog;
import org.dmarcpilot.app.web.http.Params;
import org.dmarcpilot.app.web.http.Views;

/**
 * {@code /ingestion}: the sources with their last runs, the latest inputs, and every failure with
 * its reason and the original bytes to download.
 */
public final class IngestionPage {
  /** Rows shown per list. */
  static final int LIMIT = 100;

  private final IngestionLog log;
  private final Supplier<List<SourceState>> running;
  private final Views views;

  /** The page over the ingestion log, without background sources. */
  public IngestionPage(IngestionLog log, Views views) {
    this(log, List::of, views);
  }

  /**
   * The page over the ingestion log and the background sources.
   *
   * @param running the states of the sources the server runs
   */
  public IngestionPage(IngestionLog log, Supplier<List<SourceState>> running, Views views) {
    this.log = Objects.requireNonNull(log, "log");
    this.running = Objects.requireNonNull(running, "running");
    this.views = Objects.requireNonNull(views, "views");
  }

  /**
   * What the page shows.
   *
   * @param running the background sources (watched folders, IMAP accounts) and their states
   * @param sources per kind of source
   * @param inputs the latest inputs
   * @param failures the latest failures
   */
  public record IngestionView(
      List<SourceState> running,
      List<IngestionLog.SourceActivity> sources,
      List<IngestionLog.Input> inputs,
      List<IngestionLog.Failure> failures) {}

  /** {@code GET /ingestion}. */
  public void show(Context ctx) {
    Chrome chrome = PageSupport.chrome(ctx, "Ingestion", "ingestion", null, null, List.of());
    views.render(
        ctx,
        "ingestion.jte",
        PageSupport.params(
            chrome,
            new IngestionView(
                running.get(), log.sources(), log.recentInputs(LIMIT), log.failures(LIMIT))));
  }

  /** {@code GET /ingestion/failures/{id}/original}. */
  public void original(Context ctx) {
    long id = Params.pathId(ctx, "id");
    ReportApi.sendDownload(
        ctx, log.failureOriginal(id).orElseThrow(() -> new NotFoundResponse("no failure " + id)));
  }
}
