// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

/** The kind of place a report or a rejected input came from. */
public enum SourceKind {
  /** A file read from disk (directly, or found in a folder). */
  FILE,
  /** A message of an mbox file. */
  MBOX,
  /** A message file of a Maildir. */
  MAILDIR,
  /** A message of an IMAP mailbox. */
  IMAP,
  /** An HTTP upload. */
  UPLOAD
}
