// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dmarcpilot.app.enrich.Confidence;
import org.dmarcpilot.app.enrich.Identification;
import org.dmarcpilot.app.enrich.catalogue.SendingService;
import org.dmarcpilot.report.aggregate.PolicyOverrideReason;
import org.dmarcpilot.report.aggregate.PolicyOverrideType;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.jspecify.annotations.Nullable;

/**
 * Gives one report row its class, with the evidence, in this order:
 *
 * <ol>
 *   <li>DMARC passes (recomputed) → {@link SourceClass#ALIGNED};
 *   <li>the owner marked the source "not mine" → {@link SourceClass#SPOOFING};
 *   <li>an override reason {@code forwarded}, {@code trusted_forwarder} or {@code mailing_list},
 *       ARC named in a reason comment, an aligned DKIM signature that failed (modified in transit),
 *       or a source identified as a forwarding network → {@link SourceClass#FORWARDED};
 *   <li>the owner marked the source "mine", or a known non-forwarding service (medium confidence or
 *       better) passing SPF or DKIM for its own domain → {@link SourceClass#YOURS_NOT_ALIGNED};
 *   <li>no known source and no SPF or DKIM pass at all → {@link SourceClass#SPOOFING};
 *   <li>anything else → {@link SourceClass#UNKNOWN}.
 * </ol>
 */
final class RowClassifier {
  private RowClassifier() {}

  record Verdict(SourceClass sourceClass, List<String> evidence) {}

  static boolean known(Identification id) {
    return id.identified() && id.confidence().compareTo(Confidence.MEDIUM) >= 0;
  }

  static Verdict classify(
      ReportRecord row, RowAlignment a, Identification id, @Nullable OwnerMark mark, String from) {
    List<String> ev = new ArrayList<>();
    if (a.dmarcPass()) {
      if (a.dkimAligned()) {
        ev.add("DKIM aligned pass");
      }
      if (a.spfAligned()) {
        ev.add("SPF aligned pass (" + a.envelopeDomain() + ")");
      }
      return new Verdict(SourceClass.ALIGNED, ev);
    }
    if (mark == OwnerMark.NOT_MINE) {
      ev.add("marked not mine by the owner");
      failures(a, from, ev);
      return new Verdict(SourceClass.SPOOFING, ev);
    }
    SendingService service = known(id) ? id.service() : null;
    boolean forwarded = false;
    for (PolicyOverrideReason r : row.policyEvaluated().reasons()) {
      if (r.type() == PolicyOverrideType.FORWARDED
          || r.type() == PolicyOverrideType.TRUSTED_FORWARDER
          || r.type() == PolicyOverrideType.MAILING_LIST) {
        ev.add("reporter override reason " + r.type().token());
        forwarded = true;
      }
      String comment = r.comment();
      if (comment != null && comment.toLowerCase(Locale.ROOT).contains("arc")) {
        ev.add("ARC in the reporter's comment: " + abbreviate(comment));
        forwarded = true;
      }
    }
    if (a.alignedDkimFailed()) {
      ev.add("aligned DKIM signature failed (message modified in transit)");
      forwarded = true;
    }
    if (service != null && service.forwarding()) {
      ev.add(service.name() + " is a forwarding network");
      forwarded = true;
    }
    if (forwarded) {
      failures(a, from, ev);
      return new Verdict(SourceClass.FORWARDED, ev);
    }
    boolean passesSomething = a.spfPassed() || a.dkimPassed();
    if (mark == OwnerMark.MINE) {
      ev.add("marked mine by the owner");
      failures(a, from, ev);
      return new Verdict(SourceClass.YOURS_NOT_ALIGNED, ev);
    }
    if (service != null && passesSomething) {
      ev.add("known service " + service.name());
      failures(a, from, ev);
      return new Verdict(SourceClass.YOURS_NOT_ALIGNED, ev);
    }
    if (service == null && !passesSomething) {
      ev.add("unknown source");
      ev.add("no SPF or DKIM pass");
      return new Verdict(SourceClass.SPOOFING, ev);
    }
    if (service != null) {
      ev.add("known service " + service.name() + " but no SPF or DKIM pass: review");
    } else {
      ev.add("unknown source");
      failures(a, from, ev);
    }
    return new Verdict(SourceClass.UNKNOWN, ev);
  }

  private static void failures(RowAlignment a, String from, List<String> ev) {
    for (String d : a.passingDkimDomains()) {
      ev.add("DKIM pass d=" + d + " not aligned with " + from);
    }
    if (a.spfPassed() && a.envelopeDomain() != null) {
      ev.add("SPF pass " + a.envelopeDomain() + " not aligned with " + from);
    }
    if (!a.spfPassed() && !a.dkimPassed()) {
      ev.add("no SPF or DKIM pass");
    }
  }

  private static String abbreviate(String s) {
    String t = s.strip();
    return t.length() <= 80 ? t : t.substring(0, 77) + "...";
  }
}
