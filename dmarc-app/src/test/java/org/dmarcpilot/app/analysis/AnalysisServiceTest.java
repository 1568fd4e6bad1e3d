// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.app.analysis.ReportSets.DAY;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmarcpilot.app.enrich.IpFacts;
import org.dmarcpilot.app.enrich.ServiceIdentifier;
import org.dmarcpilot.app.enrich.catalogue.SenderCatalogue;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.junit.jupiter.api.Test;

class AnalysisServiceTest {
  private static final Instant NOW = DAY.plus(Duration.ofDays(14));
  private final List<AggregateReport> reports = Scenario.exampleCom(Policy.NONE, false);
  private final AtomicInteger enrichCalls = new AtomicInteger();
  private final OwnerMarkStore marks = OwnerMarkStore.inMemory();

  private AnalysisService service() {
    ReportFeed feed =
        (domain, from, to) ->
            reports.stream()
                .filter(r -> r.policyPublished().domain().equals(domain))
                .filter(r -> r.metadata().end().isAfter(from) && r.metadata().begin().isBefore(to))
                .toList();
    return new AnalysisService(
        feed,
        ips -> {
          enrichCalls.incrementAndGet();
          Map<InetAddress, IpFacts> m = new HashMap<>();
          ips.forEach(ip -> m.put(ip, Scenario.FACTS.get(ip)));
          return m;
        },
        new ServiceIdentifier(SenderCatalogue.builtIn()),
        ReportSets.ALIGNMENT,
        marks,
        new PolicySimulator(d -> true),
        AdvisorThresholds.DEFAULTS,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void sources_filterByClassAndMarksAreStored() {
    AnalysisService s = service();
    assertThat(s.sources("EXAMPLE.COM", DAY, NOW, SourceClass.SPOOFING))
        .extracting(r -> r.source().toString())
        .containsExactly("ip:203.0.113.50");
    s.mark("example.com", SourceKey.parse("ip:203.0.113.50"), OwnerMark.MINE);
    assertThat(s.sources("example.com", DAY, NOW, SourceClass.SPOOFING)).isEmpty();
    s.mark("example.com", SourceKey.parse("ip:203.0.113.50"), null);
    assertThat(s.sources("example.com", DAY, NOW, SourceClass.SPOOFING)).hasSize(1);
    assertThat(enrichCalls.get()).isEqualTo(3);
  }

  @Test
  void advise_simulate_andSummaries() {
    AnalysisService s = service();
    Advice a = s.advise("example.com", null);
    assertThat(a.nextStage()).isEqualTo(Stage.QUARANTINE_TESTING);
    assertThat(a.ready()).isFalse();
    PolicyImpact i = s.simulate("example.com", TargetPolicy.of(Policy.REJECT), DAY, NOW);
    assertThat(i.abuseStopped()).isEqualTo(42);
    assertThat(s.byDay("example.com", DAY, NOW)).hasSize(14);
    assertThat(s.byReporter("example.com", DAY, NOW))
        .extracting(Totals::key)
        .containsExactly("Outlook.com", "Yahoo", "Zoho", "google.com");
    assertThat(s.byFromDomain("example.com", DAY, NOW))
        .extracting(Totals::key)
        .containsExactly("example.com");
  }

  @Test
  void sourceKey_parseRoundTrip() {
    assertThat(SourceKey.parse("service:amazon-ses")).isEqualTo(SourceKey.ofService("amazon-ses"));
    assertThat(SourceKey.parse("ip:2001:db8::1").toString()).isEqualTo("ip:2001:db8::1");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SourceKey.parse("host:x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(SourceClass.fromToken("Yours_Not_Aligned")).isEqualTo(SourceClass.YOURS_NOT_ALIGNED);
  }
}
