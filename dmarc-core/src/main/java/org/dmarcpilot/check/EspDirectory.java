// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.util.List;
import java.util.Map;
import org.dmarcpilot.dns.DomainNames;
import org.jspecify.annotations.Nullable;

/**
 * Mail services recognised by where a DKIM selector's CNAME points, so the report can say "this key
 * is managed by SendGrid". Facts about public DNS names, kept short on purpose.
 */
final class EspDirectory {
  private static final List<Map.Entry<String, String>> SUFFIXES =
      List.of(
          Map.entry("sendgrid.net", "SendGrid"),
          Map.entry("amazonses.com", "Amazon SES"),
          Map.entry("mailgun.org", "Mailgun"),
          Map.entry("mcsv.net", "Mailchimp"),
          Map.entry("mandrillapp.com", "Mailchimp Transactional (Mandrill)"),
          Map.entry("onmicrosoft.com", "Microsoft 365"),
          Map.entry("zendesk.com", "Zendesk"),
          Map.entry("hubspotemail.net", "HubSpot"),
          Map.entry("sparkpostmail.com", "SparkPost"),
          Map.entry("mailjet.com", "Mailjet"),
          Map.entry("mtasv.net", "Postmark"),
          Map.entry("messagingengine.com", "Fastmail"),
          Map.entry("protonmail.ch", "Proton Mail"),
          Map.entry("zoho.com", "Zoho"),
          Map.entry("zohomail.com", "Zoho"),
          Map.entry("exacttarget.com", "Salesforce Marketing Cloud"),
          Map.entry("klaviyodns.com", "Klaviyo"),
          Map.entry("sendinblue.com", "Brevo"),
          Map.entry("brevo.com", "Brevo"),
          Map.entry("constantcontact.com", "Constant Contact"),
          Map.entry("freshdesk.com", "Freshdesk"),
          Map.entry("intercom-mail.com", "Intercom"),
          Map.entry("mktomail.com", "Adobe Marketo"),
          Map.entry("createsend.com", "Campaign Monitor"),
          Map.entry("customeriomail.com", "Customer.io"),
          Map.entry("icloud.com", "iCloud Mail"),
          Map.entry("yahoodns.net", "Yahoo"),
          Map.entry("gappssmtp.com", "Google Workspace"));

  private EspDirectory() {}

  /** The service a CNAME target belongs to, or null. */
  static @Nullable String serviceOf(String target) {
    String t = DomainNames.normalize(target);
    for (Map.Entry<String, String> e : SUFFIXES) {
      if (DomainNames.isAtOrBelow(t, e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }
}
