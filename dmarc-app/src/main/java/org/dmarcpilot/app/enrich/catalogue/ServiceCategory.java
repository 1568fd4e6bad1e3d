// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.enrich.catalogue;

import java.util.Locale;

/** What kind of sender a catalogued service is; the token is what the catalogue file writes. */
public enum ServiceCategory {
  /** A mailbox provider for organisations (Google Workspace, Microsoft 365). */
  BUSINESS_MAILBOX,
  /** A consumer mailbox provider (Gmail, Outlook.com, Yahoo); usually a forwarding network. */
  CONSUMER_MAILBOX,
  /** A forwarding service (Cloudflare Email Routing, ImprovMX). */
  FORWARDER,
  /** A mailing-list host (Google Groups, Groups.io). */
  MAILING_LIST,
  /** A transactional e-mail API or relay (Amazon SES, SendGrid, Postmark). */
  TRANSACTIONAL,
  /** A marketing e-mail platform (Mailchimp, Klaviyo). */
  MARKETING,
  /** A CRM that sends mail (Salesforce, Keap). */
  CRM,
  /** A helpdesk (Zendesk, Freshdesk). */
  HELPDESK,
  /** Another SaaS application that sends as its customers (ServiceNow, Atlassian). */
  SAAS,
  /** An e-commerce platform (Shopify, Stripe). */
  ECOMMERCE,
  /** A web host with mail service (IONOS, OVHcloud). */
  HOSTING,
  /** An e-mail security gateway or relay in front of the owner's mail (Mimecast, Proofpoint). */
  SECURITY_GATEWAY,
  /** Cloud infrastructure where the owner runs an own server (AWS EC2, DigitalOcean). */
  CLOUD;

  /** The token as written in the catalogue: lower case, words joined by {@code -}. */
  public String token() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The category for a token.
   *
   * @throws IllegalArgumentException if the token names no category
   */
  public static ServiceCategory fromToken(String token) {
    for (ServiceCategory c : values()) {
      if (c.token().equals(token)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown category \"" + token + "\"");
  }
}
