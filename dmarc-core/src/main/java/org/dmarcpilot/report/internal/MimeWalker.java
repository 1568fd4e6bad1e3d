// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.ParserCursor;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.stream.RecursionMode;
import org.apache.james.mime4j.util.ByteSequence;
import org.apache.james.mime4j.util.ContentUtil;
import org.dmarcpilot.report.ReportLimits;
import org.jspecify.annotations.Nullable;

/**
 * Walks the leaf parts of an RFC 5322 / MIME message with mime4j's pull parser, streaming: each
 * leaf body is handed over decoded (base64, quoted-printable) and is never held in memory. Nested
 * {@code message/rfc822} parts are walked too. Part numbers follow IMAP ({@code 1}, {@code 2.1}).
 * The count of entities, their nesting and the header size are bounded by {@link ReportLimits}.
 */
public final class MimeWalker {
  private MimeWalker() {}

  /**
   * One leaf part.
   *
   * @param part the IMAP-style part number ({@code 1} for the body of a single-part message)
   * @param mimeType the content type, lower case ({@code text/plain} when absent)
   * @param fileName the file name from {@code Content-Disposition} or the {@code Content-Type}
   *     name, decoded, or null
   * @param messageId the Message-ID of the innermost message around the part, or null
   */
  public record Leaf(
      String part, String mimeType, @Nullable String fileName, @Nullable String messageId) {}

  /** Receives the leaves in order. */
  @FunctionalInterface
  public interface Visitor {
    /**
     * A leaf part; {@code body} is its decoded content, valid until this call returns.
     *
     * @throws IOException if reading the body fails
     */
    void leaf(Leaf leaf, InputStream body) throws IOException;
  }

  private static final class Entity {
    final String part;
    final boolean message;
    int children;
    @Nullable String messageId;
    @Nullable String fileName;
    @Nullable String typeName;

    Entity(String part, boolean message) {
      this.part = part;
      this.message = message;
    }
  }

  /**
   * Walks {@code message}.
   *
   * @param message the message bytes
   * @param limits the bounds
   * @param outerDepth how deep the message already sits in containers
   * @param visitor receives each leaf
   * @throws MimeException if the message cannot be parsed
   * @throws IOException if reading fails or a limit is exceeded ({@link LimitExceededException})
   */
  public static void walk(InputStream message, ReportLimits limits, int outerDepth, Visitor visitor)
      throws MimeException, IOException {
    MimeConfig config =
        MimeConfig.custom()
            .setStrictParsing(false)
            .setMaxLineLen(limits.maxLineLength())
            .setMaxHeaderLen(limits.maxLineLength())
            .setMaxHeaderCount(limits.maxHeaderFields())
            .setMaxContentLen(-1)
            .build();
    MimeTokenStream stream = new MimeTokenStream(config, DecodeMonitor.SILENT, null, null);
    stream.setRecursionMode(RecursionMode.M_RECURSE);
    stream.parse(message);
    Deque<Entity> stack = new ArrayDeque<>();
    int entities = 0;
    for (EntityState state = stream.getState();
        state != EntityState.T_END_OF_STREAM;
        state = stream.next()) {
      switch (state) {
        case T_START_MESSAGE, T_START_BODYPART -> {
          if (++entities > limits.maxMimeParts()) {
            throw new LimitExceededException(
                "the message has more than "
                    + limits.maxMimeParts()
                    + " MIME parts (limit maxMimeParts)");
          }
          Entity parent = stack.peek();
          String part;
          if (state == EntityState.T_START_MESSAGE) {
            part = parent == null ? "" : parent.part;
          } else {
            int n = parent == null ? 1 : ++parent.children;
            part =
                parent == null || parent.part.isEmpty()
                    ? Integer.toString(n)
                    : parent.part + "." + n;
          }
          stack.push(new Entity(part, state == EntityState.T_START_MESSAGE));
          if (stack.size() + outerDepth > limits.maxNestingDepth() + 1) {
            throw new LimitExceededException(
                "MIME parts nested deeper than "
                    + limits.maxNestingDepth()
                    + " levels (limit maxNestingDepth)");
          }
        }
        case T_FIELD -> {
          Entity e = stack.peek();
          if (e != null) {
            field(e, stream.getField());
          }
        }
        case T_BODY -> {
          Entity e = stack.peek();
          if (e == null) {
            continue;
          }
          String part = e.message ? (e.part.isEmpty() ? "1" : e.part + ".1") : e.part;
          String type = stream.getBodyDescriptor().getMimeType();
          String mimeType = type == null ? "text/plain" : type.toLowerCase(Locale.ROOT);
          String name = e.fileName != null ? e.fileName : e.typeName;
          visitor.leaf(
              new Leaf(part, mimeType, name, messageId(stack)), stream.getDecodedInputStream());
        }
        case T_END_MESSAGE, T_END_BODYPART -> stack.poll();
        default -> {
          // headers, multipart boundaries, preamble and epilogue carry nothing we need
        }
      }
    }
  }

  private static @Nullable String messageId(Deque<Entity> stack) {
    for (Entity e : stack) { // innermost first
      if (e.message) {
        return e.messageId;
      }
    }
    return null;
  }

  private static void field(Entity e, Field field) {
    String name = field.getName().toLowerCase(Locale.ROOT);
    switch (name) {
      case "message-id" -> {
        if (e.message) {
          e.messageId = messageIdValue(field.getBody());
        }
      }
      case "content-disposition" -> e.fileName = parameter(field.getBody(), "filename");
      case "content-type" -> e.typeName = parameter(field.getBody(), "name");
      default -> {
        // other fields do not matter here
      }
    }
  }

  private static @Nullable String messageIdValue(String body) {
    String v = body.strip();
    int lt = v.indexOf('<');
    int gt = v.indexOf('>', lt + 1);
    if (lt >= 0 && gt > lt) {
      v = v.substring(lt + 1, gt);
    }
    return v.isEmpty() ? null : v;
  }

  /**
   * A parameter of a structured header body, with RFC 2231 continuations and charsets and RFC 2047
   * encoded words decoded.
   */
  static @Nullable String parameter(String body, String wanted) {
    ByteSequence raw = ContentUtil.encode(StandardCharsets.UTF_8, body);
    List<NameValuePair> params =
        RawFieldParser.DEFAULT.parseRawBody(raw, new ParserCursor(0, raw.length())).getParams();
    String plain = null;
    TreeMap<Integer, String> sections = new TreeMap<>();
    String extended = null;
    for (NameValuePair p : params) {
      String n = p.getName().toLowerCase(Locale.ROOT);
      String v = p.getValue();
      if (v == null) {
        continue;
      }
      if (n.equals(wanted)) {
        plain = v;
      } else if (n.equals(wanted + "*")) {
        extended = rfc2231(v, true);
      } else if (n.startsWith(wanted + "*")) {
        String rest = n.substring(wanted.length() + 1);
        boolean encoded = rest.endsWith("*");
        String num = encoded ? rest.substring(0, rest.length() - 1) : rest;
        try {
          int idx = Integer.parseInt(num);
          if (idx >= 0 && idx < 100) {
            sections.put(idx, encoded ? rfc2231(v, idx == 0) : v);
          }
        } catch (NumberFormatException ignored) {
          // not a continuation
        }
      }
    }
    String value = extended;
    if (value == null && !sections.isEmpty()) {
      value = String.join("", sections.values());
    }
    if (value == null) {
      value = plain;
    }
    if (value == null) {
      return null;
    }
    try {
      value = DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT);
    } catch (IllegalArgumentException ignored) {
      // keep the raw value
    }
    value = value.strip();
    return value.isEmpty() ? null : value;
  }

  /** RFC 2231 §4: {@code charset'language'percent-encoded}. */
  private static String rfc2231(String value, boolean withCharset) {
    Charset cs = StandardCharsets.UTF_8;
    String text = value;
    if (withCharset) {
      int q1 = value.indexOf('\'');
      int q2 = q1 < 0 ? -1 : value.indexOf('\'', q1 + 1);
      if (q2 > q1) {
        try {
          cs = Charset.forName(value.substring(0, q1).strip());
        } catch (IllegalArgumentException ignored) {
          // unknown charset: UTF-8
        }
        text = value.substring(q2 + 1);
      }
    }
    byte[] out = new byte[text.length()];
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%'
          && i + 2 < text.length()
          && hex(text.charAt(i + 1)) >= 0
          && hex(text.charAt(i + 2)) >= 0) {
        out[n++] = (byte) (hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
        i += 2;
      } else {
        out[n++] = (byte) c;
      }
    }
    return new String(out, 0, n, cs);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
