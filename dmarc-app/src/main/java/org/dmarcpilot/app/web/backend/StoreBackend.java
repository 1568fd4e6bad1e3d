// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.backend;

import java.util.Objects;
import org.dmarcpilot.app.analysis.DomainAnalyses;
import org.dmarcpilot.app.analysis.PublishedRecords;
import org.dmarcpilot.app.ingest.IngestOptions;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.web.WebApplication;
import org.dmarcpilot.app.web.data.AdvisorSettings;
import org.dmarcpilot.app.web.data.ReportLoader;
import org.dmarcpilot.app.web.data.ReportSummary;
import org.dmarcpilot.app.web.data.SourceFacts;
import org.dmarcpilot.app.web.data.StoredReport;
import org.dmarcpilot.app.web.sql.SqlDatabase;
import org.dmarcpilot.check.DomainAudit;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.ReportRecord;

/** The web's {@link WebApplication.Backend} over a {@link ReportStore} and the ingest pipeline. */
public final class StoreBackend {
  private StoreBackend() {}

  /**
   * The backend: the store's database, its report loader, uploads through ingest, the audit, the
   * analysis and the enrichment facts.
   */
  public static WebApplication.Backend of(
      ReportStore store,
      IngestOptions options,
      DomainAudit audit,
      PublishedRecords published,
      DomainAnalyses analyses,
      SourceFacts facts,
      AdvisorSettings settings) {
    Objects.requireNonNull(store, "store");
    SqlDatabase db = database(store);
    return new WebApplication.Backend(
        db,
        loader(store),
        new IngestUploads(store, options),
        audit,
        published,
        analyses,
        facts,
        settings);
  }

  /** Loads the store's reports, whole or with a slice of their records, in the web's terms. */
  public static ReportLoader loader(ReportStore store) {
    Objects.requireNonNull(store, "store");
    return (pk, first, max) -> store.findReport(pk, first, max).map(StoreBackend::toWeb);
  }

  /** The store's database as the web's SQL sees it. */
  public static SqlDatabase database(ReportStore store) {
    Objects.requireNonNull(store, "store");
    return new SqlDatabase() {
      @Override
      public <T> T read(Work<T> work) {
        return store.read(work::run);
      }

      @Override
      public <T> T write(Work<T> work) {
        return store.write(work::run);
      }
    };
  }

  /** A stored report in the web's terms. */
  static StoredReport toWeb(org.dmarcpilot.app.store.StoredReport s) {
    AggregateReport r = s.report();
    long pass = 0;
    for (ReportRecord rec : r.records()) {
      if (rec.policyEvaluated().dmarcPass()) {
        pass += rec.count();
      }
    }
    ReportSummary summary =
        new ReportSummary(
            s.pk(),
            r.metadata().orgName(),
            r.metadata().reportId(),
            r.policyPublished().domain(),
            r.metadata().begin(),
            r.metadata().end(),
            r.records().size(),
            r.messageCount(),
            pass,
            r.issues().size(),
            s.ingestedAt());
    return new StoredReport(summary, r, s.source().describe());
  }
}
