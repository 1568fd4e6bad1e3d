// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import org.dmarcpilot.app.oauth.TokenRequest;
import org.jspecify.annotations.Nullable;

/**
 * Checks how an IMAP account of the source form signs in: its password, or OAuth 2.0 through a
 * token endpoint. The token URL and the client ID are checked by {@link TokenRequest}'s own rules
 * (https, or plain http to a loopback address only), and so is the need for a client secret when
 * there is no refresh token. A secret left empty keeps the stored one.
 */
final class SignInValidator {
  static final int MAX_TOKEN_URL = 2000;
  static final int MAX_CLIENT_ID = 200;
  static final int MAX_CLIENT_SECRET = 1000;
  static final int MAX_REFRESH_TOKEN = 2000;
  static final int MAX_SCOPE = 1000;

  /** A placeholder for a stored secret while the request is checked; never sent anywhere. */
  private static final String STORED = "stored";

  /**
   * The sign-in typed.
   *
   * @param password the password typed, or null (left empty, or OAuth)
   * @param oauth the OAuth sign-in without its secrets (sealed later), or null for the password
   * @param clientSecret the client secret typed, or null when left empty
   * @param refreshToken the refresh token typed, or null when left empty
   * @param forgetRefreshToken whether the stored refresh token is dropped
   */
  record Typed(
      @Nullable String password,
      @Nullable ImapOAuth oauth,
      @Nullable String clientSecret,
      @Nullable String refreshToken,
      boolean forgetRefreshToken) {}

  private SignInValidator() {}

  /**
   * Checks the sign-in, adding each bad field's problem to {@code errors}.
   *
   * @param stored the secrets the account has stored (none when adding)
   */
  static Typed check(
      SignInForm f, String password, SourceValidator.Stored stored, Map<String, String> errors) {
    switch (f.method().toLowerCase(Locale.ROOT)) {
      case SignInForm.PASSWORD -> {
        return new Typed(password(password, !stored.password(), errors), null, null, null, false);
      }
      case SignInForm.OAUTH -> {
        return oauth(f, stored, errors);
      }
      default -> {
        errors.put(
            "auth", "Sign in must be with a password or with OAuth 2.0 through a token endpoint.");
        return new Typed(null, null, null, null, false);
      }
    }
  }

  private static @Nullable String password(
      String typed, boolean required, Map<String, String> errors) {
    String password = typed.isEmpty() ? null : typed;
    if (password == null && required) {
      errors.put("password", "The password is required.");
    } else if (password != null
        && (password.length() > SourceValidator.MAX_PASSWORD
            || SourceValidator.hasControl(password))) {
      errors.put(
          "password",
          "The password must be at most "
              + SourceValidator.MAX_PASSWORD
              + " characters without control characters.");
    }
    return password;
  }

  private static Typed oauth(
      SignInForm f, SourceValidator.Stored stored, Map<String, String> errors) {
    URI url = tokenUrl(f.tokenUrl(), errors);
    String clientId = f.clientId();
    if (clientId.length() > MAX_CLIENT_ID) {
      errors.put("client_id", "The client ID must be at most " + MAX_CLIENT_ID + " characters.");
      clientId = null;
    } else {
      try {
        TokenRequest.checkClientId(clientId);
      } catch (IllegalArgumentException e) {
        errors.put("client_id", sentence(e.getMessage()));
        clientId = null;
      }
    }
    String secret =
        secret(f.clientSecret(), "client_secret", "The client secret", MAX_CLIENT_SECRET, errors);
    String refresh =
        secret(f.refreshToken(), "refresh_token", "The refresh token", MAX_REFRESH_TOKEN, errors);
    if (f.scope().length() > MAX_SCOPE || SourceValidator.hasControl(f.scope())) {
      errors.put(
          "scope",
          "The scope must be at most " + MAX_SCOPE + " characters without control characters.");
    }
    boolean forget = f.forgetRefreshToken() && refresh == null;
    boolean hasRefresh = refresh != null || stored.refreshToken() && !forget;
    boolean hasSecret = secret != null || stored.clientSecret();
    if (url != null
        && clientId != null
        && !errors.containsKey("client_secret")
        && !errors.containsKey("refresh_token")) {
      TokenRequest.Grant grant =
          hasRefresh ? TokenRequest.Grant.REFRESH_TOKEN : TokenRequest.Grant.CLIENT_CREDENTIALS;
      try {
        new TokenRequest(
            url, grant, clientId, hasSecret ? STORED : "", hasRefresh ? STORED : "", f.scope());
      } catch (IllegalArgumentException e) {
        errors.put(
            "client_secret",
            sentence(e.getMessage())
                + " Enter the client secret, or a refresh token for the refresh_token grant.");
      }
    }
    if (url == null || clientId == null) {
      return new Typed(null, null, secret, refresh, forget);
    }
    return new Typed(
        null, new ImapOAuth(url, clientId, "", "", f.scope()), secret, refresh, forget);
  }

  private static @Nullable URI tokenUrl(String text, Map<String, String> errors) {
    if (text.isEmpty()) {
      errors.put(
          "token_url",
          "The token URL is required (like"
              + " https://login.microsoftonline.com/TENANT/oauth2/v2.0/token).");
      return null;
    }
    if (text.length() > MAX_TOKEN_URL || SourceValidator.hasControl(text)) {
      errors.put(
          "token_url",
          "The token URL must be at most "
              + MAX_TOKEN_URL
              + " characters without control characters.");
      return null;
    }
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      errors.put("token_url", "The token URL is not a valid URL: " + e.getReason() + ".");
      return null;
    }
    try {
      TokenRequest.checkUrl(url);
    } catch (IllegalArgumentException e) {
      errors.put("token_url", sentence(e.getMessage()));
      return null;
    }
    return url;
  }

  private static @Nullable String secret(
      String typed, String field, String label, int max, Map<String, String> errors) {
    if (typed.isEmpty()) {
      return null;
    }
    if (typed.length() > max || !typed.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      errors.put(
          field, label + " must be at most " + max + " printable ASCII characters (as issued).");
      return null;
    }
    return typed;
  }

  /** A message of {@link TokenRequest} as a sentence: capitalized, with a full stop. */
  private static String sentence(String message) {
    String s = Character.toUpperCase(message.charAt(0)) + message.substring(1);
    return s.endsWith(".") ? s : s + ".";
  }
}
