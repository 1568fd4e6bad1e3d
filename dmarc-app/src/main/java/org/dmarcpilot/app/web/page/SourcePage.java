// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import com.google.common.net.InetAddresses;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dmarcpilot.app.enrich.IpFacts;
import org.dmarcpilot.app.web.data.DateRange;
import org.dmarcpilot.app.web.data.Page;
import org.dmarcpilot.app.web.data.PageRequest;
import org.dmarcpilot.app.web.data.RecordFilter;
import org.dmarcpilot.app.web.data.RecordQueries;
import org.dmarcpilot.app.web.data.RecordRow;
import org.dmarcpilot.app.web.data.SourceFacts;
import org.dmarcpilot.app.web.http.Params;
import org.dmarcpilot.app.web.http.Views;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /sources/{ip}}: one sending address over the range: its volume and pass rate, the
 * domains it sent for, the reporters that saw it, the days, and the records it appears in.
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
   * @param messages messages in the shown records
   * @param dmarcPass of which passed DMARC
   * @param domains policy domains it sent for, by messages
   * @param reporters reporters that saw it, by messages
   * @param days days it was seen, oldest first
   * @param page the records (newest first, at most {@value SourcePage#MAX_RECORDS})
   * @param facts reverse DNS, ASN and country of the address, or null when never enriched
   */
  public record SourceView(
      String ip,
      long messages,
      long dmarcPass,
      List<String> domains,
      List<String> reporters,
      List<LocalDate> days,
      Page<RecordRow> page,
      @Nullable IpFacts facts) {}

  /** {@code GET /sources/{ip}}. */
  public void show(Context ctx) {
    String ip = address(ctx.pathParam("ip"));
    DateRange range = Params.range(ctx, clock);
    Page<RecordRow> page =
        records.records(new RecordFilter(null, ip, range), new PageRequest(1, MAX_RECORDS));
    long messages = 0;
    long pass = 0;
    TreeMap<String, Long> domains = new TreeMap<>();
    TreeMap<String, Long> reporters = new TreeMap<>();
    TreeSet<LocalDate> days = new TreeSet<>();
    for (RecordRow r : page.items()) {
      messages += r.count();
      if ("pass".equals(r.dkim()) || "pass".equals(r.spf())) {
        pass += r.count();
      }
      domains.merge(r.domain(), r.count(), Long::sum);
      reporters.merge(r.orgName(), r.count(), Long::sum);
      days.add(LocalDate.ofInstant(r.begin(), ZoneOffset.UTC));
    }
    Chrome chrome = PageSupport.chrome(ctx, ip, "source", range, null, List.of());
    views.render(
        ctx,
        "source.jte",
        PageSupport.params(
            chrome,
            new SourceView(
                ip,
                messages,
                pass,
                byCount(domains),
                byCount(reporters),
                List.copyOf(days),
                page,
                facts.of(InetAddresses.forString(ip)).orElse(null))));
  }

  private static List<String> byCount(TreeMap<String, Long> counts) {
    return counts.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .map(e -> e.getKey())
        .toList();
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
