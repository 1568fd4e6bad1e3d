// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report;

import java.io.IOException;
import org.dmarcpilot.report.internal.DecompressionGuard;
import org.dmarcpilot.report.internal.InputGuard;
import org.dmarcpilot.report.internal.IoProblems;

/**
 * The state of one {@link PayloadExtractor#extract} call: where the results go, the guard over the
 * input itself and the input's decompression budget.
 */
record Run(PayloadHandler handler, InputGuard guard, DecompressionGuard.Budget budget) {

  /**
   * Records a read error of a payload as a failure of the unit, or rethrows the input's own I/O
   * error when the input itself failed.
   */
  void io(Unit unit, ReportSource source, IOException e) throws IOException {
    IOException inputFailure = guard.failure();
    if (inputFailure != null) {
      throw inputFailure;
    }
    unit.fail(source, IoProblems.describe(e), e);
  }
}
