// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.dmarcpilot.report.ReportParseException;
import org.jspecify.annotations.Nullable;

/**
 * An element of a report copied out as XML text (the {@code <extensions>} a report carries), with
 * the namespace declarations it needs to stand alone and its text and attributes escaped.
 */
final class ElementCapture {
  private ElementCapture() {}

  /**
   * The current element and everything in it as XML text, with the namespace declarations it needs;
   * afterwards the cursor is on its end tag. Comments and processing instructions are dropped. Null
   * (and the element skipped) when it is longer than the text limit.
   */
  static @Nullable String capture(XmlCursor x, boolean namespaceAware, int maxText)
      throws XMLStreamException, ReportParseException {
    XMLStreamReader r = x.r;
    StringBuilder out = new StringBuilder();
    Deque<Map<String, String>> scopes = new ArrayDeque<>();
    int depth = 0;
    boolean tooLong = false;
    int ev = XMLStreamConstants.START_ELEMENT;
    while (true) {
      switch (ev) {
        case XMLStreamConstants.START_ELEMENT -> {
          depth++;
          if (!tooLong) {
            startTag(x, namespaceAware, out, scopes);
          }
        }
        case XMLStreamConstants.END_ELEMENT -> {
          depth--;
          if (!tooLong) {
            scopes.pop();
            out.append("</").append(x.fullName()).append('>');
          }
          if (depth == 0) {
            return tooLong ? null : out.toString();
          }
        }
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
          if (!tooLong) {
            escape(out, r.getText(), false);
          }
        }
        case XMLStreamConstants.END_DOCUMENT ->
            throw x.error("the document ends inside an element (truncated?)");
        default -> {
          // comments, processing instructions, entity references
        }
      }
      if (out.length() > maxText) {
        tooLong = true;
        out.setLength(0);
      }
      ev = r.next();
    }
  }

  private static void startTag(
      XmlCursor x, boolean namespaceAware, StringBuilder out, Deque<Map<String, String>> scopes) {
    XMLStreamReader r = x.r;
    Map<String, String> declared = new HashMap<>();
    out.append('<').append(x.fullName());
    if (namespaceAware) {
      for (int i = 0; i < r.getNamespaceCount(); i++) {
        String p = r.getNamespacePrefix(i);
        String uri = r.getNamespaceURI(i);
        declare(out, declared, p == null ? "" : p, uri == null ? "" : uri);
      }
      String p = r.getPrefix() == null ? "" : r.getPrefix();
      String uri = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
      if (!declared.containsKey(p) && !uri.equals(inScope(scopes, p))) {
        declare(out, declared, p, uri);
      }
      for (int i = 0; i < r.getAttributeCount(); i++) {
        String ap = r.getAttributePrefix(i);
        String auri = r.getAttributeNamespace(i);
        if (ap != null
            && !ap.isEmpty()
            && !declared.containsKey(ap)
            && auri != null
            && !auri.equals(inScope(scopes, ap))) {
          declare(out, declared, ap, auri);
        }
      }
    }
    for (int i = 0; i < r.getAttributeCount(); i++) {
      String ap = namespaceAware ? r.getAttributePrefix(i) : null;
      out.append(' ');
      if (ap != null && !ap.isEmpty()) {
        out.append(ap).append(':');
      }
      out.append(r.getAttributeLocalName(i)).append("=\"");
      escape(out, r.getAttributeValue(i), true);
      out.append('"');
    }
    out.append('>');
    scopes.push(declared);
  }

  private static @Nullable String inScope(Deque<Map<String, String>> scopes, String prefix) {
    for (Map<String, String> m : scopes) {
      String uri = m.get(prefix);
      if (uri != null) {
        return uri;
      }
    }
    return prefix.isEmpty() ? "" : null;
  }

  private static void declare(
      StringBuilder out, Map<String, String> declared, String p, String uri) {
    declared.put(p, uri);
    out.append(p.isEmpty() ? " xmlns=\"" : " xmlns:" + p + "=\"");
    escape(out, uri, true);
    out.append('"');
  }

  /** Escapes text for XML content or a double-quoted attribute value. */
  static void escape(StringBuilder out, String s, boolean attribute) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append(attribute ? "&quot;" : "\"");
        case '\n', '\r', '\t' -> {
          if (attribute) {
            out.append("&#").append((int) c).append(';');
          } else {
            out.append(c);
          }
        }
        default -> out.append(c);
      }
    }
  }
}
