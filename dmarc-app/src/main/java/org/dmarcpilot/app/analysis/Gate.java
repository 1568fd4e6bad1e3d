// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.analysis;

import java.util.List;
import java.util.Objects;

/**
 * One readiness gate with its measured value.
 *
 * @param id stable key: {@code data}, {@code aligned-share}, {@code services-aligned}, {@code
 *     reporters}, {@code unknown-sources}
 * @param title what the gate checks, for people
 * @param passed whether it passes
 * @param measured the measured value, for example {@code "97.1 %"}
 * @param required the threshold, for example {@code ">= 98.0 %"}
 * @param blockers what makes it fail, each with what to do
 */
public record Gate(
    String id,
    String title,
    boolean passed,
    String measured,
    String required,
    List<String> blockers) {
  public Gate {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(measured, "measured");
    Objects.requireNonNull(required, "required");
    blockers = List.copyOf(blockers);
  }
}
