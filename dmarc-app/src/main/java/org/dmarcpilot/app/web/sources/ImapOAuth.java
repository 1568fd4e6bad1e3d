// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import java.net.URI;
import java.util.Objects;
import org.dmarcpilot.app.oauth.TokenRequest;

/**
 * How a stored IMAP account signs in with OAuth 2.0 (SASL XOAUTH2): the token endpoint DMARC Pilot
 * asks for its tokens, the client, and the client secret and refresh token sealed by the secret box
 * ({@code v1:...}), never clear text. With a refresh token the {@code refresh_token} grant is used,
 * else {@code client_credentials}. The token command of the configuration is never offered here: a
 * command typed into a web form would run on the server.
 *
 * @param tokenUrl the token endpoint (https, or http to a loopback address)
 * @param clientId the client (application) ID
 * @param sealedClientSecret the client secret sealed, or empty for none (a public client)
 * @param sealedRefreshToken the refresh token sealed, or empty for none ({@code
 *     client_credentials})
 * @param scope the scopes, space-separated; empty to send none
 */
public record ImapOAuth(
    URI tokenUrl,
    String clientId,
    String sealedClientSecret,
    String sealedRefreshToken,
    String scope) {
  /** Checks the fields. */
  public ImapOAuth {
    Objects.requireNonNull(tokenUrl, "tokenUrl");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(sealedClientSecret, "sealedClientSecret");
    Objects.requireNonNull(sealedRefreshToken, "sealedRefreshToken");
    Objects.requireNonNull(scope, "scope");
  }

  /**
   * The grant used: {@code refresh_token} with a refresh token, else {@code client_credentials}.
   */
  public TokenRequest.Grant grant() {
    return sealedRefreshToken.isEmpty()
        ? TokenRequest.Grant.CLIENT_CREDENTIALS
        : TokenRequest.Grant.REFRESH_TOKEN;
  }

  /** This sign-in with other sealed secrets. */
  ImapOAuth withSealed(String clientSecret, String refreshToken) {
    return new ImapOAuth(tokenUrl, clientId, clientSecret, refreshToken, scope);
  }

  /** The endpoint, grant, client ID and scope; whether secrets are stored, never them. */
  @Override
  public String toString() {
    return "ImapOAuth["
        + tokenUrl
        + ", "
        + grant().value()
        + " grant, client ID "
        + clientId
        + (sealedClientSecret.isEmpty() ? ", no client secret" : ", a client secret")
        + (scope.isEmpty() ? "" : ", scope " + scope)
        + "]";
  }
}
