// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TokenRequest}: which URLs are taken, what the form holds, and that no secret shows. */
class TokenRequestTest {
  private static final String SECRET = "Qx8~secret+with/&=signs";
  private static final String REFRESH = "1//0gRefreshToken-abcdefghijklmnop";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",
        "https://oauth2.googleapis.com/token",
        "http://127.0.0.1:8080/token",
        "http://127.8.9.10/token",
        "http://localhost:9000/token",
        "http://LOCALHOST/token",
        "http://[::1]:9000/token",
      })
  void new_httpsOrLoopback_taken(String url) {
    TokenRequest r = TokenRequest.clientCredentials(URI.create(url), "app", SECRET, "");

    assertThat(r.url()).isEqualTo(URI.create(url));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://login.microsoftonline.com/t/oauth2/v2.0/token | the token URL http://login.microsoftonline.com/t/oauth2/v2.0/token must use https (plain http only to a loopback address such as 127.0.0.1)",
        "http://10.0.0.1/token                                 | must use https (plain http only to a loopback address",
        "http://127.0.0.1.example.com/token                    | must use https",
        "ftp://127.0.0.1/token                                 | the token URL ftp://127.0.0.1/token must use https",
        "/oauth2/token                                         | the token URL /oauth2/token is not absolute",
        "https:///token                                        | the token URL https:///token has no host",
        "https://user:pw@login.example.com/token               | the token URL must not hold a user name or password",
        "https://login.example.com/token#frag                  | the token URL https://login.example.com/token#frag must not have a fragment",
      })
  void new_badUrl_namesItAndTheProblem(String url, String message) {
    assertThatThrownBy(() -> TokenRequest.clientCredentials(URI.create(url), "app", SECRET, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message)
        .hasMessageNotContaining("pw@");
  }

  @Test
  void new_missingParts_namesThem() {
    URI u = URI.create("https://oauth2.googleapis.com/token");
    assertThatThrownBy(() -> TokenRequest.clientCredentials(u, " ", SECRET, ""))
        .hasMessage("a token request needs a client ID");
    assertThatThrownBy(() -> TokenRequest.clientCredentials(u, "app", "", ""))
        .hasMessage("the client_credentials grant needs a client secret");
    assertThatThrownBy(() -> TokenRequest.refreshToken(u, "app", "", "", ""))
        .hasMessage("the refresh_token grant needs a refresh token");
    assertThatThrownBy(() -> TokenRequest.clientCredentials(u, "app\nx", SECRET, ""))
        .hasMessage("the client ID cannot hold a control character");
  }

  @Test
  void form_clientCredentials_encodesEveryField() {
    TokenRequest r =
        TokenRequest.clientCredentials(
            URI.create("https://login.microsoftonline.com/t/oauth2/v2.0/token"),
            "00000000-aaaa-bbbb",
            SECRET,
            "https://outlook.office365.com/.default");

    assertThat(r.form(r.refreshToken()))
        .isEqualTo(
            "grant_type=client_credentials&client_id=00000000-aaaa-bbbb"
                + "&client_secret=Qx8%7Esecret%2Bwith%2F%26%3Dsigns"
                + "&scope=https%3A%2F%2Foutlook.office365.com%2F.default");
  }

  @Test
  void form_refreshTokenOfAPublicClient_noSecretNoScope() {
    TokenRequest r =
        TokenRequest.refreshToken(
            URI.create("https://oauth2.googleapis.com/token"), "app", "", REFRESH, "");

    assertThat(r.form("rotated token"))
        .isEqualTo("grant_type=refresh_token&client_id=app&refresh_token=rotated+token");
  }

  @Test
  void toString_neverHoldsTheSecrets() {
    TokenRequest r =
        TokenRequest.refreshToken(
            URI.create("https://oauth2.googleapis.com/token"),
            "123.apps.googleusercontent.com",
            SECRET,
            REFRESH,
            "https://mail.google.com/");

    assertThat(r.toString())
        .isEqualTo(
            "TokenRequest[https://oauth2.googleapis.com/token, refresh_token grant, client ID"
                + " 123.apps.googleusercontent.com, scope https://mail.google.com/]")
        .doesNotContain(SECRET)
        .doesNotContain(REFRESH);
  }
}
