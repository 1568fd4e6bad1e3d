// SPDX-License-Identifier: Apache-2.0
/**
 * Secrets kept at rest: passwords the server needs in clear later (an IMAP account's) are sealed
 * with AES-256-GCM under a key of the installation, kept in the data directory or given by the
 * configuration.
 *
 * <pre>{@code
 * SecretBox box = SecretBox.loadOrCreate(dataDir.resolve(SecretBox.KEY_FILE));
 * String sealed = box.seal("hunter2", "imap-password");
 * String clear = box.open(sealed, "imap-password");   // SecretException: wrong key or tampered
 * }</pre>
 */
@NullMarked
package org.dmarcpilot.app.secrets;

import org.jspecify.annotations.NullMarked;
