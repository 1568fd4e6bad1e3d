// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The owner's marks on sources, per domain. The store keeps them; tests use {@link #of}. */
@FunctionalInterface
public interface OwnerMarks {
  /** The mark on a source of a domain, or null when the owner has not marked it. */
  @Nullable OwnerMark markFor(String domain, SourceKey source);

  /** No marks. */
  static OwnerMarks none() {
    return (domain, source) -> null;
  }

  /** Marks from a map keyed by {@code domain + " " + sourceKey}. */
  static OwnerMarks of(Map<String, OwnerMark> marks) {
    Map<String, OwnerMark> copy = Map.copyOf(marks);
    return (domain, source) -> copy.get(domain + " " + source);
  }
}
