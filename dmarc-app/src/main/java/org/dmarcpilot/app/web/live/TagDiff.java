// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.live;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A tag-by-tag comparison of two DMARC records ({@code tag=value} pairs separated by {@code ;}):
 * the published one and the one to publish next. Tag names are compared in lower case; the first
 * occurrence of a tag counts; at most {@value #MAX_TAGS} tags of each record are read.
 */
public final class TagDiff {
  /** Tags read per record at most. */
  public static final int MAX_TAGS = 64;

  private TagDiff() {}

  /** How a tag differs. */
  public enum Change {
    /** The same value in both. */
    SAME,
    /** Only in the next record. */
    ADDED,
    /** Only in the published record. */
    REMOVED,
    /** In both, with another value. */
    CHANGED
  }

  /**
   * One tag of the comparison.
   *
   * @param tag the tag name, lower case
   * @param published its value in the published record, or null
   * @param next its value in the next record, or null
   * @param change how it differs
   */
  public record Row(String tag, @Nullable String published, @Nullable String next, Change change) {
    /** Checks the fields. */
    public Row {
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(change, "change");
    }
  }

  /** The rows: the next record's tags in its order, then tags only the published record has. */
  public static List<Row> of(@Nullable String published, @Nullable String next) {
    Map<String, String> a = tags(published);
    Map<String, String> b = tags(next);
    Set<String> order = new LinkedHashSet<>(b.keySet());
    order.addAll(a.keySet());
    List<Row> rows = new ArrayList<>();
    for (String t : order) {
      String x = a.get(t);
      String y = b.get(t);
      Change c;
      if (x == null) {
        c = Change.ADDED;
      } else if (y == null) {
        c = Change.REMOVED;
      } else {
        c = x.equals(y) ? Change.SAME : Change.CHANGED;
      }
      rows.add(new Row(t, x, y, c));
    }
    return rows;
  }

  /** Whether any tag differs. */
  public static boolean differs(List<Row> rows) {
    return rows.stream().anyMatch(r -> r.change() != Change.SAME);
  }

  static Map<String, String> tags(@Nullable String record) {
    Map<String, String> m = new LinkedHashMap<>();
    if (record == null) {
      return m;
    }
    int n = 0;
    for (String part : record.split(";", MAX_TAGS + 1)) {
      if (++n > MAX_TAGS) {
        break;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String k = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      if (!k.isEmpty()) {
        m.putIfAbsent(k, part.substring(eq + 1).strip());
      }
    }
    return m;
  }
}
