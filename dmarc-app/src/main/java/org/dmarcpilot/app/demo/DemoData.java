// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.demo;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.policy.PublicSuffixList;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.DispositionType;
import org.dmarcpilot.report.aggregate.DkimAuthResult;
import org.dmarcpilot.report.aggregate.DkimResultType;
import org.dmarcpilot.report.aggregate.DmarcResultType;
import org.dmarcpilot.report.aggregate.Identifiers;
import org.dmarcpilot.report.aggregate.PolicyEvaluated;
import org.dmarcpilot.report.aggregate.PolicyOverrideReason;
import org.dmarcpilot.report.aggregate.PolicyOverrideType;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.dmarcpilot.report.aggregate.ReportMetadata;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.dmarcpilot.report.aggregate.ReportSchema;
import org.dmarcpilot.report.aggregate.SpfAuthResult;
import org.dmarcpilot.report.aggregate.SpfDomainScope;
import org.dmarcpilot.report.aggregate.SpfResultType;

/**
 * Generates the demo's aggregate reports: the {@link #domains() domains} below, one report per
 * reporter, domain and day, with volumes that follow the week and vary from day to day. The same
 * seed gives the same reports.
 *
 * <pre>{@code
 * List<AggregateReport> reports = DemoData.generate(LocalDate.now(ZoneOffset.UTC), 60, 42);
 * }</pre>
 */
public final class DemoData {
  /** The reporters, with the share of each domain's mail they see. */
  private static final String[][] REPORTERS = {
    {"google.com", "noreply-dmarc-support@google.com", "0.46"},
    {"Enterprise Outlook", "dmarcreport@microsoft.com", "0.30"},
    {"Yahoo", "dmarchelp@yahooinc.com", "0.14"},
    {"Mail.Ru", "dmarc_support@corp.mail.ru", "0.06"},
    {"comcast.net", "dmarc_reports@comcast.net", "0.04"},
  };

  private static final PublicSuffixList PSL = PublicSuffixList.guava();

  private DemoData() {}

  /** The demo's domains, each at a different stage of the DMARC journey. */
  public static List<DemoDomain> domains() {
    List<String> spoofNets = List.of("45.95.147.", "185.234.218.", "103.75.201.", "91.92.109.");
    return List.of(
        new DemoDomain(
            "example.com",
            Policy.NONE,
            null,
            false,
            List.of(
                sender(
                    "Google Workspace",
                    "209.85.220.",
                    "example.com",
                    "example.com",
                    "google",
                    true,
                    "example.com",
                    true,
                    false,
                    5200),
                sender(
                    "SendGrid",
                    "167.89.100.",
                    "example.com",
                    "sendgrid.net",
                    "s1",
                    true,
                    "em4821.sendgrid.net",
                    true,
                    false,
                    900),
                sender(
                    "Mailchimp",
                    "198.2.180.",
                    "news.example.com",
                    "news.example.com",
                    "k1",
                    true,
                    "mail182.mcsv.net",
                    true,
                    false,
                    1400),
                sender(
                    "Microsoft forwarding",
                    "40.92.18.",
                    "example.com",
                    "example.com",
                    "google",
                    false,
                    "outlook.com",
                    false,
                    true,
                    60),
                sender(
                    "spoofers",
                    String.join(",", spoofNets),
                    "example.com",
                    null,
                    "-",
                    false,
                    "mailer.biz",
                    false,
                    false,
                    140)),
            "monitoring: p=none; SendGrid is not aligned yet"),
        new DemoDomain(
            "example.org",
            Policy.QUARANTINE,
            null,
            true,
            List.of(
                sender(
                    "Microsoft 365",
                    "40.107.22.",
                    "example.org",
                    "example.org",
                    "selector1",
                    true,
                    "example.org",
                    true,
                    false,
                    3100),
                sender(
                    "Amazon SES",
                    "54.240.8.",
                    "example.org",
                    "amazonses.com",
                    "ug7nbtf4gccmlpwj322ax3p6ow6yfsug",
                    true,
                    "eu-west-1.amazonses.com",
                    true,
                    false,
                    420),
                sender(
                    "Google Groups forwarding",
                    "209.85.128.",
                    "example.org",
                    "example.org",
                    "selector1",
                    false,
                    "googlegroups.com",
                    false,
                    true,
                    35),
                sender(
                    "spoofers",
                    String.join(",", spoofNets),
                    "example.org",
                    null,
                    "-",
                    false,
                    "example-org.top",
                    false,
                    false,
                    55)),
            "testing quarantine (t=y); Amazon SES still signs as amazonses.com"),
        new DemoDomain(
            "example.net",
            Policy.REJECT,
            Policy.REJECT,
            false,
            List.of(
                sender(
                    "Google Workspace",
                    "209.85.221.",
                    "example.net",
                    "example.net",
                    "google",
                    true,
                    "example.net",
                    true,
                    false,
                    2600),
                sender(
                    "Postmark",
                    "50.31.156.",
                    "example.net",
                    "example.net",
                    "pm",
                    true,
                    "pm-bounces.example.net",
                    true,
                    false,
                    700),
                sender(
                    "spoofers",
                    String.join(",", spoofNets),
                    "example.net",
                    null,
                    "-",
                    false,
                    "paypa1-secure.com",
                    false,
                    false,
                    80)),
            "enforcing: p=reject; everything legitimate is aligned"),
        new DemoDomain(
            "example.info",
            Policy.REJECT,
            Policy.REJECT,
            false,
            List.of(
                sender(
                    "spoofers",
                    String.join(",", spoofNets),
                    "example.info",
                    null,
                    "-",
                    false,
                    "bulk-mail.xyz",
                    false,
                    false,
                    25)),
            "parked: sends no mail, only spoofers use its name"));
  }

  private static DemoSender sender(
      String name,
      String nets,
      String from,
      String dkim,
      String selector,
      boolean dkimPass,
      String envelope,
      boolean spfPass,
      boolean forwarded,
      int volume) {
    return new DemoSender(
        name,
        List.of(nets.split(",")),
        from,
        dkim,
        selector,
        dkimPass,
        envelope,
        spfPass,
        forwarded,
        volume);
  }

  /** The reports of {@code days} days ending with {@code lastDay} (UTC), from the seed. */
  public static List<AggregateReport> generate(LocalDate lastDay, int days, long seed) {
    if (days < 1 || days > 366) {
      throw new IllegalArgumentException("days must be 1 to 366: " + days);
    }
    Random random = new Random(seed);
    List<AggregateReport> out = new ArrayList<>();
    for (int d = days - 1; d >= 0; d--) {
      LocalDate day = lastDay.minusDays(d);
      double week =
          day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY
              ? 0.35
              : 1.0;
      double growth = 0.85 + 0.15 * (days - d) / days;
      for (DemoDomain domain : domains()) {
        for (int r = 0; r < REPORTERS.length; r++) {
          String[] reporter = REPORTERS[r];
          double share = Double.parseDouble(reporter[2]);
          List<ReportRecord> records = new ArrayList<>();
          for (DemoSender s : domain.senders()) {
            boolean spoof = s.dkimDomain() == null;
            double w = spoof ? 0.6 + random.nextDouble() * 0.8 : week * growth;
            long volume =
                Math.round(s.dailyVolume() * share * w * (0.85 + random.nextDouble() * 0.3));
            if (volume <= 0) {
              continue;
            }
            int ips = (int) Math.min(1 + volume / 400, spoof ? 6 : 4);
            long left = volume;
            for (int i = 0; i < ips && left > 0; i++) {
              long n = i == ips - 1 ? left : Math.max(1, left / 2);
              left -= n;
              String net = s.networks().get(random.nextInt(s.networks().size()));
              int host = spoof ? 2 + random.nextInt(250) : 10 + (i * 37 + r * 11) % 240;
              records.add(record(domain, s, address(net + host), n));
            }
          }
          if (records.isEmpty()) {
            continue;
          }
          out.add(report(domain, reporter, day, records));
        }
      }
    }
    return out;
  }

  private static AggregateReport report(
      DemoDomain domain, String[] reporter, LocalDate day, List<ReportRecord> records) {
    Instant begin = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant end = begin.plusSeconds(86_399);
    String id =
        reporter[0].toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "")
            + "."
            + domain.domain()
            + "."
            + day.toString().replace("-", "");
    return new AggregateReport(
        "1.0",
        ReportSchema.NONE,
        new ReportMetadata(reporter[0], reporter[1], null, id, begin, end, List.of(), null),
        new PolicyPublished(
            domain.domain(),
            domain.p(),
            domain.sp(),
            null,
            null,
            null,
            100,
            null,
            domain.testing() ? Boolean.TRUE : null,
            null),
        records,
        List.of(),
        List.of());
  }

  /**
   * One record of {@code count} messages from {@code ip}, sent by {@code s} as {@code domain}: the
   * alignment, disposition, override reason and authentication results the sender's settings give.
   * The web benchmark's data set builds its records with it too.
   */
  public static ReportRecord record(DemoDomain domain, DemoSender s, InetAddress ip, long count) {
    boolean dkimAligned =
        s.dkimPasses() && s.dkimDomain() != null && aligned(s.dkimDomain(), s.headerFrom());
    boolean spfAligned = s.spfPasses() && aligned(s.envelopeFrom(), s.headerFrom());
    boolean pass = dkimAligned || spfAligned;
    Policy applied =
        s.headerFrom().equals(domain.domain()) || domain.sp() == null ? domain.p() : domain.sp();
    DispositionType disposition = DispositionType.NONE;
    List<PolicyOverrideReason> reasons = new ArrayList<>();
    if (!pass) {
      if (s.forwarded()) {
        reasons.add(new PolicyOverrideReason(PolicyOverrideType.FORWARDED, null));
      } else if (domain.testing() && applied != Policy.NONE) {
        reasons.add(new PolicyOverrideReason(PolicyOverrideType.POLICY_TEST_MODE, null));
      } else {
        disposition =
            switch (applied) {
              case NONE -> DispositionType.NONE;
              case QUARANTINE -> DispositionType.QUARANTINE;
              case REJECT -> DispositionType.REJECT;
            };
      }
    }
    List<DkimAuthResult> dkim =
        s.dkimDomain() == null
            ? List.of()
            : List.of(
                new DkimAuthResult(
                    s.dkimDomain(),
                    s.dkimSelector(),
                    s.dkimPasses() ? DkimResultType.PASS : DkimResultType.FAIL,
                    null));
    return new ReportRecord(
        ip,
        count,
        new PolicyEvaluated(
            disposition,
            dkimAligned ? DmarcResultType.PASS : DmarcResultType.FAIL,
            spfAligned ? DmarcResultType.PASS : DmarcResultType.FAIL,
            reasons),
        new Identifiers(s.headerFrom(), s.envelopeFrom(), null),
        dkim,
        List.of(
            new SpfAuthResult(
                s.envelopeFrom(),
                SpfDomainScope.MFROM,
                s.spfPasses() ? SpfResultType.PASS : SpfResultType.SOFTFAIL,
                null)),
        List.of());
  }

  /** Relaxed alignment (RFC 7489 PSL mode): the same Organizational Domain. */
  static boolean aligned(String a, String from) {
    return PSL.organizationalDomain(a).equals(PSL.organizationalDomain(from));
  }

  private static InetAddress address(String dotted) {
    try {
      return InetAddress.getByName(dotted); // a literal: no DNS query
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address: " + dotted, e);
    }
  }
}
