// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.internal;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import com.ctc.wstx.stax.WstxOutputFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import org.dmarcpilot.report.ReportLimits;

/**
 * StAX factories for input from the internet: Woodstox, with DTDs and external entities off, no
 * resolver, and every size bounded by {@link ReportLimits}. Per the OWASP XXE prevention cheat
 * sheet; a DOCTYPE is additionally rejected by the report parser itself.
 */
public final class SecureXml {
  private SecureXml() {}

  /**
   * A configured input factory. The factory is thread-safe once configured; build it once.
   *
   * @param limits the sizes to enforce
   * @param namespaceAware whether prefixes are resolved (a document with an undeclared prefix only
   *     parses without)
   */
  public static XMLInputFactory inputFactory(ReportLimits limits, boolean namespaceAware) {
    WstxInputFactory f = new WstxInputFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, namespaceAware);
    f.setProperty(XMLInputFactory.IS_COALESCING, false);
    f.setProperty(XMLInputFactory.IS_VALIDATING, false);
    f.setXMLResolver(
        (publicId, systemId, baseUri, namespace) -> {
          throw new XMLStreamException("external entities are not allowed: " + systemId);
        });
    f.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, limits.maxXmlDepth());
    f.setProperty(WstxInputProperties.P_MAX_ELEMENT_COUNT, limits.maxXmlElements());
    f.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, limits.maxTextLength());
    f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, limits.maxTextLength());
    f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, limits.maxAttributes());
    f.setProperty(WstxInputProperties.P_MAX_ENTITY_COUNT, 0L + 1000);
    f.setProperty(WstxInputProperties.P_MAX_ENTITY_DEPTH, 1);
    return f;
  }

  /** An output factory (Woodstox) that writes namespace declarations as given. */
  public static XMLOutputFactory outputFactory() {
    return new WstxOutputFactory();
  }
}
