// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.eclipse.angus.mail.iap.Argument;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FLAGS;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.eclipse.angus.mail.imap.protocol.UIDSet;
import org.jspecify.annotations.Nullable;

/**
 * The commands an IMAP source sends about the messages of its folder, each naming messages by UID:
 * the listing ({@code UID SEARCH}) and the commands about one message ({@code UID FETCH}, {@code
 * UID MOVE}, {@code UID COPY}, {@code UID STORE}, {@code UID EXPUNGE}). Angus Mail's {@code
 * Message} methods, and its listing of a folder ({@code getMessages} and {@code fetch}), name
 * messages by sequence number, which another session's EXPUNGE shifts: a server that resolves a
 * number against the mailbox as it is now, rather than as this session last saw it (GreenMail
 * does), then reads, moves or flags a different message, and pairs a listed message with another's
 * UID (the source then skipped a message for a pass). A UID names one message for good; a UID that
 * is no longer in the folder matches nothing, which is not an error.
 */
final class ImapUid {
  private ImapUid() {}

  /**
   * The UIDs of the folder's messages not flagged {@code \Deleted} and without any of {@code
   * keywords}, ascending and each once: {@code UID SEARCH UNDELETED UNKEYWORD k ...}, which works
   * on an empty folder too. The server answers in one line of a few bytes a message; the list takes
   * 8 bytes a message.
   *
   * @throws MessagingException when the server refuses the search, or answers with something that
   *     is not a UID (the message names it)
   */
  static long[] unhandled(IMAPFolder folder, String... keywords) throws MessagingException {
    Argument criteria = new Argument().writeAtom("UNDELETED");
    for (String k : keywords) {
      if (k.isEmpty() || !k.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c))) {
        throw new IllegalArgumentException("not a keyword of ours: " + k);
      }
      criteria.writeAtom("UNKEYWORD").writeAtom(k);
    }
    return (long[])
        folder.doCommand(
            p -> {
              Response[] r = p.command("UID SEARCH", criteria);
              long[] found = new long[0];
              boolean ok = r[r.length - 1].isOK();
              for (int i = 0; ok && i < r.length - 1; i++) {
                if (r[i] instanceof IMAPResponse s && s.keyEquals("SEARCH")) {
                  long[] more = uids(s.getRest());
                  found = found.length == 0 ? more : merge(found, more);
                  r[i] = null;
                }
              }
              finish(p, r);
              return found;
            });
  }

  /**
   * The UIDs of a SEARCH answer (what follows {@code * SEARCH}: numbers separated by spaces),
   * ascending, each once.
   *
   * @throws ProtocolException at the first word that is not a UID (1 to 4294967295), naming it
   */
  static long[] uids(String answer) throws ProtocolException {
    int len = answer.length();
    int words = 0;
    for (int i = 0; i < len; i++) {
      if (answer.charAt(i) != ' ' && (i == 0 || answer.charAt(i - 1) == ' ')) {
        words++;
      }
    }
    long[] out = new long[words];
    int n = 0;
    for (int i = 0; i < len; ) {
      if (answer.charAt(i) == ' ') {
        i++;
        continue;
      }
      int start = i;
      long uid = 0;
      for (; i < len && answer.charAt(i) != ' '; i++) {
        char c = answer.charAt(i);
        if (c < '0' || c > '9' || i - start == 10) {
          throw notUid(answer, start);
        }
        uid = uid * 10 + (c - '0');
      }
      if (uid < 1 || uid > MAX_UID) {
        throw notUid(answer, start);
      }
      out[n++] = uid;
    }
    return sortedOnce(out, n);
  }

  /** The UIDs of both lists, ascending, each once. */
  private static long[] merge(long[] a, long[] b) {
    long[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return sortedOnce(both, both.length);
  }

  /** The first {@code n} values of {@code a}, ascending, each once ({@code a} is reordered). */
  private static long[] sortedOnce(long[] a, int n) {
    Arrays.sort(a, 0, n);
    int kept = 0;
    for (int i = 0; i < n; i++) {
      if (kept == 0 || a[i] != a[kept - 1]) {
        a[kept++] = a[i];
      }
    }
    return kept == a.length ? a : Arrays.copyOf(a, kept);
  }

  private static ProtocolException notUid(String answer, int start) {
    int end = answer.indexOf(' ', start);
    end = end < 0 ? answer.length() : end;
    StringBuilder shown = new StringBuilder();
    answer
        .substring(start, Math.min(end, start + 24))
        .chars()
        .forEach(c -> shown.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
    return new ProtocolException(
        "the server's UID SEARCH answer holds \""
            + shown
            + (end - start > 24 ? "..." : "")
            + "\", not a UID");
  }

  /** The largest UID (RFC 3501: a non-zero 32-bit unsigned number). */
  private static final long MAX_UID = 0xFFFF_FFFFL;

  /** The message's flags, or null when no message of that UID is in the folder. */
  static @Nullable Flags flags(IMAPFolder folder, long uid) throws MessagingException {
    return (Flags)
        folder.doCommand(
            p -> {
              Response[] r = p.command("UID FETCH", uid(uid).writeAtom("(UID FLAGS)"));
              Flags found = null;
              for (int i = 0; i < r.length; i++) {
                FetchResponse f = ours(r[i], uid);
                if (f != null && f.getItem(FLAGS.class) != null) {
                  found = new Flags(f.getItem(FLAGS.class));
                  r[i] = null;
                }
              }
              finish(p, r);
              return found;
            });
  }

  /**
   * The message's bytes, at most {@code maxBytes + 1} of them (a longer message is cut there, so
   * that the caller sees it is too long), or null when no message of that UID is in the folder. The
   * message is not marked seen.
   */
  static byte @Nullable [] body(IMAPFolder folder, long uid, long maxBytes)
      throws MessagingException {
    long want = Math.min(Integer.MAX_VALUE - 16, maxBytes + 1);
    return (byte[])
        folder.doCommand(
            p -> {
              Response[] r =
                  p.command("UID FETCH", uid(uid).writeAtom("(UID BODY.PEEK[]<0." + want + ">)"));
              byte[] found = null;
              for (int i = 0; i < r.length; i++) {
                FetchResponse f = ours(r[i], uid);
                BODY b = f == null ? null : f.getItem(BODY.class);
                if (b != null) {
                  ByteArray a = b.getByteArray();
                  found = a == null ? new byte[0] : a.getNewBytes();
                  r[i] = null;
                }
              }
              finish(p, r);
              return found;
            });
  }

  /** {@code UID MOVE} (RFC 6851) to {@code mailbox}. */
  static void move(IMAPFolder folder, long uid, String mailbox) throws MessagingException {
    simple(folder, "UID MOVE", uid, mailbox);
  }

  /** {@code UID COPY} to {@code mailbox}. */
  static void copy(IMAPFolder folder, long uid, String mailbox) throws MessagingException {
    simple(folder, "UID COPY", uid, mailbox);
  }

  /** Adds {@code flags} to the message ({@code UID STORE +FLAGS.SILENT}). */
  static void addFlags(IMAPFolder folder, long uid, Flags flags) throws MessagingException {
    StringBuilder list = new StringBuilder("(");
    for (Flags.Flag f : flags.getSystemFlags()) {
      if (f != Flags.Flag.DELETED) {
        throw new IllegalArgumentException("only \\Deleted and keywords are set here");
      }
      list.append(list.length() > 1 ? " " : "").append("\\Deleted");
    }
    for (String k : flags.getUserFlags()) {
      list.append(list.length() > 1 ? " " : "").append(k);
    }
    String atom = list.append(')').toString();
    folder.doCommand(
        p -> {
          Response[] r =
              p.command("UID STORE", uid(uid).writeAtom("+FLAGS.SILENT").writeAtom(atom));
          finish(p, r);
          return null;
        });
  }

  /**
   * {@code UID EXPUNGE} of this one message (UIDPLUS, RFC 4315): other messages flagged {@code
   * \Deleted}, by the user's own mail client for one, stay.
   */
  static void expunge(IMAPFolder folder, long uid) throws MessagingException {
    folder.doCommand(
        p -> {
          p.uidexpunge(UIDSet.createUIDSets(new long[] {uid}));
          return null;
        });
  }

  private static void simple(IMAPFolder folder, String command, long uid, String mailbox)
      throws MessagingException {
    folder.doCommand(
        p -> {
          Argument args = uid(uid);
          if (p.supportsUtf8()) {
            args.writeString(mailbox, StandardCharsets.UTF_8);
          } else {
            args.writeString(BASE64MailboxEncoder.encode(mailbox));
          }
          Response[] r = p.command(command, args);
          finish(p, r);
          return null;
        });
  }

  private static Argument uid(long uid) {
    if (uid <= 0) {
      throw new IllegalArgumentException("not a UID: " + uid);
    }
    return new Argument().writeAtom(Long.toString(uid));
  }

  /** The FETCH response about {@code uid}, or null when {@code r} is something else. */
  private static @Nullable FetchResponse ours(@Nullable Response r, long uid) {
    if (r instanceof FetchResponse f) {
      UID u = f.getItem(UID.class);
      return u != null && u.uid == uid ? f : null;
    }
    return null;
  }

  /** Hands the other (untagged) responses to the folder, then fails on a NO, BAD or BYE. */
  private static void finish(IMAPProtocol p, Response[] r) throws ProtocolException {
    p.notifyResponseHandlers(r);
    p.handleResult(r[r.length - 1]);
  }

  /** Whether the server announced this capability (case-insensitive). */
  static boolean has(IMAPFolder folder, String capability) throws MessagingException {
    return ((org.eclipse.angus.mail.imap.IMAPStore) folder.getStore())
        .hasCapability(capability.toUpperCase(Locale.ROOT));
  }
}
