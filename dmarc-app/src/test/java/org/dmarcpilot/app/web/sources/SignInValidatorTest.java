// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import org.dmarcpilot.app.ingest.ImapSettings;
import org.dmarcpilot.app.oauth.TokenRequest;
import org.junit.jupiter.api.Test;

/** The sign-in part of the IMAP form: the password, or OAuth 2.0 through a token endpoint. */
class SignInValidatorTest {
  private static final String M365 =
      "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token";

  private static SourceForm form(String password, SignInForm signIn) {
    return new SourceForm(
        "",
        "",
        "60",
        "outlook.office365.com",
        "",
        "tls",
        "dmarc@contoso.com",
        password,
        "INBOX",
        "move",
        "DMARC/done",
        "DMARC/failed",
        true,
        false,
        signIn);
  }

  private static SignInForm oauth(String url, String id, String secret, String refresh) {
    return new SignInForm(
        "oauth", url, id, secret, refresh, "https://outlook.office365.com/.default", false);
  }

  private static InvalidSourceException invalid(SourceForm f, SourceValidator.Stored stored) {
    return catchThrowableOfType(
        InvalidSourceException.class, () -> SourceValidator.imap(f, stored));
  }

  private static final ImapAccount OAUTH_ACCOUNT =
      new ImapAccount(
          "outlook.office365.com",
          0,
          ImapSettings.Security.TLS,
          "dmarc@contoso.com",
          "",
          "INBOX",
          ImapSettings.AfterCommit.MOVE,
          "DMARC/done",
          "DMARC/failed",
          false,
          new ImapOAuth(URI.create(M365), "app-id", "v1:k:sealed-secret", "", ""));

  @Test
  void oauth_clientCredentials_valid_secretKeptApartFromTheSetting() throws Exception {
    SourceValidator.Valid v =
        SourceValidator.imap(
            form("ignored", oauth(M365, "app-id", "s3cr~et", "")), SourceValidator.Stored.NONE);

    ImapOAuth o = v.setting().imap().oauth();
    assertThat(o.tokenUrl()).isEqualTo(URI.create(M365));
    assertThat(o.clientId()).isEqualTo("app-id");
    assertThat(o.scope()).isEqualTo("https://outlook.office365.com/.default");
    assertThat(o.sealedClientSecret()).isEmpty();
    assertThat(o.grant()).isEqualTo(TokenRequest.Grant.CLIENT_CREDENTIALS);
    assertThat(v.clientSecret()).isEqualTo("s3cr~et");
    assertThat(v.refreshToken()).isNull();
    assertThat(v.password()).as("the password field does not count for OAuth").isNull();
    assertThat(v.setting().imap().toString()).doesNotContain("s3cr~et");
  }

  @Test
  void oauth_plainHttpToAnotherHost_refusedByTheTokenRequestRule() {
    InvalidSourceException e =
        invalid(
            form("", oauth("http://login.example.com/token", "app-id", "s", "")),
            SourceValidator.Stored.NONE);

    assertThat(e.errors())
        .containsOnlyKeys("token_url")
        .containsEntry(
            "token_url",
            "The token URL http://login.example.com/token must use https (plain http only to a"
                + " loopback address such as 127.0.0.1).");
  }

  @Test
  void oauth_plainHttpToLoopback_valid() throws Exception {
    SourceValidator.Valid v =
        SourceValidator.imap(
            form("", oauth("http://127.0.0.1:8080/token", "app-id", "s", "")),
            SourceValidator.Stored.NONE);
    assertThat(v.setting().imap().oauth().tokenUrl().getPort()).isEqualTo(8080);
  }

  @Test
  void oauth_badFields_eachNamed_secretsNotInTheMessages() {
    InvalidSourceException e =
        invalid(
            form("", oauth("not a url", "", "", "tok\u0001en-secret")),
            SourceValidator.Stored.NONE);

    assertThat(e.errors())
        .containsEntry("token_url", "The token URL is not a valid URL: Illegal character in path.")
        .containsEntry("client_id", "A token request needs a client ID.")
        .containsEntry(
            "refresh_token",
            "The refresh token must be at most 2000 printable ASCII characters (as issued).");
    assertThat(e.getMessage()).doesNotContain("en-secret");
  }

  @Test
  void oauth_noSecretNoRefreshToken_clientSecretRequired() {
    InvalidSourceException e =
        invalid(form("", oauth(M365, "app-id", "", "")), SourceValidator.Stored.NONE);

    assertThat(e.errors())
        .containsOnlyKeys("client_secret")
        .containsEntry(
            "client_secret",
            "The client_credentials grant needs a client secret. Enter the client secret, or a"
                + " refresh token for the refresh_token grant.");
  }

  @Test
  void oauth_refreshTokenWithoutSecret_aPublicClient_valid() throws Exception {
    SourceValidator.Valid v =
        SourceValidator.imap(
            form("", oauth("https://oauth2.googleapis.com/token", "cid", "", "1//refresh")),
            SourceValidator.Stored.NONE);
    assertThat(v.refreshToken()).isEqualTo("1//refresh");
    assertThat(v.clientSecret()).isNull();
  }

  @Test
  void oauth_editing_emptySecretKeepsTheStoredOne_forgettingTheOnlyRefreshTokenNeedsASecret() {
    SourceValidator.Stored stored = SourceValidator.Stored.of(OAUTH_ACCOUNT);
    assertThat(stored).isEqualTo(new SourceValidator.Stored(false, true, false));
    org.assertj.core.api.Assertions.assertThatCode(
            () -> SourceValidator.imap(form("", oauth(M365, "app-id", "", "")), stored))
        .doesNotThrowAnyException();

    SourceValidator.Stored publicClient = new SourceValidator.Stored(false, false, true);
    SignInForm forget = new SignInForm("oauth", M365, "app-id", "", "", "", true);
    assertThat(invalid(form("", forget), publicClient).errors()).containsOnlyKeys("client_secret");
  }

  @Test
  void switchingFromOAuthToPassword_withoutAStoredPassword_passwordRequired() throws Exception {
    SourceValidator.Stored stored = SourceValidator.Stored.of(OAUTH_ACCOUNT);

    assertThat(invalid(form("", SignInForm.password()), stored).errors())
        .containsEntry("password", "The password is required.");
    SourceValidator.Valid v = SourceValidator.imap(form("pw", SignInForm.password()), stored);
    assertThat(v.setting().imap().oauth()).isNull();
    assertThat(v.password()).isEqualTo("pw");
  }

  @Test
  void aTokenCommand_isNoSignInOfTheForm() {
    SignInForm command = new SignInForm("command", "", "", "", "", "", false);
    assertThat(invalid(form("pw", command), SourceValidator.Stored.NONE).errors())
        .containsOnlyKeys("auth")
        .containsEntry(
            "auth", "Sign in must be with a password or with OAuth 2.0 through a token endpoint.");
  }
}
