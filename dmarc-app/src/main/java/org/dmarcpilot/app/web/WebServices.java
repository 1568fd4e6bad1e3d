// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Objects;
import org.dmarcpilot.app.analysis.DomainAnalyses;
import org.dmarcpilot.app.web.auth.AuthService;
import org.dmarcpilot.app.web.data.AdvisorSettings;
import org.dmarcpilot.app.web.data.IngestionLog;
import org.dmarcpilot.app.web.data.RecordQueries;
import org.dmarcpilot.app.web.data.ReportCatalog;
import org.dmarcpilot.app.web.data.ReportUploads;
import org.dmarcpilot.app.web.data.SourceFacts;
import org.dmarcpilot.app.web.data.TrafficQueries;
import org.dmarcpilot.app.web.live.LiveRecordCheck;
import org.dmarcpilot.app.web.sources.SourceSettings;
import org.dmarcpilot.check.DomainAudit;

/**
 * The services the web tier is built on, wired by the composition root.
 *
 * @param auth users, sessions, tokens
 * @param reports the stored reports
 * @param traffic volumes and pass rates over time
 * @param uploads report upload into the store
 * @param records records joined with their reports, paged and exported
 * @param audit the record check of any domain ({@code check})
 * @param live the Domain page's live record check (published records, findings, next record)
 * @param ingestion what ingestion did: sources, inputs, failures
 * @param analyses the sources, advice and simulation of each domain
 * @param facts what enrichment knows about a sending address
 * @param advisorSettings the advisor's thresholds, changed on the Settings page
 * @param metrics the registry behind {@code /metrics}
 * @param clock the time source
 * @param sources the watched folders and IMAP accounts run in the background
 */
public record WebServices(
    AuthService auth,
    ReportCatalog reports,
    TrafficQueries traffic,
    ReportUploads uploads,
    RecordQueries records,
    DomainAudit audit,
    LiveRecordCheck live,
    IngestionLog ingestion,
    DomainAnalyses analyses,
    SourceFacts facts,
    AdvisorSettings advisorSettings,
    PrometheusMeterRegistry metrics,
    Clock clock,
    SourceSettings sources) {
  /** Checks that every service is present. */
  public WebServices {
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(reports, "reports");
    Objects.requireNonNull(traffic, "traffic");
    Objects.requireNonNull(uploads, "uploads");
    Objects.requireNonNull(records, "records");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(live, "live");
    Objects.requireNonNull(ingestion, "ingestion");
    Objects.requireNonNull(analyses, "analyses");
    Objects.requireNonNull(facts, "facts");
    Objects.requireNonNull(advisorSettings, "advisorSettings");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sources, "sources");
  }
}
