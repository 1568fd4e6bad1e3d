// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** Owner marks that can be changed; the store keeps them in the application. */
public interface OwnerMarkStore extends OwnerMarks {
  /** Sets (or with null clears) the owner's mark on a source of a domain. */
  void setMark(String domain, SourceKey source, @Nullable OwnerMark mark);

  /** Marks held in memory (tests, one-shot runs). */
  static OwnerMarkStore inMemory() {
    Map<String, OwnerMark> marks = new ConcurrentHashMap<>();
    return new OwnerMarkStore() {
      @Override
      public @Nullable OwnerMark markFor(String domain, SourceKey source) {
        return marks.get(domain + " " + source);
      }

      @Override
      public void setMark(String domain, SourceKey source, @Nullable OwnerMark mark) {
        if (mark == null) {
          marks.remove(domain + " " + source);
        } else {
          marks.put(domain + " " + source, mark);
        }
      }
    };
  }
}
