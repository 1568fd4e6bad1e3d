// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.NoSuchProviderException;
import jakarta.mail.Provider;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.Properties;
import org.dmarcpilot.app.oauth.TokenEndpoint;
import org.dmarcpilot.app.oauth.TokenException;
import org.dmarcpilot.app.oauth.TokenRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the IMAP source logs in, by {@link ImapSettings#auth()}: the session's properties and store,
 * the secret of one login (the password, or an access token fetched for this connection), and what
 * to tell when the server refuses it.
 *
 * <p>A login the server refuses is not tried again, as each refused login counts towards the
 * provider's lockout (Microsoft 365 smart lockout, Dovecot's auth penalty, fail2ban), with one
 * exception: with a token, the token source is asked once more at once, and when it now gives a
 * different token (the refused one had expired between the fetch and the login, or the command had
 * handed out a cached one the server had revoked) that one is tried, once. A token source that
 * gives the same token again costs no second login: the server would refuse it as well.
 *
 * @see <a href="https://developers.google.com/gmail/imap/xoauth2-protocol">Google: the XOAUTH2
 *     mechanism</a>
 * @see <a
 *     href="https://learn.microsoft.com/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth">
 *     Microsoft: IMAP with OAuth</a>
 */
final class ImapLogin {
  private static final Logger LOG = LoggerFactory.getLogger(ImapLogin.class);

  private ImapLogin() {}

  /** The scope a Microsoft 365 token needs for IMAP. */
  static final String MICROSOFT_SCOPE = "https://outlook.office.com/IMAP.AccessAsUser.All";

  /** The scope a Gmail token needs for IMAP. */
  static final String GOOGLE_SCOPE = "https://mail.google.com/";

  /** Sets the login properties of the session ({@code pre} is {@code mail.imap.} or similar). */
  static void configure(Properties p, String pre, ImapSettings s) {
    if (s.auth() instanceof ImapSettings.Auth.Xoauth2) {
      p.setProperty(pre + "auth.mechanisms", "XOAUTH2");
    }
  }

  /** The store: Angus Mail's own for a password, one that insists on XOAUTH2 for a token. */
  static Store store(Session session, String protocol, ImapSettings s)
      throws NoSuchProviderException {
    if (!(s.auth() instanceof ImapSettings.Auth.Xoauth2)) {
      return session.getStore(protocol);
    }
    Class<?> c = protocol.equals("imaps") ? Xoauth2Stores.Tls.class : Xoauth2Stores.Plain.class;
    return session.getStore(
        new Provider(Provider.Type.STORE, protocol, c.getName(), "DMARC Pilot", null));
  }

  /**
   * The secret of one login: the password, or a token fetched now.
   *
   * @throws TokenException when no token could be had
   */
  static String secret(ImapSettings s) throws TokenException, InterruptedException {
    return s.auth() instanceof ImapSettings.Auth.Xoauth2 x ? x.tokens().fetch() : s.password();
  }

  /**
   * Logs in on a new store of the session: with the password, or with a token fetched now and, when
   * the server refuses it, with a different fresh token once (see the class comment).
   *
   * @throws AuthenticationFailedException when the server refuses the login (or the fresh token
   *     too), or does not offer XOAUTH2 for a token; the message says what to check and holds no
   *     password or token
   * @throws TokenException when no access token could be had for the first login
   */
  static Store login(Session session, String protocol, ImapSettings s, int port)
      throws MessagingException, TokenException, InterruptedException {
    String secret = secret(s);
    try {
      return attempt(session, protocol, s, port, secret);
    } catch (AuthenticationFailedException e) {
      if (!(s.auth() instanceof ImapSettings.Auth.Xoauth2 x)) {
        throw new AuthenticationFailedException(refused(s, e), e);
      }
      // the refused token is forgotten: a source that keeps its token (an endpoint's) asks anew,
      // and a token issued before the permission was granted is not used until it expires
      x.tokens().refused();
      String fresh;
      try {
        fresh = x.tokens().fetch();
      } catch (TokenException t) {
        throw new AuthenticationFailedException(
            refused(s, e) + "; asked for a fresh token then: " + t.getMessage(), e);
      }
      if (fresh.equals(secret)) {
        x.tokens().refused(); // kept again by the fetch
        throw new AuthenticationFailedException(
            refused(s, e) + "; asked again at once, the token source gave the same token", e);
      }
      LOG.info(
          "IMAP {}: the server refused the XOAUTH2 login; the {} gave another token, trying it"
              + " once",
          s.mailbox(),
          x.tokens().describe());
      try {
        return attempt(session, protocol, s, port, fresh);
      } catch (AuthenticationFailedException again) {
        x.tokens().refused();
        throw new AuthenticationFailedException(
            refused(s, again) + "; a second, fresh token from it was refused as well", again);
      }
    } catch (MessagingException e) {
      if (notOffered(e)) {
        throw new AuthenticationFailedException(e.getMessage(), e);
      }
      throw e;
    }
  }

  /** One login on a new store. */
  private static Store attempt(
      Session session, String protocol, ImapSettings s, int port, String secret)
      throws MessagingException {
    Store store = store(session, protocol, s);
    store.connect(s.host(), port, s.user(), secret);
    return store;
  }

  /** Whether the login failed because the server does not offer XOAUTH2. */
  static boolean notOffered(Throwable e) {
    int depth = 0;
    for (Throwable c = e; c != null && depth < 10; c = c.getCause(), depth++) {
      if (c instanceof Xoauth2Stores.NotOffered) {
        return true;
      }
    }
    return false;
  }

  /** The scope of a Microsoft 365 app-only token (the client_credentials grant). */
  static final String MICROSOFT_APP_SCOPE = "https://outlook.office365.com/.default";

  /** What a login the server refused means, and what to check; holds no password or token. */
  static String refused(ImapSettings s, AuthenticationFailedException e) {
    String said = e.getMessage() == null || e.getMessage().isBlank() ? "" : e.getMessage().strip();
    String answer = said.isEmpty() ? "" : " (it answered: " + said + ")";
    if (s.auth() instanceof ImapSettings.Auth.Xoauth2 x) {
      String refusedLogin = "the server refused the XOAUTH2 login of " + s.user() + answer;
      if (x.tokens() instanceof TokenEndpoint t
          && t.request().grant() == TokenRequest.Grant.CLIENT_CREDENTIALS) {
        return refusedLogin
            + "; the "
            + t.describe()
            + " gave a token, so check what the application may do (Microsoft 365: the Office 365"
            + " Exchange Online application permission IMAP.AccessAsApp with admin consent, the"
            + " scope "
            + MICROSOFT_APP_SCOPE
            + ", the application's service principal registered in Exchange Online with"
            + " New-ServicePrincipal and given this mailbox with Add-MailboxPermission), and that"
            + " the user is the mailbox's address";
      }
      if (x.tokens() instanceof TokenEndpoint t) {
        return refusedLogin
            + "; the "
            + t.describe()
            + " gave a token, so check that the refresh token was issued for this user with the"
            + " IMAP scope ("
            + MICROSOFT_SCOPE
            + " for Microsoft 365, "
            + GOOGLE_SCOPE
            + " for Gmail)";
      }
      return refusedLogin
          + "; check that the token from the "
          + x.tokens().describe()
          + " has not expired (it must give a fresh one each time: tokens last about an hour),"
          + " that it was issued for this user, and that it has the IMAP scope ("
          + MICROSOFT_SCOPE
          + " for Microsoft 365, "
          + GOOGLE_SCOPE
          + " for Gmail)";
    }
    return "the server refused the login of "
        + s.user()
        + answer
        + "; check the user name and the password (Microsoft 365 takes no passwords over IMAP,"
        + " and Gmail only app passwords: sign in with OAuth 2.0 instead, imap.auth=xoauth2 in"
        + " the configuration or OAuth 2.0 in a dashboard account's settings)";
  }
}
