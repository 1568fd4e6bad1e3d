// SPDX-License-Identifier: Apache-2.0
/**
 * The ingestion sources an admin manages under Settings: watched folders and IMAP accounts,
 * validated, stored in the database (the IMAP password sealed by {@link
 * org.dmarcpilot.app.secrets.SecretBox}), and handed to the {@link
 * org.dmarcpilot.app.ingest.supervise.IngestSupervisor} as they are added, changed, enabled,
 * disabled or deleted.
 */
@NullMarked
package org.dmarcpilot.app.web.sources;

import org.jspecify.annotations.NullMarked;
