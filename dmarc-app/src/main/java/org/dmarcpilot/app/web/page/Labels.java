// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import java.util.Locale;
import org.dmarcpilot.app.analysis.SourceClass;
import org.dmarcpilot.app.analysis.Stage;
import org.jspecify.annotations.Nullable;

/** Words for people: the names of source classes and stages as the pages show them. */
public final class Labels {
  private Labels() {}

  /** A class's heading: "Legitimate, aligned", "Spoofers" ... */
  public static String title(SourceClass c) {
    return switch (c) {
      case ALIGNED -> "Legitimate, aligned";
      case YOURS_NOT_ALIGNED -> "Legitimate, not aligned";
      case FORWARDED -> "Forwarders";
      case SPOOFING -> "Spoofers";
      case UNKNOWN -> "Unknown";
    };
  }

  /** What a class means for the domain's owner. */
  public static String meaning(SourceClass c) {
    return switch (c) {
      case ALIGNED -> "Your mail, passing DMARC. Nothing to do.";
      case YOURS_NOT_ALIGNED ->
          "Your mail (a known service or a source you marked yours) that fails DMARC: fix it before"
              + " a stricter policy, or it will be quarantined or rejected.";
      case FORWARDED ->
          "Your mail passed on by forwarders and mailing lists; authentication breaks on the way."
              + " Receivers usually let it through (ARC, local policy).";
      case SPOOFING ->
          "Mail that uses your domain without your permission: a stricter policy stops it.";
      case UNKNOWN ->
          "Senders the analysis cannot place. Look at them: mark them yours (and fix them) or not.";
    };
  }

  /** A short CSS-friendly token of a class ("aligned", "yours-not-aligned" ...). */
  public static String css(SourceClass c) {
    return c.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** A stage for people: "monitoring (p=none)", "reject" ... */
  public static String stage(@Nullable Stage s) {
    if (s == null) {
      return "\u2013";
    }
    return switch (s) {
      case MONITOR -> "monitoring (p=none)";
      case QUARANTINE_TESTING -> "quarantine, testing (t=y)";
      case QUARANTINE -> "quarantine";
      case REJECT_TESTING -> "reject, testing (t=y)";
      case REJECT -> "reject";
    };
  }

  /** An enum constant in lower case with spaces: "not mine", "high". */
  public static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** A share 0..1 as a percentage with one decimal. */
  public static String share(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }
}
