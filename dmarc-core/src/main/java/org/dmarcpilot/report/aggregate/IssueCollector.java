// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dmarcpilot.report.ReportIssue;

/**
 * Collects the issues of one report, bounded: the first occurrence of each kind of issue is kept
 * with its position, repeats are counted ("and 1,234 more times"), and past {@code max} distinct
 * kinds only a count is kept. A report of millions of rows that all say {@code Pass} gives one
 * issue, not millions.
 */
final class IssueCollector {
  private final int max;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private long dropped;

  private static final class Entry {
    final ReportIssue first;
    long repeats;

    Entry(ReportIssue first) {
      this.first = first;
    }
  }

  IssueCollector(int max) {
    this.max = max;
  }

  /**
   * Adds an issue.
   *
   * @param kind what makes two issues "the same": repeats of a kind are counted, not kept
   * @param line the 1-based line, or 0
   * @param column the 1-based column, or 0
   * @param message the message of the first occurrence
   */
  void add(String kind, int line, int column, String message) {
    Entry e = entries.get(kind);
    if (e != null) {
      e.repeats++;
    } else if (entries.size() < max) {
      entries.put(kind, new Entry(new ReportIssue(line, column, message)));
    } else {
      dropped++;
    }
  }

  /**
   * Counts a repeat of {@code kind} if it was seen before, without building a message; false when
   * the kind is new (the caller then adds it).
   */
  boolean counted(String kind) {
    Entry e = entries.get(kind);
    if (e != null) {
      e.repeats++;
      return true;
    }
    return false;
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The issues in the order they were first seen. */
  List<ReportIssue> issues() {
    List<ReportIssue> out = new ArrayList<>(entries.size() + 1);
    for (Entry e : entries.values()) {
      if (e.repeats == 0) {
        out.add(e.first);
      } else {
        out.add(
            new ReportIssue(
                e.first.line(),
                e.first.column(),
                e.first.message()
                    + String.format(
                        Locale.ROOT,
                        " (and %,d more time%s)",
                        e.repeats,
                        e.repeats == 1 ? "" : "s")));
      }
    }
    if (dropped > 0) {
      out.add(
          ReportIssue.of(
              String.format(
                  Locale.ROOT,
                  "%,d more issues of other kinds were not kept (limit maxIssues = %d)",
                  dropped,
                  max)));
    }
    return out;
  }
}
