// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.oauth;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * What to ask an OAuth 2.0 token endpoint for (RFC 6749 §4.4 and §6): the endpoint, the grant, the
 * client and, for the {@code refresh_token} grant, the refresh token. The client authenticates with
 * its secret in the request body ({@code client_secret_post}, RFC 6749 §2.3.1), which Microsoft's
 * and Google's endpoints take; a public client has no secret.
 *
 * <pre>{@code
 * TokenRequest m365 = TokenRequest.clientCredentials(
 *     URI.create("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"),
 *     clientId, clientSecret, "https://outlook.office365.com/.default");
 * TokenRequest gmail = TokenRequest.refreshToken(
 *     URI.create("https://oauth2.googleapis.com/token"),
 *     clientId, clientSecret, refreshToken, "https://mail.google.com/");
 * }</pre>
 *
 * <p>The URL must use https, except to a loopback address (a test's local server). {@link
 * #toString()} holds neither the secret nor the refresh token.
 *
 * @param url the token endpoint
 * @param grant which grant to use
 * @param clientId the client (application) ID
 * @param clientSecret the client secret; empty for a public client
 * @param refreshToken the refresh token for {@link Grant#REFRESH_TOKEN}; empty otherwise
 * @param scope the scopes, space-separated; empty to send none
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-4.4">RFC 6749 §4.4</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-6">RFC 6749 §6</a>
 */
public record TokenRequest(
    URI url, Grant grant, String clientId, String clientSecret, String refreshToken, String scope) {

  /** The grants DMARC Pilot can use without a person at hand. */
  public enum Grant {
    /** The client's own credentials (Microsoft 365 app-only access). */
    CLIENT_CREDENTIALS("client_credentials"),
    /** A refresh token obtained once (Gmail, delegated Microsoft 365 access). */
    REFRESH_TOKEN("refresh_token");

    private final String value;

    Grant(String value) {
      this.value = value;
    }

    /** The {@code grant_type} value: {@code client_credentials} or {@code refresh_token}. */
    public String value() {
      return value;
    }
  }

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException naming the problem: a URL that is not absolute, has no host,
   *     holds a user name or password or a fragment, or uses another scheme than https (plain http
   *     only to a loopback address); an empty client ID or one with a control character; a missing
   *     secret ({@code client_credentials}) or refresh token ({@code refresh_token})
   */
  public TokenRequest {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    Objects.requireNonNull(refreshToken, "refreshToken");
    Objects.requireNonNull(scope, "scope");
    checkUrl(url);
    checkClientId(clientId);
    if (grant == Grant.CLIENT_CREDENTIALS && clientSecret.isEmpty()) {
      throw new IllegalArgumentException("the client_credentials grant needs a client secret");
    }
    if (grant == Grant.REFRESH_TOKEN && refreshToken.isEmpty()) {
      throw new IllegalArgumentException("the refresh_token grant needs a refresh token");
    }
  }

  /** A {@code client_credentials} request (RFC 6749 §4.4); {@code scope} may be empty. */
  public static TokenRequest clientCredentials(
      URI url, String clientId, String clientSecret, String scope) {
    return new TokenRequest(url, Grant.CLIENT_CREDENTIALS, clientId, clientSecret, "", scope);
  }

  /**
   * A {@code refresh_token} request (RFC 6749 §6); {@code clientSecret} is empty for a public
   * client, {@code scope} may be empty.
   */
  public static TokenRequest refreshToken(
      URI url, String clientId, String clientSecret, String refreshToken, String scope) {
    return new TokenRequest(url, Grant.REFRESH_TOKEN, clientId, clientSecret, refreshToken, scope);
  }

  /**
   * Checks a token URL as the constructor does.
   *
   * @throws IllegalArgumentException naming the URL and the problem: not absolute, no host, a user
   *     name or password or a fragment in it, or another scheme than https (plain http only to a
   *     loopback address)
   */
  public static void checkUrl(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!url.isAbsolute() || url.isOpaque()) {
      throw new IllegalArgumentException("the token URL " + url + " is not absolute");
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException("the token URL must not hold a user name or password");
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw new IllegalArgumentException("the token URL " + url + " has no host");
    }
    if (url.getRawFragment() != null) {
      throw new IllegalArgumentException("the token URL " + url + " must not have a fragment");
    }
    if (!scheme.equals("https") && !(scheme.equals("http") && loopback(url.getHost()))) {
      throw new IllegalArgumentException(
          "the token URL "
              + url
              + " must use https (plain http only to a loopback address such as 127.0.0.1)");
    }
  }

  /**
   * Checks a client ID as the constructor does.
   *
   * @throws IllegalArgumentException when it is blank or holds a control character
   */
  public static void checkClientId(String clientId) {
    if (clientId.isBlank()) {
      throw new IllegalArgumentException("a token request needs a client ID");
    }
    if (clientId.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("the client ID cannot hold a control character");
    }
  }

  /**
   * Whether a URL's host is a loopback address: {@code localhost}, or a literal address in
   * 127.0.0.0/8 or {@code [::1]}. Names are not looked up.
   */
  static boolean loopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    boolean v6 = host.startsWith("[") && host.endsWith("]");
    boolean v4 = !host.isEmpty() && host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    if (!v4 && !v6) {
      return false;
    }
    try {
      // a literal address: InetAddress parses it without a lookup
      return InetAddress.getByName(v6 ? host.substring(1, host.length() - 1) : host)
          .isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * The request body, {@code application/x-www-form-urlencoded}, with {@code refresh} as the
   * refresh token (the one last issued, when the endpoint rotates them).
   */
  String form(String refresh) {
    StringBuilder b = new StringBuilder();
    field(b, "grant_type", grant.value());
    field(b, "client_id", clientId);
    if (!clientSecret.isEmpty()) {
      field(b, "client_secret", clientSecret);
    }
    if (grant == Grant.REFRESH_TOKEN) {
      field(b, "refresh_token", refresh);
    }
    if (!scope.isEmpty()) {
      field(b, "scope", scope);
    }
    return b.toString();
  }

  private static void field(StringBuilder b, String name, String value) {
    if (b.length() > 0) {
      b.append('&');
    }
    b.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }

  /** The endpoint, grant, client ID and scope; never the secret or the refresh token. */
  @Override
  public String toString() {
    return "TokenRequest["
        + url
        + ", "
        + grant.value()
        + " grant, client ID "
        + clientId
        + (scope.isEmpty() ? "" : ", scope " + scope)
        + "]";
  }
}
