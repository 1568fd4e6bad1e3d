// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dmarcpilot.app.store.ExportWriter;
import org.dmarcpilot.app.web.api.AdviceJson;
import org.dmarcpilot.app.web.api.AnalysisApi;
import org.dmarcpilot.app.web.api.CheckApi;
import org.dmarcpilot.app.web.api.DomainApi;
import org.dmarcpilot.app.web.api.DomainJson;
import org.dmarcpilot.app.web.api.DomainsJson;
import org.dmarcpilot.app.web.api.LiveRecordApi;
import org.dmarcpilot.app.web.api.MarkJson;
import org.dmarcpilot.app.web.api.OpenApiDocument;
import org.dmarcpilot.app.web.api.RecordApi;
import org.dmarcpilot.app.web.api.RecordListJson;
import org.dmarcpilot.app.web.api.ReportApi;
import org.dmarcpilot.app.web.api.ReportJson;
import org.dmarcpilot.app.web.api.ReportListJson;
import org.dmarcpilot.app.web.api.SeriesJson;
import org.dmarcpilot.app.web.api.SimulationJson;
import org.dmarcpilot.app.web.api.SourcesJson;
import org.dmarcpilot.app.web.api.UploadJson;
import org.dmarcpilot.app.web.http.ApiDoc;
import org.dmarcpilot.app.web.http.ApiDoc.Param;
import org.dmarcpilot.app.web.http.Views;
import org.dmarcpilot.app.web.live.LiveRecord;
import org.dmarcpilot.app.web.page.CheckPage;
import org.dmarcpilot.app.web.page.DomainPage;
import org.dmarcpilot.app.web.page.IngestionPage;
import org.dmarcpilot.app.web.page.LoginPage;
import org.dmarcpilot.app.web.page.OverviewPage;
import org.dmarcpilot.app.web.page.RecordPanel;
import org.dmarcpilot.app.web.page.ReportPages;
import org.dmarcpilot.app.web.page.SettingsPage;
import org.dmarcpilot.app.web.page.SourcePage;
import org.dmarcpilot.app.web.page.SourceSettingsPage;
import org.dmarcpilot.app.web.page.UploadPage;
import org.dmarcpilot.check.AuditReport;

/**
 * The route table: every page and API route of the server, in one place. The OpenAPI document is
 * built from the API rows of this table, so it lists exactly the routes that exist.
 */
public final class Routes {
  /** Where the OpenAPI document is served. */
  public static final String OPENAPI = "/api/openapi.json";

  private static final String VERSION = "1";

  private Routes() {}

  /** The table for the given services. */
  public static List<Route> table(WebServices s, WebConfig config, Views views) {
    var login = new LoginPage(s.auth(), views, config.secureCookies());
    var overview = new OverviewPage(s.traffic(), s.analyses(), views, s.clock());
    var domain = new DomainPage(s.traffic(), s.analyses(), views, s.clock());
    var reports = new ReportPages(s.reports(), views, s.clock());
    var upload = new UploadPage(s.uploads(), views);
    var source = new SourcePage(s.records(), s.facts(), views, s.clock());
    var check = new CheckPage(s.audit()::audit, views);
    var checkApi = new CheckApi(s.audit());
    var recordPanel = new RecordPanel(s.live(), views);
    var liveApi = new LiveRecordApi(s.live());
    var ingestion = new IngestionPage(s.ingestion(), s.sources()::states, views);
    var sources = new SourceSettingsPage(s.sources(), views);
    var settings = new SettingsPage(s.auth(), s.advisorSettings(), s.analyses(), views);
    var domainApi = new DomainApi(s.traffic(), s.analyses(), s.clock());
    var analysisApi = new AnalysisApi(s.analyses(), s.clock());
    var reportApi = new ReportApi(s.reports(), s.uploads(), s.clock());
    var recordApi = new RecordApi(s.records(), s.clock());
    var system = new SystemRoutes(s);

    List<Route> r = new ArrayList<>();
    r.add(open(GET, "/health", system::health));
    r.add(open(GET, "/login", login::form));
    r.add(open(POST, "/login", login::submit));
    r.add(page(POST, "/logout", login::logout));
    r.add(page(GET, "/metrics", system::metrics));

    r.add(page(GET, "/", overview::show));
    r.add(page(GET, "/domains/{domain}", domain::show));
    r.add(page(POST, "/domains/{domain}/marks", domain::mark));
    r.add(page(GET, "/domains/{domain}/record", recordPanel::show));
    r.add(page(POST, "/domains/{domain}/record", recordPanel::recheck));
    r.add(page(GET, "/sources/{ip}", source::show));
    r.add(page(GET, "/reports", reports::list));
    r.add(page(GET, "/reports/{id}", reports::show));
    r.add(page(GET, "/reports/{id}/original", reportApi::original));
    r.add(page(GET, "/check", check::show));
    r.add(page(GET, "/ingestion", ingestion::show));
    r.add(page(GET, "/ingestion/failures/{id}/original", ingestion::original));
    r.add(page(GET, "/upload", upload::form));
    r.add(page(POST, "/upload", upload::submit));
    r.add(page(GET, "/settings", settings::show));
    r.add(page(POST, "/settings/password", settings::changePassword));
    r.add(page(POST, "/settings/users", settings::addUser));
    r.add(page(POST, "/settings/users/{username}/delete", settings::deleteUser));
    r.add(page(POST, "/settings/tokens", settings::createToken));
    r.add(page(POST, "/settings/thresholds", settings::changeThresholds));
    r.add(page(POST, "/settings/tokens/{id}/revoke", settings::revokeToken));
    r.add(page(GET, "/settings/sources", sources::show));
    r.add(page(POST, "/settings/sources/folders", sources::addFolder));
    r.add(page(POST, "/settings/sources/imap", sources::addImap));
    r.add(page(POST, "/settings/sources/test", sources::testForm));
    r.add(page(POST, "/settings/sources/resume", sources::resume));
    r.add(page(GET, "/settings/sources/{id}", sources::edit));
    r.add(page(POST, "/settings/sources/{id}", sources::save));
    r.add(page(POST, "/settings/sources/{id}/enable", sources::enable));
    r.add(page(POST, "/settings/sources/{id}/disable", sources::disable));
    r.add(page(POST, "/settings/sources/{id}/delete", sources::delete));
    r.add(page(POST, "/settings/sources/{id}/test", sources::test));

    Map<Integer, String> bad = Map.of(400, "a parameter is invalid; the message says which");
    Map<Integer, String> paged =
        Map.of(
            400,
            bad.get(400),
            404,
            "no such page: the page asked for is past the last one; the message says how many"
                + " there are");
    r.add(
        api(
            GET,
            "/api/v1/domains",
            domainApi::list,
            new ApiDoc(
                "All domains with mail in the range, with totals",
                "domains",
                ApiDoc.rangeParams(),
                DomainsJson.class,
                bad,
                false)));
    Param domainParam = Param.path("domain", "string", "hostname", "the policy domain");
    r.add(
        api(
            GET,
            "/api/v1/domains/{domain}/summary",
            domainApi::summary,
            new ApiDoc(
                "One domain's volume and pass rates over the range",
                "domains",
                with(domainParam, ApiDoc.rangeParams()),
                DomainJson.class,
                Map.of(400, bad.get(400), 404, "no reports for the domain in the range"),
                false)));
    r.add(
        api(
            GET,
            "/api/v1/domains/{domain}/series",
            domainApi::series,
            new ApiDoc(
                "One domain's days: volume by class, DMARC pass, DKIM and SPF alignment",
                "domains",
                with(domainParam, ApiDoc.rangeParams()),
                SeriesJson.class,
                bad,
                false)));
    r.add(
        api(
            GET,
            "/api/v1/domains/{domain}/sources",
            analysisApi::sources,
            new ApiDoc(
                "One domain's sending sources (services and addresses) with class, volume, pass"
                    + " rates, evidence and fix; its From domains",
                "analysis",
                with(domainParam, ApiDoc.rangeParams()),
                SourcesJson.class,
                bad,
                false)));
    r.add(
        api(
            GET,
            "/api/v1/domains/{domain}/advice",
            analysisApi::advice,
            new ApiDoc(
                "The deployment advisor over its window: stage, readiness gates, next stage and"
                    + " the record to publish, the sources that need attention",
                "analysis",
                List.of(domainParam),
                AdviceJson.class,
                Map.of(400, "not a domain name"),
                false)));
    r.add(
        api(
            POST,
            "/api/v1/domains/{domain}/marks",
            analysisApi::mark,
            new ApiDoc(
                "Mark a source of the domain as yours or not yours (or clear the mark); the"
                    + " domain is analysed anew. Parameters in the query or a form body.",
                "analysis",
                List.of(
                    domainParam,
                    Param.query("source", "string", "", "service:<id> or ip:<address>"),
                    Param.query("mark", "string", "", "mine, not-mine or none (clear)")),
                MarkJson.class,
                Map.of(400, "a parameter is invalid", 403, "CSRF token missing"),
                false)));
    List<Param> simulateParams = new ArrayList<>();
    simulateParams.add(domainParam);
    simulateParams.addAll(ApiDoc.rangeParams());
    simulateParams.add(
        Param.query("p", "string", "", "none, quarantine or reject (default: the next stage's)"));
    simulateParams.add(Param.query("sp", "string", "", "subdomain policy; absent: as p"));
    simulateParams.add(Param.query("np", "string", "", "non-existent subdomains; absent: as sp"));
    simulateParams.add(Param.query("t", "string", "", "testing flag: y or n"));
    simulateParams.add(Param.query("pct", "integer", "int32", "0 to 100 (RFC 7489), default 100"));
    r.add(
        api(
            GET,
            "/api/v1/domains/{domain}/simulate",
            analysisApi::simulate,
            new ApiDoc(
                "What a policy would have done to the range's mail: passing, quarantined and"
                    + " rejected per class, legitimate mail at risk, spoofing stopped",
                "analysis",
                simulateParams,
                SimulationJson.class,
                bad,
                false)));
    List<Param> reportFilter = new ArrayList<>(ApiDoc.rangeParams());
    reportFilter.add(Param.query("domain", "string", "hostname", "only this policy domain"));
    reportFilter.add(Param.query("reporter", "string", "", "only this reporter (org_name)"));
    reportFilter.addAll(ApiDoc.pageParams());
    r.add(
        api(
            GET,
            "/api/v1/reports",
            reportApi::list,
            new ApiDoc(
                "Reports whose period overlaps the range, newest first, paged",
                "reports",
                reportFilter,
                ReportListJson.class,
                paged,
                false)));
    r.add(
        api(
            POST,
            "/api/v1/reports",
            reportApi::upload,
            new ApiDoc(
                "Upload report files (xml, gz, zip, eml, mbox); one result per file",
                "reports",
                List.of(),
                UploadJson.class,
                Map.of(400, "not a multipart upload, or no file part", 403, "CSRF token missing"),
                true)));
    Param id = Param.path("id", "integer", "int64", "the report's id");
    r.add(
        api(
            GET,
            "/api/v1/reports/{id}",
            reportApi::get,
            new ApiDoc(
                "One report with one page of its records (in report order) and its issues",
                "reports",
                List.of(
                    id,
                    Param.query("page", "integer", "int32", "page of the records, from 1"),
                    Param.query(
                        "size", "integer", "int32", "records per page, 1 to 500 (default 500)")),
                ReportJson.class,
                Map.of(
                    400,
                    "the id, page or size is not a number in range",
                    404,
                    "no such report, or a page past the last one"),
                false)));
    r.add(
        api(
            GET,
            "/api/v1/reports/{id}/original",
            reportApi::original,
            new ApiDoc(
                "The bytes the report arrived as: the XML, gzip or zip file, or the e-mail"
                    + " attachment after transfer decoding; as an attachment download",
                "reports",
                List.of(id),
                byte[].class,
                Map.of(
                    400,
                    "the id is not a positive number",
                    404,
                    "no such report, or its original was not kept (switched off, or over the"
                        + " size limit)"),
                false)));

    List<Param> recordFilter = new ArrayList<>(ApiDoc.rangeParams());
    recordFilter.add(Param.query("domain", "string", "hostname", "only this policy domain"));
    recordFilter.add(Param.query("source_ip", "string", "", "only this sending address"));
    List<Param> recordPage = new ArrayList<>(recordFilter);
    recordPage.addAll(ApiDoc.pageParams());
    r.add(
        api(
            GET,
            "/api/v1/records",
            recordApi::list,
            new ApiDoc(
                "Records joined with their reports, newest report first, paged",
                "records",
                recordPage,
                RecordListJson.class,
                paged,
                false)));
    List<Param> exportParams = new ArrayList<>(recordFilter);
    exportParams.add(Param.query("format", "string", "", "csv (default) or json"));
    r.add(
        api(
            GET,
            "/api/v1/records/export",
            recordApi::export,
            new ApiDoc(
                "Every matching record, newest report first, streamed as CSV or as a JSON array:"
                    + " the same columns, keys and arrays as dmarcpilot export --format csv|json",
                "records",
                exportParams,
                ExportWriter.class,
                bad,
                false)));

    r.add(
        api(
            GET,
            "/api/v1/domains/{domain}/record",
            liveApi::record,
            new ApiDoc(
                "The live record check: the DMARC record published now, the findings for DMARC,"
                    + " SPF and DKIM (selectors from the reports), the advisor's next record and"
                    + " the difference tag by tag; kept for 5 minutes",
                "check",
                List.of(domainParam),
                LiveRecord.class,
                Map.of(400, "not a domain name"),
                false)));
    r.add(
        api(
            GET,
            "/api/v1/check/{domain}",
            checkApi::check,
            new ApiDoc(
                "Audit a domain's DMARC, SPF, DKIM, MX, MTA-STS, TLS-RPT and BIMI records live",
                "check",
                List.of(domainParam),
                AuditReport.class,
                Map.of(400, "not a domain name"),
                false)));

    ApiDoc openApiDoc = new ApiDoc("This document", "meta", List.of(), Map.class, Map.of(), false);
    List<OpenApiDocument.Entry> entries = new ArrayList<>();
    for (Route route : r) {
      if (route.doc() != null) {
        entries.add(new OpenApiDocument.Entry(route.method().name(), route.path(), route.doc()));
      }
    }
    entries.add(new OpenApiDocument.Entry("GET", OPENAPI, openApiDoc));
    Map<String, Object> document = OpenApiDocument.build(entries, VERSION);
    r.add(api(GET, OPENAPI, ctx -> ctx.json(document), openApiDoc));
    return List.copyOf(r);
  }

  private static List<Param> with(Param first, List<Param> rest) {
    List<Param> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private static Route open(HandlerType method, String path, Handler h) {
    return new Route(method, path, Access.PUBLIC, h, null);
  }

  private static Route page(HandlerType method, String path, Handler h) {
    return new Route(method, path, Access.USER, h, null);
  }

  private static Route api(HandlerType method, String path, Handler h, ApiDoc doc) {
    return new Route(method, path, Access.USER, h, doc);
  }
}
