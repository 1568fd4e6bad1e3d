// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.IMAPSSLStore;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

/**
 * Angus Mail's IMAP stores, refusing to log in where the server does not offer XOAUTH2. With {@code
 * mail.imap.auth.mechanisms=XOAUTH2} Angus Mail uses XOAUTH2 when the server offers it, but when it
 * does not, it sends the IMAP LOGIN command with the token as the password instead (its {@code
 * auth.*.disable} properties only thin out its default list of mechanisms, not a list given); these
 * stores check the capability after STARTTLS and before any login, on every connection the store
 * opens. Angus Mail makes them by reflection, so they are public.
 */
public final class Xoauth2Stores {
  private Xoauth2Stores() {}

  /** The capability a server announces when it takes XOAUTH2. */
  static final String CAPABILITY = "AUTH=XOAUTH2";

  /** The login failed before it began: the server does not offer XOAUTH2. */
  static final class NotOffered extends ProtocolException {
    private static final long serialVersionUID = 1L;

    NotOffered() {
      super(
          "the server does not offer XOAUTH2 (no "
              + CAPABILITY
              + " among its capabilities), so the access token was not sent; check the host"
              + " (Microsoft 365: outlook.office365.com, Gmail: imap.gmail.com), or log in with a"
              + " password (imap.auth=password)");
    }
  }

  private static void check(IMAPProtocol p) throws ProtocolException {
    if (!p.hasCapability(CAPABILITY)) {
      throw new NotOffered();
    }
  }

  /** IMAP on a plain connection (STARTTLS, or none on loopback), XOAUTH2 or nothing. */
  public static final class Plain extends IMAPStore {
    /** Made by Angus Mail for a session. */
    public Plain(Session session, URLName url) {
      super(session, url);
    }

    @Override
    protected void preLogin(IMAPProtocol p) throws ProtocolException {
      check(p);
    }
  }

  /** IMAP over TLS from the first byte (imaps), XOAUTH2 or nothing. */
  public static final class Tls extends IMAPSSLStore {
    /** Made by Angus Mail for a session. */
    public Tls(Session session, URLName url) {
      super(session, url);
    }

    @Override
    protected void preLogin(IMAPProtocol p) throws ProtocolException {
      check(p);
    }
  }
}
