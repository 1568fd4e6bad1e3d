// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How an IMAP account of the source form signs in, as typed: with its password ({@code password},
 * the default) or with OAuth 2.0 tokens from a token endpoint ({@code oauth}). The client secret
 * and the refresh token are never shown back: empty means unchanged when editing. There is no token
 * command here: a command typed into a web form would run on the server.
 *
 * @param method {@value #PASSWORD} or {@value #OAUTH} (anything else is refused)
 * @param tokenUrl the token endpoint
 * @param clientId the client (application) ID
 * @param clientSecret the client secret (empty when editing: unchanged)
 * @param refreshToken the refresh token (empty when editing: unchanged); with one, the {@code
 *     refresh_token} grant is used, else {@code client_credentials}
 * @param scope the scopes, space-separated
 * @param forgetRefreshToken whether the stored refresh token is dropped (back to {@code
 *     client_credentials})
 */
public record SignInForm(
    String method,
    String tokenUrl,
    String clientId,
    String clientSecret,
    String refreshToken,
    String scope,
    boolean forgetRefreshToken) {
  /** Signing in with the password. */
  public static final String PASSWORD = "password";

  /** Signing in with OAuth 2.0 tokens from a token endpoint. */
  public static final String OAUTH = "oauth";

  /** Checks the fields. */
  public SignInForm {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(tokenUrl, "tokenUrl");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    Objects.requireNonNull(refreshToken, "refreshToken");
    Objects.requireNonNull(scope, "scope");
  }

  /** The password sign-in, the OAuth fields empty. */
  public static SignInForm password() {
    return new SignInForm(PASSWORD, "", "", "", "", "", false);
  }

  /** Whether the OAuth sign-in is chosen. */
  public boolean oauth() {
    return method.equalsIgnoreCase(OAUTH);
  }

  /** The fields of a request (the secrets as sent, the others stripped). */
  static SignInForm from(Function<String, @Nullable String> field) {
    String method = Objects.requireNonNullElse(field.apply("auth"), "").strip();
    return new SignInForm(
        method.isEmpty() ? PASSWORD : method,
        text(field, "token_url"),
        text(field, "client_id"),
        Objects.requireNonNullElse(field.apply("client_secret"), ""),
        Objects.requireNonNullElse(field.apply("refresh_token"), "").strip(),
        text(field, "scope"),
        field.apply("forget_refresh_token") != null);
  }

  /** The sign-in of a stored account, to edit it (the secrets empty: unchanged). */
  static SignInForm of(ImapAccount a) {
    ImapOAuth o = a.oauth();
    if (o == null) {
      return password();
    }
    return new SignInForm(OAUTH, o.tokenUrl().toString(), o.clientId(), "", "", o.scope(), false);
  }

  private static String text(Function<String, @Nullable String> field, String name) {
    return Objects.requireNonNullElse(field.apply(name), "").strip();
  }
}
