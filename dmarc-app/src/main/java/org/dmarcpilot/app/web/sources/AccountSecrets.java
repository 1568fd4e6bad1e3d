// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import java.util.Objects;
import java.util.function.Consumer;
import org.dmarcpilot.app.ingest.ImapSettings;
import org.dmarcpilot.app.oauth.TokenEndpoint;
import org.dmarcpilot.app.oauth.TokenRequest;
import org.dmarcpilot.app.secrets.SecretBox;
import org.dmarcpilot.app.secrets.SecretException;
import org.jspecify.annotations.Nullable;

/**
 * Seals the secrets of an IMAP account typed into the form (a field left empty keeps the stored
 * one) and opens them to sign in. Each kind of secret is sealed for its own purpose, so one cannot
 * be opened as another. An account keeps only the secrets of the way it signs in: switching to
 * OAuth drops the stored password, switching to the password drops the client secret and the
 * refresh token.
 */
final class AccountSecrets {
  /** The purpose the OAuth client secrets are sealed for. */
  static final String CLIENT_SECRET_PURPOSE = "imap-oauth-client-secret";

  /** The purpose the OAuth refresh tokens are sealed for. */
  static final String REFRESH_TOKEN_PURPOSE = "imap-oauth-refresh-token";

  /**
   * How an account signs in, opened.
   *
   * @param password the password (empty for OAuth)
   * @param auth the password, or XOAUTH2 with a token endpoint of its own
   */
  record Login(String password, ImapSettings.Auth auth) {
    @Override
    public String toString() {
      return "Login["
          + (auth instanceof ImapSettings.Auth.Xoauth2 x ? x.tokens() : "password")
          + "]";
    }
  }

  private final SecretBox box;

  AccountSecrets(SecretBox box) {
    this.box = Objects.requireNonNull(box, "box");
  }

  /**
   * The account of a valid form with its secrets sealed: the ones typed, else the stored ones of
   * {@code before} (the validator made sure the needed ones are there).
   */
  ImapAccount seal(SourceValidator.Valid v, @Nullable ImapAccount before) {
    ImapAccount a = Objects.requireNonNull(v.setting().imap(), "imap");
    ImapOAuth o = a.oauth();
    if (o == null) {
      String sealed =
          v.password() != null
              ? box.seal(v.password(), ManagedSources.PASSWORD_PURPOSE)
              : Objects.requireNonNull(before, "before").sealedPassword();
      return a.withSecrets(sealed, null);
    }
    ImapOAuth was = before == null ? null : before.oauth();
    String secret =
        v.clientSecret() != null
            ? box.seal(v.clientSecret(), CLIENT_SECRET_PURPOSE)
            : was == null ? "" : was.sealedClientSecret();
    String refresh =
        v.refreshToken() != null
            ? box.seal(v.refreshToken(), REFRESH_TOKEN_PURPOSE)
            : was == null || v.forgetRefreshToken() ? "" : was.sealedRefreshToken();
    return a.withSecrets("", o.withSealed(secret, refresh));
  }

  /**
   * Opens the account's secrets to sign in: its password, or a token endpoint of its own (which
   * keeps its token across the reconnects of the source it is given to).
   *
   * @throws SecretException when a secret cannot be opened (another key, or damaged)
   * @throws IllegalArgumentException when the stored OAuth sign-in is not a valid token request
   */
  Login open(ImapAccount a) throws SecretException {
    return open(a, t -> {});
  }

  /**
   * Opens the account's secrets to sign in, as {@link #open(ImapAccount)}; a refresh token the
   * account's endpoint issues in place of the stored one goes to {@code rotated}.
   */
  Login open(ImapAccount a, Consumer<String> rotated) throws SecretException {
    ImapOAuth o = a.oauth();
    if (o == null) {
      return new Login(
          box.open(a.sealedPassword(), ManagedSources.PASSWORD_PURPOSE),
          ImapSettings.Auth.PASSWORD);
    }
    String secret =
        o.sealedClientSecret().isEmpty()
            ? ""
            : box.open(o.sealedClientSecret(), CLIENT_SECRET_PURPOSE);
    String refresh =
        o.sealedRefreshToken().isEmpty()
            ? ""
            : box.open(o.sealedRefreshToken(), REFRESH_TOKEN_PURPOSE);
    TokenRequest request =
        new TokenRequest(o.tokenUrl(), o.grant(), o.clientId(), secret, refresh, o.scope());
    return new Login(
        "",
        new ImapSettings.Auth.Xoauth2(new TokenEndpoint(request).onRotatedRefreshToken(rotated)));
  }

  /** A refresh token sealed as the accounts keep it. */
  String sealRefreshToken(String token) {
    return box.seal(token, REFRESH_TOKEN_PURPOSE);
  }
}
