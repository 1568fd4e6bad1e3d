// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.util.Properties;

/**
 * Mail for the IMAP tests: messages from {@code noreply@receiver.example} to {@link #TO} that carry
 * a report as an attachment or as the whole body, or no report at all.
 */
public final class ReportMail {
  private ReportMail() {}

  /** The recipient of every message. */
  public static final String TO = "dmarc@example.com";

  /** A message with headers only; the caller sets the content and calls {@code saveChanges()}. */
  public static MimeMessage message(String subject) throws MessagingException {
    MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
    m.setFrom(new InternetAddress("noreply@receiver.example"));
    m.setRecipients(Message.RecipientType.TO, TO);
    m.setSubject(subject);
    return m;
  }

  /**
   * A short text and the report as an attachment named {@code fileName} of MIME type {@code type}.
   */
  public static MimeMessage withAttachment(
      String subject, String fileName, String type, byte[] data) throws MessagingException {
    MimeMessage m = message(subject);
    MimeMultipart mp = new MimeMultipart();
    MimeBodyPart text = new MimeBodyPart();
    text.setText("This is an aggregate report.");
    mp.addBodyPart(text);
    MimeBodyPart att = new MimeBodyPart();
    att.setDataHandler(new DataHandler(new ByteArrayDataSource(data, type)));
    att.setFileName(fileName);
    mp.addBodyPart(att);
    m.setContent(mp);
    m.saveChanges();
    return m;
  }

  /** The report's XML as the whole body ({@code text/xml}). */
  public static MimeMessage wholeBody(String subject, String xml) throws MessagingException {
    MimeMessage m = message(subject);
    m.setContent(xml, "text/xml; charset=utf-8");
    m.saveChanges();
    return m;
  }

  /** A plain-text message that holds no report. */
  public static MimeMessage text(String subject, String text) throws MessagingException {
    MimeMessage m = message(subject);
    m.setText(text);
    m.saveChanges();
    return m;
  }
}
