// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import com.google.common.net.InetAddresses;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.net.UnknownHostException;
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
 * record of the address in the range), and its newest records.
 */
public final class SourcePage {
  /** Records shown at most. */
  static final int MAX_RECORDS = 500;

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
   * @param page its newest records (newest first, at most {@value SourcePage#MAX_RECORDS})
   * @param facts reverse DNS, ASN and country of the address, or null when never enriched
   * @param recordsQuery the query string of the paged record list and the export of all its records
   *     in the range ({@code source_ip=..&from=..&to=..})
   */
  public record SourceView(
      String ip,
      RecordTotals totals,
      Page<RecordRow> page,
      @Nullable IpFacts facts,
      String recordsQuery) {}

  /** {@code GET /sources/{ip}}. */
  public void show(Context ctx) {
    String ip = address(ctx.pathParam("ip"));
    DateRange range = Params.range(ctx, clock);
    RecordFilter filter = new RecordFilter(null, ip, range);
    // the figures over every record of the address; the list only its newest
    RecordTotals totals = records.totals(filter);
    Page<RecordRow> page = records.records(filter, new PageRequest(1, MAX_RECORDS));
    String query =
        "source_ip="
            + URLEncoder.encode(ip, StandardCharsets.UTF_8)
            + "&from="
            + range.from()
            + "&to="
            + range.to();
    Chrome chrome = PageSupport.chrome(ctx, ip, "source", range, null, List.of());
    views.render(
        ctx,
        "source.jte",
        PageSupport.params(
            chrome,
            new SourceView(
                ip, totals, page, facts.of(InetAddresses.forString(ip)).orElse(null), query)));
  }

  /** An IP address literal in its canonical form; 400 for anything else (no DNS lookup). */
  static String address(String text) {
    boolean literal = !text.isEmpty() && text.length() <= 45 && text.matches("[0-9A-Fa-f:.]+");
    if (literal) {
      try {
        return InetAddress.getByName(text).getHostAddress();
      } catch (UnknownHostException e) {
        literal = false;
      }
    }
    throw new BadRequestResponse("parameter 'ip' must be an IP address, got '" + text + "'");
  }
}
