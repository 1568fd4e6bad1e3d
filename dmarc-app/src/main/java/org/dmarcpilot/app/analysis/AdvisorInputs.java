// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the {@link DeploymentAdvisor}'s gates measure, added up over its window.
 *
 * @param messages all messages
 * @param byClass messages per class (every class present)
 * @param reporters the distinct reporters
 * @param sources messages per class of each source that may block the next step; sources whose
 *     largest class is neither "yours, not aligned" nor "unknown" never do and may be left out
 * @param reports source reports, for names and fixes (where present)
 * @param labels names of sources without a report (else the key's value is shown)
 */
public record AdvisorInputs(
    long messages,
    Map<SourceClass, Long> byClass,
    Set<String> reporters,
    Map<SourceKey, Map<SourceClass, Long>> sources,
    Map<SourceKey, SourceReport> reports,
    Map<SourceKey, String> labels) {
  /** Copies, with every class present in each volume map. */
  public AdvisorInputs {
    byClass = complete(byClass);
    reporters = Set.copyOf(new TreeSet<>(reporters));
    Map<SourceKey, Map<SourceClass, Long>> s = new HashMap<>();
    sources.forEach((k, v) -> s.put(k, complete(v)));
    sources = Map.copyOf(s);
    reports = Map.copyOf(reports);
    labels = Map.copyOf(labels);
  }

  /** A source's name: its report's label, else the given label, else the key's value. */
  public String label(SourceKey key) {
    SourceReport r = reports.get(key);
    if (r != null) {
      return r.label();
    }
    return Objects.requireNonNullElse(labels.get(key), key.value());
  }

  private static Map<SourceClass, Long> complete(Map<SourceClass, Long> m) {
    EnumMap<SourceClass, Long> out = new EnumMap<>(SourceClass.class);
    for (SourceClass c : SourceClass.values()) {
      out.put(c, m.getOrDefault(c, 0L));
    }
    return java.util.Collections.unmodifiableMap(out);
  }
}
