// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.dmarcpilot.report.ReportLimits;
import org.dmarcpilot.report.internal.SecureXml;

/**
 * Checks a BIMI logo against the SVG Tiny Portable/Secure profile: SVG root with {@code
 * version="1.2"} and {@code baseProfile="tiny-ps"}, no {@code x}/{@code y} on the root, a title, no
 * scripts, event handlers, animation, embedded raster images or links to other files; and a square
 * shape. Parsed with DTDs and external entities off; the input is at most {@link
 * BimiSource#MAX_SVG_BYTES}.
 */
final class SvgTinyPs {
  static final String SVG_NS = "http://www.w3.org/2000/svg";
  private static final String XLINK_NS = "http://www.w3.org/1999/xlink";
  private static final XMLInputFactory XML = SecureXml.inputFactory(ReportLimits.DEFAULTS, true);
  private static final Set<String> FORBIDDEN =
      Set.of(
          "script",
          "foreignobject",
          "image",
          "video",
          "audio",
          "animation",
          "animate",
          "animatecolor",
          "animatemotion",
          "animatetransform",
          "set",
          "handler",
          "listener",
          "iframe");
  private static final Set<String> PLACEHOLDER_TITLES =
      Set.of(
          "",
          "title",
          "untitled",
          "logo",
          "svg",
          "image",
          "company name",
          "brand",
          "your brand",
          "layer 1",
          "placeholder");
  private static final int MAX_PROBLEMS = 20;

  /** One problem found, with the check it belongs to. */
  record Problem(CheckId id, String message) {}

  private SvgTinyPs() {}

  /** The problems of an SVG document; empty when it conforms. */
  static List<Problem> check(byte[] svg) {
    List<Problem> out = new ArrayList<>();
    XMLStreamReader r = null;
    try {
      r = XML.createXMLStreamReader(new ByteArrayInputStream(svg));
      while (r.hasNext() && r.next() != XMLStreamConstants.START_ELEMENT) {
        // prolog: comments, processing instructions, a DOCTYPE (not expanded)
      }
      if (r.getEventType() != XMLStreamConstants.START_ELEMENT) {
        out.add(new Problem(CheckId.BIMI_SVG_INVALID, "the file has no root element"));
        return out;
      }
      root(r, out);
      boolean title = false;
      int depth = 1;
      while (r.hasNext() && depth > 0) {
        int ev = r.next();
        if (ev == XMLStreamConstants.START_ELEMENT) {
          depth++;
          String name = r.getLocalName();
          if (depth == 2 && name.equals("title") && !title) {
            title = true;
            String text = r.getElementText().strip();
            depth--;
            if (PLACEHOLDER_TITLES.contains(text.toLowerCase(Locale.ROOT))) {
              add(out, CheckId.BIMI_SVG_TITLE, "the title \"" + text + "\" is a placeholder");
            }
            continue;
          }
          element(r, out);
        } else if (ev == XMLStreamConstants.END_ELEMENT) {
          depth--;
        }
      }
      if (!title) {
        add(out, CheckId.BIMI_SVG_TITLE, "the svg element has no <title> child");
      }
    } catch (XMLStreamException | RuntimeException e) {
      add(
          out,
          CheckId.BIMI_SVG_INVALID,
          "not well-formed XML: " + CertificateChecks.shorten(String.valueOf(e.getMessage())));
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException e) {
          // nothing to release
        }
      }
    }
    return out;
  }

  private static void root(XMLStreamReader r, List<Problem> out) {
    if (!r.getLocalName().equals("svg") || !SVG_NS.equals(r.getNamespaceURI())) {
      add(
          out,
          CheckId.BIMI_SVG_INVALID,
          "the root element is <"
              + r.getLocalName()
              + "> in namespace "
              + r.getNamespaceURI()
              + ", not <svg> in "
              + SVG_NS);
      return;
    }
    String version = r.getAttributeValue(null, "version");
    if (!"1.2".equals(version)) {
      add(out, CheckId.BIMI_SVG_INVALID, "version is " + quote(version) + ", not \"1.2\"");
    }
    String profile = r.getAttributeValue(null, "baseProfile");
    if (!"tiny-ps".equals(profile)) {
      add(out, CheckId.BIMI_SVG_INVALID, "baseProfile is " + quote(profile) + ", not \"tiny-ps\"");
    }
    for (String a : List.of("x", "y")) {
      if (r.getAttributeValue(null, a) != null) {
        add(out, CheckId.BIMI_SVG_INVALID, "the svg element must not have an " + a + " attribute");
      }
    }
    square(r, out);
    element(r, out);
  }

  private static void square(XMLStreamReader r, List<Problem> out) {
    String viewBox = r.getAttributeValue(null, "viewBox");
    double w;
    double h;
    try {
      if (viewBox != null) {
        String[] f = viewBox.strip().split("[\\s,]+");
        if (f.length != 4) {
          add(out, CheckId.BIMI_SVG_INVALID, "viewBox \"" + viewBox + "\" is not four numbers");
          return;
        }
        w = Double.parseDouble(f[2]);
        h = Double.parseDouble(f[3]);
      } else {
        String ws = r.getAttributeValue(null, "width");
        String hs = r.getAttributeValue(null, "height");
        if (ws == null || hs == null) {
          add(out, CheckId.BIMI_SVG_NOT_SQUARE, "the svg has no viewBox, so its shape is unknown");
          return;
        }
        w = Double.parseDouble(ws.replaceAll("[a-z%]+$", ""));
        h = Double.parseDouble(hs.replaceAll("[a-z%]+$", ""));
      }
    } catch (NumberFormatException e) {
      add(out, CheckId.BIMI_SVG_INVALID, "the size is not numeric: " + e.getMessage());
      return;
    }
    if (Math.abs(w - h) > 1e-9) {
      add(
          out,
          CheckId.BIMI_SVG_NOT_SQUARE,
          "the logo is " + fmt(w) + " by " + fmt(h) + ", not square");
    }
  }

  private static void element(XMLStreamReader r, List<Problem> out) {
    String name = r.getLocalName();
    if (FORBIDDEN.contains(name.toLowerCase(Locale.ROOT))) {
      add(out, CheckId.BIMI_SVG_INVALID, "the <" + name + "> element is not allowed");
    }
    for (int i = 0; i < r.getAttributeCount(); i++) {
      String a = r.getAttributeLocalName(i);
      String ns = r.getAttributeNamespace(i);
      String v = r.getAttributeValue(i).strip();
      if (a.toLowerCase(Locale.ROOT).startsWith("on")) {
        add(
            out,
            CheckId.BIMI_SVG_INVALID,
            "the event handler " + a + " on <" + name + "> is not allowed");
      } else if (a.equals("href")
          && (ns == null || ns.isEmpty() || XLINK_NS.equals(ns))
          && !v.startsWith("#")) {
        add(
            out,
            CheckId.BIMI_SVG_INVALID,
            "<" + name + "> refers to another file: " + CertificateChecks.shorten(v));
      } else if (v.toLowerCase(Locale.ROOT).contains("url(")
          && !v.replace(" ", "").contains("url(#")) {
        add(
            out,
            CheckId.BIMI_SVG_INVALID,
            "<" + name + "> " + a + " refers to another file: " + CertificateChecks.shorten(v));
      }
    }
  }

  private static void add(List<Problem> out, CheckId id, String message) {
    if (out.size() < MAX_PROBLEMS) {
      out.add(new Problem(id, message));
    }
  }

  private static String quote(String s) {
    return s == null ? "missing" : "\"" + CertificateChecks.shorten(s) + "\"";
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
