// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.util.Map;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.dmarcpilot.report.ReportParseException;
import org.jspecify.annotations.Nullable;

/**
 * A StAX reader with the moves the report parser needs: to the next child element (noting stray
 * text), the trimmed text of a leaf element (noting markup inside it), skipping an element, and
 * capturing an element as raw XML. Namespace-agnostic: elements are matched by local name, with or
 * without a namespace or prefix.
 */
final class XmlCursor {
  final XMLStreamReader r;
  final String input;
  final IssueCollector issues;
  private final int maxText;
  private final boolean namespaceAware;
  private final StringBuilder text = new StringBuilder();
  private final TextCache cache = new TextCache();

  /** The namespace of the {@code <feedback>} element, or null; set by the parser. */
  @Nullable String reportNamespace;

  XmlCursor(
      XMLStreamReader r, String input, IssueCollector issues, int maxText, boolean namespaceAware) {
    this.r = r;
    this.input = input;
    this.issues = issues;
    this.maxText = maxText;
    this.namespaceAware = namespaceAware;
  }

  /** The local name of the current element, without any prefix. */
  String local() {
    String n = r.getLocalName();
    if (!namespaceAware) {
      int colon = n.indexOf(':');
      if (colon >= 0) {
        return n.substring(colon + 1);
      }
    }
    return n;
  }

  /** The name of the current element as written, for messages: shortened past 60 characters. */
  String written() {
    return cut(fullName());
  }

  /** The name of the current element as written, whole. */
  String fullName() {
    if (namespaceAware) {
      String p = r.getPrefix();
      return p == null || p.isEmpty() ? r.getLocalName() : p + ":" + r.getLocalName();
    }
    return r.getLocalName();
  }

  /** The namespace of the current element: its URI, or the declaration of its prefix. */
  @Nullable String namespace() {
    if (namespaceAware) {
      String ns = r.getNamespaceURI();
      return ns == null || ns.isEmpty() ? null : ns;
    }
    String n = r.getLocalName();
    int colon = n.indexOf(':');
    String attr = colon < 0 ? "xmlns" : "xmlns:" + n.substring(0, colon);
    for (int i = 0; i < r.getAttributeCount(); i++) {
      if (r.getAttributeLocalName(i).equals(attr)) {
        String v = r.getAttributeValue(i).trim();
        return v.isEmpty() ? null : v;
      }
    }
    return null;
  }

  /**
   * Whether the current element is in a namespace of its own, as RFC 9990 asks of extensions (not
   * in none, and not in the report's).
   */
  boolean ownNamespace() {
    String ns = namespace();
    return ns != null && !ns.equals(reportNamespace);
  }

  int line() {
    Location l = r.getLocation();
    return l == null ? 0 : Math.max(0, l.getLineNumber());
  }

  int column() {
    Location l = r.getLocation();
    return l == null ? 0 : Math.max(0, l.getColumnNumber());
  }

  /** Records an issue at the current position. */
  void issue(String kind, String message) {
    issues.add(kind, line(), column(), message);
  }

  /** An exception at the current position. */
  ReportParseException error(String problem) {
    return new ReportParseException(input, line(), column(), problem, null);
  }

  /**
   * Moves to the next child element of {@code parent}, or to its end tag. Text between elements is
   * noted as stray; comments and processing instructions are passed over.
   *
   * @return {@link XMLStreamConstants#START_ELEMENT} or {@link XMLStreamConstants#END_ELEMENT}
   */
  int nextTag(String parent) throws XMLStreamException, ReportParseException {
    while (true) {
      int ev = r.next();
      switch (ev) {
        case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT -> {
          return ev;
        }
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
          if (!r.isWhiteSpace()) {
            String stray = r.getText().trim();
            issue(
                "stray-text:" + parent,
                "stray text " + quote(stray) + " in <" + parent + "> ignored");
          }
        }
        case XMLStreamConstants.ENTITY_REFERENCE ->
            issue("stray-text:" + parent, "stray entity reference in <" + parent + "> ignored");
        case XMLStreamConstants.DTD -> throw doctype();
        case XMLStreamConstants.END_DOCUMENT ->
            throw error("the document ends inside <" + parent + "> (truncated?)");
        default -> {
          // white space, comments, processing instructions
        }
      }
    }
  }

  ReportParseException doctype() {
    return error(
        "a DOCTYPE declaration: reports never have one, and DTDs and entities are not processed");
  }

  /**
   * The trimmed text of the current (leaf) element; afterwards the cursor is on its end tag. Markup
   * inside the element is noted and its text kept.
   */
  String text(String element) throws XMLStreamException, ReportParseException {
    return text(element, true);
  }

  /**
   * Like {@link #text(String)}; {@code shared} values (domains, words) come from a cache of
   * canonical strings, others (addresses, counts) are created.
   */
  String text(String element, boolean shared) throws XMLStreamException, ReportParseException {
    return rest(element, shared, null, r.next());
  }

  /**
   * The text of the current element from event {@code ev} on, after {@code first} (text already
   * read, or null); afterwards the cursor is on the element's end tag.
   */
  private String rest(String element, boolean shared, @Nullable String first, int ev)
      throws XMLStreamException, ReportParseException {
    String single = first;
    text.setLength(0);
    int depth = 0;
    while (true) {
      switch (ev) {
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
          if (single == null && text.length() == 0) {
            char[] c = r.getTextCharacters();
            int start = r.getTextStart();
            int n = r.getTextLength();
            boolean trimmed = n == 0 || c[start] > ' ' && c[start + n - 1] > ' ';
            single = shared && trimmed ? cache.get(c, start, n) : new String(c, start, n);
          } else {
            if (single != null) {
              text.append(single);
              single = null;
            }
            text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
          }
          if ((single != null ? single.length() : text.length()) > maxText) {
            throw error("the text of <" + element + "> is longer than " + maxText + " characters");
          }
        }
        case XMLStreamConstants.START_ELEMENT -> {
          issue(
              "markup-in:" + element,
              "element <" + written() + "> inside <" + element + ">: only its text was kept");
          depth++;
        }
        case XMLStreamConstants.END_ELEMENT -> {
          if (depth == 0) {
            String s = single != null ? single : text.toString();
            return s.trim();
          }
          depth--;
        }
        case XMLStreamConstants.ENTITY_REFERENCE -> {
          issue(
              "entity:" + element,
              "undeclared entity &" + r.getLocalName() + "; in <" + element + "> kept as text");
          if (single != null) {
            text.append(single);
            single = null;
          }
          text.append('&').append(r.getLocalName()).append(';');
        }
        case XMLStreamConstants.DTD -> throw doctype();
        case XMLStreamConstants.END_DOCUMENT ->
            throw error("the document ends inside <" + element + "> (truncated?)");
        default -> {
          // comments, processing instructions
        }
      }
      ev = r.next();
    }
  }

  /** Parses a simple value straight from the parser's characters. */
  interface CharValue {
    /** The value of {@code chars[start..start+length)}, or null when it is not simple. */
    @Nullable Object parse(char[] chars, int start, int length);

    /** The value written back as text (for the rare element that goes on after it). */
    String text(Object value);
  }

  /**
   * The value of the current (leaf) element: parsed by {@code parser} from the parser's characters
   * when it is simple (no string made), else its trimmed text as a {@link String}. Afterwards the
   * cursor is on the element's end tag.
   */
  Object parsedOrText(String element, CharValue parser)
      throws XMLStreamException, ReportParseException {
    int ev = r.next();
    if (ev == XMLStreamConstants.CHARACTERS) {
      char[] c = r.getTextCharacters();
      int start = r.getTextStart();
      int n = r.getTextLength();
      Object value = parser.parse(c, start, n);
      if (value != null) {
        int after = r.next();
        if (after == XMLStreamConstants.END_ELEMENT) {
          return value;
        }
        return rest(element, false, parser.text(value), after);
      }
      String first = new String(c, start, n);
      return rest(element, false, first, r.next());
    }
    return rest(element, false, null, ev);
  }

  /** Skips the current element and everything in it; afterwards the cursor is on its end tag. */
  void skip() throws XMLStreamException, ReportParseException {
    int depth = 1;
    while (depth > 0) {
      int ev = r.next();
      if (ev == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (ev == XMLStreamConstants.END_ELEMENT) {
        depth--;
      } else if (ev == XMLStreamConstants.END_DOCUMENT) {
        throw error("the document ends inside an element (truncated?)");
      }
    }
  }

  /**
   * The current element and everything in it as XML text, with the namespace declarations it needs;
   * afterwards the cursor is on its end tag. Comments and processing instructions are dropped. Null
   * (and the element skipped) when it is longer than the text limit.
   */
  @Nullable String capture() throws XMLStreamException, ReportParseException {
    return ElementCapture.capture(this, namespaceAware, maxText);
  }

  /**
   * Reads the text of the current element as an enumerated word, leniently: the schema's word, the
   * same word in another case, or an alias, each deviation noted at the value. Empty and unknown
   * values are noted and give null. The schema's word alone (the usual case) is matched on the
   * parser's characters, without a string or a position.
   */
  <E> @Nullable E word(String element, Words.Table<E> table, Map<String, String> aliases)
      throws XMLStreamException, ReportParseException {
    int ev = r.next();
    if (ev == XMLStreamConstants.CHARACTERS) {
      char[] c = r.getTextCharacters();
      int start = r.getTextStart();
      int n = r.getTextLength();
      int exact = table.exact(c, start, n);
      if (exact >= 0) {
        int after = r.next();
        if (after == XMLStreamConstants.END_ELEMENT) {
          return table.value(exact); // the common case: the schema's word, nothing else
        }
        int line = line();
        int column = column();
        String value = rest(element, true, table.word(exact), after);
        return word(element, value, table, aliases, line, column);
      }
      int line = line();
      int column = column();
      String first = new String(c, start, n);
      return word(element, rest(element, true, first, r.next()), table, aliases, line, column);
    }
    int line = line();
    int column = column();
    return word(element, rest(element, true, null, ev), table, aliases, line, column);
  }

  /** Like {@link #word(String, Map, Map)}, for a value read earlier at {@code line:column}. */
  <E> @Nullable E word(
      String element,
      String value,
      Words.Table<E> table,
      Map<String, String> aliases,
      int line,
      int column) {
    if (value.isEmpty()) {
      issues.add("empty:" + element, line, column, "empty <" + element + "> ignored");
      return null;
    }
    Words.Found<E> found = Words.find(value, table, aliases);
    if (found.value() == null) {
      issues.add(
          "unknown-value:" + element + ":" + value,
          line,
          column,
          "unknown value " + quote(value) + " in <" + element + "> ignored");
      return null;
    }
    if (found.caseFolded()) {
      issues.add(
          "case:" + element,
          line,
          column,
          "value "
              + quote(value)
              + " in <"
              + element
              + "> is not in lower case; read as "
              + value.toLowerCase(java.util.Locale.ROOT));
    } else if (found.alias() != null) {
      issues.add(
          "alias:" + element + ":" + value,
          line,
          column,
          "value " + quote(value) + " in <" + element + "> read as " + found.alias());
    }
    return found.value();
  }

  /** Notes and skips an element the schema does not have in {@code parent}. */
  void unknown(String parent, String name) throws XMLStreamException, ReportParseException {
    issue(
        "unknown:" + parent + ":" + cut(name),
        "unknown element <" + written() + "> in <" + parent + "> skipped");
    skip();
  }

  /** Reads a leaf once: a repeated element is noted and ignored. */
  @Nullable String once(String name, @Nullable String current)
      throws XMLStreamException, ReportParseException {
    String v = text(name);
    if (current != null) {
      issue("duplicate:" + name, "a second <" + name + "> was ignored");
      return current;
    }
    return v;
  }

  /** A value in quotes for a message, shortened past 60 characters. */
  static String quote(String s) {
    return '"' + cut(s) + '"';
  }

  /**
   * A name or value for a message, shortened past 60 characters: XML puts no bound on names, and a
   * message must not carry megabytes of them.
   */
  static String cut(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
