// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import com.google.common.net.InetAddresses;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.dmarcpilot.app.enrich.IpFacts;
import org.dmarcpilot.app.web.data.DateRange;
import org.dmarcpilot.app.web.data.Page;
import org.dmarcpilot.app.web.data.PageRequest;
import org.dmarcpilot.app.web.data.RecordFilter;
import org.dmarcpilot.app.web.data.RecordQueries;
import org.dmarcpilot.app.web.data.RecordRow;
import org.dmarcpilot.app.web.data.RecordTotals;
import org.dmarcpilot.app.web.data.SourceFacts;
import org.dmarcpilot.app.web.http.Params;
import org.dmarcpilot.app.web.http.Views;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /sources/{ip}}: one sending address over the range: its volume and pass rate, the
 * domains it sent for, the reporters that saw it, the days (all summed by the database over every
 * record of the address in the range), and its records newest first, paged like a report's ({@code
 * page}, {@code size}). A page past the last one answers 404 with a page that says so and links to
 * the last page.
 */
public final class SourcePage {
  /** Records shown per page unless {@code size} says otherwise: {@value}. */
  public static final int RECORDS_PER_PAGE = PageRequest.MAX_SIZE;

  private final RecordQueries records;
  private final SourceFacts facts;
  private final Views views;
  private final Clock clock;

  /** The page over the record queries and the enrichment facts. */
  public SourcePage(RecordQueries records, SourceFacts facts, Views views, Clock clock) {
    this.records = Objects.requireNonNull(records, "records");
    this.facts = Objects.requireNonNull(facts, "facts");
    this.views = Objects.requireNonNull(views, "views");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * What the page shows.
   *
   * @param ip the address
   * @param totals the figures of all its records in the range, summed by the database
   * @param page this page of its records in the range, newest first (the order of the records list
   *     and of the export)
   * @param facts reverse DNS, ASN and country of the address, or null when never enriched
   * @param recordsQuery the query string of the export of all its records in the range ({@code
   *     source_ip=..&from=..&to=..})
   * @param links the links to the pages of its records, keeping the range and the page size
   */
  public record SourceView(
      String ip,
      RecordTotals totals,
      Page<RecordRow> page,
      @Nullable IpFacts facts,
      String recordsQuery,
      PageLinks links) {}

  /**
   * {@code GET /sources/{ip}}: the address with one page of its records ({@code page}, {@code
   * size}).
   */
  public void show(Context ctx) {
    String ip = address(ctx.pathParam("ip"));
    DateRange range = Params.range(ctx, clock);
    PageRequest request = Params.page(ctx, RECORDS_PER_PAGE);
    RecordFilter filter = new RecordFilter(null, ip, range);
    // the figures over every record of the address; the list one page of them
    RecordTotals totals = records.totals(filter);
    Page<RecordRow> page = records.records(filter, request);
    if (page.pastEnd()) {
      ctx.status(HttpStatus.NOT_FOUND);
    }
    String query =
        "source_ip="
            + URLEncoder.encode(ip, StandardCharsets.UTF_8)
            + "&from="
            + range.from()
            + "&to="
            + range.to();
    Chrome chrome = PageSupport.chrome(ctx, ip, "source", range, null, List.of());
    String pageQuery = chrome.filterQuery();
    if (request.size() != RECORDS_PER_PAGE) {
      pageQuery += "&size=" + request.size();
    }
    // the path holds the address in its canonical form: hex digits, '.' and ':' only
    PageLinks links = new PageLinks("/sources/" + ip, pageQuery);
    IpFacts known = facts.of(InetAddresses.forString(ip)).orElse(null);
    views.render(
        ctx,
        "source.jte",
        PageSupport.params(chrome, new SourceView(ip, totals, page, known, query, links)));
  }

  /**
   * The path's address in the form the store writes it ({@link Params#address(String, String)}).
   */
  static String address(String text) {
    return Params.address("ip", text);
  }
}
