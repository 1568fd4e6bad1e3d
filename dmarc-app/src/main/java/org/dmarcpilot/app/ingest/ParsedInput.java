// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import java.util.List;
import org.dmarcpilot.app.store.IncomingReport;
import org.dmarcpilot.app.store.IngestFailure;

/**
 * One input after parsing, on its way to the writer; {@code problems} maps a reason to its group,
 * {@code heldBytes} counts the bytes of its originals and failure copies (what its transaction will
 * write as blobs).
 */
record ParsedInput(
    InputUnit unit,
    String sha256,
    long bytes,
    List<IncomingReport> reports,
    List<IngestFailure> failures,
    java.util.Map<String, String> problems,
    int records,
    int permits,
    long heldBytes) {}
