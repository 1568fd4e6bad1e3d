// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import org.jspecify.annotations.Nullable;

/** The schema an aggregate report followed, as told by its namespace. */
public enum ReportSchema {
  /** RFC 9990: namespace {@code urn:ietf:params:xml:ns:dmarc-2.0}. */
  RFC9990("urn:ietf:params:xml:ns:dmarc-2.0"),
  /** RFC 7489 Appendix C with its namespace {@code http://dmarc.org/dmarc-xml/0.1}. */
  DMARC_XML_0_1("http://dmarc.org/dmarc-xml/0.1"),
  /** The draft-era namespace {@code http://dmarc.org/dmarc-xml/0.2}. */
  DMARC_XML_0_2("http://dmarc.org/dmarc-xml/0.2"),
  /** No namespace: what most reporters send, RFC 7489 Appendix C in substance. */
  NONE(null);

  private final @Nullable String namespace;

  ReportSchema(@Nullable String namespace) {
    this.namespace = namespace;
  }

  /** The XML namespace URI, or null for {@link #NONE}. */
  public @Nullable String namespace() {
    return namespace;
  }
}
