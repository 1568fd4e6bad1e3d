// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.dmarcpilot.policy.Policy;
import org.dmarcpilot.report.aggregate.PolicyPublished;
import org.jspecify.annotations.Nullable;

/**
 * The tags of the domain's current DMARC record, as far as the advisor needs them: from the record
 * text when known (so that {@code rua}, {@code ruf} and {@code fo} carry over), else from the
 * latest report's {@code policy_published}. Tag names are folded to lower case; the first
 * occurrence of a tag wins; at most 64 tags are read.
 */
final class RecordTags {
  final Map<String, String> tags = new LinkedHashMap<>();

  static RecordTags of(@Nullable String recordText, @Nullable PolicyPublished published) {
    RecordTags t = new RecordTags();
    if (recordText != null && recordText.strip().startsWith("v=DMARC1")) {
      int n = 0;
      for (String part : recordText.split(";", 65)) {
        if (++n > 64) {
          break;
        }
        int eq = part.indexOf('=');
        if (eq <= 0) {
          continue;
        }
        String k = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        t.tags.putIfAbsent(k, part.substring(eq + 1).strip());
      }
      return t;
    }
    t.tags.put("v", "DMARC1");
    if (published != null) {
      t.tags.put("p", published.effectiveP().token());
      if (published.sp() != null) {
        t.tags.put("sp", published.sp().token());
      }
      if (published.np() != null) {
        t.tags.put("np", published.np().token());
      }
      if (published.adkim() != null) {
        t.tags.put("adkim", published.adkim().token());
      }
      if (published.aspf() != null) {
        t.tags.put("aspf", published.aspf().token());
      }
      if (Boolean.TRUE.equals(published.testing())) {
        t.tags.put("t", "y");
      }
      if (published.pct() != null) {
        t.tags.put("pct", published.pct().toString());
      }
      if (published.fo() != null && !published.fo().isBlank()) {
        t.tags.put("fo", published.fo());
      }
    }
    return t;
  }

  Policy policy(String tag, Policy fallback) {
    String v = tags.get(tag);
    if (v == null) {
      return fallback;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "reject" -> Policy.REJECT;
      case "quarantine" -> Policy.QUARANTINE;
      case "none" -> Policy.NONE;
      default -> fallback;
    };
  }

  boolean testing() {
    String t = tags.get("t");
    if (t != null && t.equalsIgnoreCase("y")) {
      return true;
    }
    String pct = tags.get("pct");
    if (pct != null) {
      try {
        return Integer.parseInt(pct.strip()) < 100;
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return false;
  }

  Stage stage() {
    Policy p = policy("p", Policy.NONE);
    return switch (p) {
      case NONE -> Stage.MONITOR;
      case QUARANTINE -> testing() ? Stage.QUARANTINE_TESTING : Stage.QUARANTINE;
      case REJECT -> testing() ? Stage.REJECT_TESTING : Stage.REJECT;
    };
  }

  /** The policy tags in force, for display: {@code p=none; sp=none}. */
  String describePolicy() {
    StringBuilder b = new StringBuilder();
    for (String k : new String[] {"p", "sp", "np", "t", "pct"}) {
      String v = tags.get(k);
      if (v != null) {
        b.append(b.length() == 0 ? "" : "; ").append(k).append('=').append(v);
      }
    }
    return b.length() == 0 ? "p=none" : b.toString();
  }

  /**
   * The record for a new policy: {@code v}, {@code p}, {@code t}, {@code sp}, {@code np}, then the
   * other tags of the current record in their order (without {@code pct}, removed by RFC 9989).
   */
  String next(Policy p, boolean testing, Policy sp, Policy np) {
    StringBuilder b = new StringBuilder("v=DMARC1; p=").append(p.token());
    if (testing) {
      b.append("; t=y");
    }
    if (sp != p) {
      b.append("; sp=").append(sp.token());
    }
    if (np != sp) {
      b.append("; np=").append(np.token());
    }
    for (Map.Entry<String, String> e : tags.entrySet()) {
      switch (e.getKey()) {
        case "v", "p", "t", "sp", "np", "pct" -> {}
        default -> b.append("; ").append(e.getKey()).append('=').append(e.getValue());
      }
    }
    return b.toString();
  }
}
