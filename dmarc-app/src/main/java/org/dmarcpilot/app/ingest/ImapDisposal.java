// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

/**
 * How a committed message leaves the folder read in {@link ImapSettings.AfterCommit#MOVE} mode,
 * chosen from what the server offers. Every step names the message by its UID, so another session's
 * EXPUNGE cannot make one land on a different message; and nothing ever removes a message that was
 * not first copied to its folder, nor any message but the one handled.
 *
 * <p>A plain {@code EXPUNGE} (and {@code CLOSE}) removes every message of the folder flagged {@code
 * \Deleted}, including ones the user flagged in a mail client and meant to keep until they purge
 * them: the source never sends either. Without MOVE and without UIDPLUS it therefore copies the
 * message and leaves it in place, flagged with a keyword that later reads skip.
 */
enum ImapDisposal {
  /** {@code UID MOVE} (RFC 6851). */
  MOVE,
  /**
   * {@code UID COPY}, then {@code UID STORE +FLAGS (\Deleted)} and {@code UID EXPUNGE} of that one
   * UID (UIDPLUS, RFC 4315): a move in three steps. Interrupted after the copy, the message stays
   * in place (flagged {@code \Deleted} at most, and then skipped by later reads) with its copy in
   * the target folder.
   */
  COPY_THEN_EXPUNGE_UID,
  /**
   * {@code UID COPY}, then the message stays in place with the keyword {@value
   * ImapInputSource#DONE_KEYWORD} (or {@value ImapInputSource#FAILED_KEYWORD}), which later reads
   * skip.
   */
  COPY_AND_KEEP;

  /**
   * The way for a server with these capabilities.
   *
   * @param move the server offers MOVE
   * @param uidplus the server offers UIDPLUS (and with it {@code UID EXPUNGE})
   */
  static ImapDisposal of(boolean move, boolean uidplus) {
    if (move) {
      return MOVE;
    }
    return uidplus ? COPY_THEN_EXPUNGE_UID : COPY_AND_KEEP;
  }
}
