// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.dmarcpilot.report.internal.IoProblems;
import org.dmarcpilot.report.internal.OriginalCapture;
import org.dmarcpilot.report.internal.UnitCopy;
import org.jspecify.annotations.Nullable;

/** What one unit (the input or an mbox message) produced so far. */
final class Unit {
  final UnitCopy copy;
  @Nullable OriginalCapture capture;
  final List<Pending> failures = new ArrayList<>();
  final List<Skip> skips = new ArrayList<>();
  final List<String> bodyParts = new ArrayList<>();
  int reports;

  Unit(UnitCopy copy) {
    this.copy = copy;
  }

  void fail(ReportSource source, String problem) {
    fail(source, problem, null);
  }

  void fail(ReportSource source, String problem, @Nullable Throwable cause) {
    failures.add(new Pending(source, new ReportParseException(source.location(), problem, cause)));
  }

  void skip(ReportSource source, String reason) {
    skips.add(new Skip(source, reason));
  }

  /**
   * Ends the unit: completes the copy of its bytes, hands its skips and failures to the run's
   * handler (a unit without reports and without failures fails with "no aggregate report found"),
   * and rethrows the input's own I/O error if there was one.
   */
  void finish(Run run, ReportSource source) throws IOException {
    IOException inputFailure = run.guard().failure();
    if (inputFailure == null && (reports == 0 || !failures.isEmpty())) {
      try {
        copy.drain(); // complete the copy for the failure log
      } catch (IOException e) {
        inputFailure = run.guard().failure();
        if (inputFailure == null) {
          fail(source, IoProblems.describe(e), e);
        }
      }
    }
    if (reports == 0 && failures.isEmpty() && inputFailure == null) {
      fail(source, nothingFound());
    } else {
      for (Skip s : skips) {
        run.handler().skipped(s.source(), ReportIssue.of(s.reason() + "; ignored"));
      }
    }
    if (!failures.isEmpty()) {
      byte[] bytes = copy.copy();
      for (Pending f : failures) {
        run.handler()
            .failed(
                new PayloadFailure(f.source(), f.error(), bytes, copy.truncated(), copy.size()));
      }
    }
    failures.clear();
    if (inputFailure != null) {
      throw inputFailure;
    }
  }

  private String nothingFound() {
    StringBuilder sb = new StringBuilder("no aggregate report found");
    if (!skips.isEmpty()) {
      sb.append(": ");
      for (int i = 0; i < skips.size(); i++) {
        sb.append(i == 0 ? "" : "; ").append(skips.get(i).reason());
      }
    } else if (!bodyParts.isEmpty()) {
      sb.append(" in the e-mail message (its parts: ")
          .append(String.join(", ", bodyParts))
          .append(')');
      if (bodyParts.stream().anyMatch(p -> p.startsWith("message/feedback-report"))) {
        sb.append("; it looks like a failure report (RFC 9991), not an aggregate report");
      }
    }
    return sb.toString();
  }

  /** A part that was skipped, and why. */
  record Skip(ReportSource source, String reason) {}

  /** A failure, handed over when the unit ends (with the copy of the unit's bytes). */
  record Pending(ReportSource source, ReportParseException error) {}
}
