// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.dmarcpilot.app.analysis.AdvisorThresholds;
import org.dmarcpilot.app.analysis.AlignmentEvaluator;
import org.dmarcpilot.app.analysis.DomainAdvice;
import org.dmarcpilot.app.analysis.DomainAnalyses;
import org.dmarcpilot.app.analysis.DomainAnalyzer;
import org.dmarcpilot.app.analysis.OwnerMarkStore;
import org.dmarcpilot.app.analysis.Stage;
import org.dmarcpilot.app.enrich.IpFacts;
import org.dmarcpilot.app.enrich.ServiceIdentifier;
import org.dmarcpilot.app.enrich.catalogue.SenderCatalogue;
import org.dmarcpilot.app.web.testing.SampleData;
import org.dmarcpilot.app.web.testing.WebFixture;
import org.dmarcpilot.policy.PublicSuffixList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's advisor starts from the record published in DNS when the current-record function
 * knows it, says which it used, and advises anew when the published record changes: in the
 * background for pages, at once for the live record check.
 */
class PublishedAdviceTest {
  @Test
  void advice_followsThePublishedRecord_andFallsBackToTheReportsPolicy() throws Exception {
    Clock clock = Clock.fixed(WebFixture.NOW, ZoneOffset.UTC);
    SampleData data = SampleData.standard(clock);
    AtomicReference<@Nullable String> published = new AtomicReference<>();
    AtomicInteger asked = new AtomicInteger();
    // holds the background lookups (not the test's own) until released, so that what pages get
    // while the fresh advice is being computed does not depend on the machine's speed
    Thread test = Thread.currentThread();
    AtomicBoolean hold = new AtomicBoolean();
    CountDownLatch release = new CountDownLatch(1);
    try (DomainAnalyses analyses =
        new DomainAnalyses(
            data::rows,
            (d, from, to) -> Map.of(),
            IpFacts::unknown,
            new AlignmentEvaluator(PublicSuffixList.guava()::organizationalDomain),
            new ServiceIdentifier(SenderCatalogue.builtIn()),
            OwnerMarkStore.inMemory(),
            () -> AdvisorThresholds.DEFAULTS,
            d -> {
              asked.incrementAndGet();
              if (hold.get() && Thread.currentThread() != test) {
                awaitQuietly(release);
              }
              return published.get();
            },
            clock,
            DomainAnalyzer.DEFAULT_LISTED)) {
      // not known: the latest report's p=quarantine
      DomainAdvice fromReport = analyses.advice("example.com");
      assertThat(fromReport.publishedRecord()).isNull();
      assertThat(fromReport.advice().stage()).isEqualTo(Stage.QUARANTINE);
      assertThat(analyses.adviceIfReady("example.com")).containsSame(fromReport);

      // the lookup found p=none with a rua: pages get the kept advice at once, and the new one
      // is computed in the background; the live check asks for it now
      hold.set(true);
      published.set("v=DMARC1; p=none; rua=mailto:agg@example.com; fo=1");
      assertThat(analyses.adviceIfReady("example.com")).containsSame(fromReport);
      assertThat(analyses.advice("example.com")).isSameAs(fromReport);
      hold.set(false);
      release.countDown();
      assertThat(analyses.awaitBackground(Duration.ofSeconds(30))).isTrue();
      DomainAdvice fromDns = analyses.currentAdvice("example.com");
      assertThat(fromDns.publishedRecord())
          .isEqualTo("v=DMARC1; p=none; rua=mailto:agg@example.com; fo=1");
      assertThat(fromDns.advice().stage()).isEqualTo(Stage.MONITOR);
      assertThat(fromDns.advice().currentPolicy()).isEqualTo("p=none");
      assertThat(fromDns.advice().nextRecord()).contains("rua=mailto:agg@example.com", "fo=1");
      assertThat(analyses.advice("example.com")).isSameAs(fromDns);
      assertThat(analyses.currentAdvice("example.com")).isSameAs(fromDns);

      // DNS fails later: the background brings the advice back to the report's policy
      published.set(null);
      assertThat(analyses.advice("example.com")).isSameAs(fromDns);
      assertThat(analyses.awaitBackground(Duration.ofSeconds(30))).isTrue();
      DomainAdvice again = analyses.advice("example.com");
      assertThat(again.publishedRecord()).isNull();
      assertThat(again.advice().stage()).isEqualTo(Stage.QUARANTINE);
      assertThat(asked.get()).isGreaterThanOrEqualTo(5);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test did not release the background lookup");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
