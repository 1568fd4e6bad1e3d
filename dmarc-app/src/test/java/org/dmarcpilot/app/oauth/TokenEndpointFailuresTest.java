// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.dmarcpilot.app.oauth.LocalTokenEndpoint.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@link TokenEndpoint} says when the endpoint (a real HTTP server on loopback) answers with
 * an error, a redirect, something that is not a token, too much, or too late, or cannot be reached:
 * each time a {@link TokenException} naming the endpoint and the problem, and never a secret, a
 * refresh token or a token, even when the endpoint echoes the request.
 */
class TokenEndpointFailuresTest {
  private static final String TOKEN = "eyJ0eXAiOiJKV1QifQ.eyJyb2xlcyI6WyJJTUFQIl19.c2lnbmF0dXJl";
  private static final String SECRET = "Qx8~app-secret+with/&=signs";
  private static final String REFRESH = "1//0gFirstRefreshToken-abcdefghijklmnop";
  private static final String SCOPE = "https://outlook.office365.com/.default";

  LocalTokenEndpoint server;
  TokenEndpointTest.MutableClock clock = new TokenEndpointTest.MutableClock();

  @BeforeEach
  void start() throws Exception {
    server = LocalTokenEndpoint.start(TOKEN);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private TokenEndpoint appOnly(Duration timeout) {
    return new TokenEndpoint(
        TokenRequest.clientCredentials(server.url(), "app-id-123", SECRET, SCOPE),
        clock,
        timeout,
        timeout);
  }

  private TokenEndpoint appOnly() {
    return appOnly(Duration.ofSeconds(5));
  }

  private TokenEndpoint delegated(String secret) {
    return new TokenEndpoint(
        TokenRequest.refreshToken(
            server.url(),
            "123.apps.googleusercontent.com",
            secret,
            REFRESH,
            "https://mail.google.com/"),
        clock,
        Duration.ofSeconds(5),
        Duration.ofSeconds(5));
  }

  /** The message of the exception {@code fetch} throws; asserts that it shows no secret. */
  private static String failure(TokenEndpoint e) {
    AtomicReference<String> m = new AtomicReference<>();
    assertThatThrownBy(e::fetch)
        .isInstanceOf(TokenException.class)
        .satisfies(x -> m.set(x.getMessage()));
    assertThat(m.get())
        .doesNotContain(SECRET)
        .doesNotContain(URLEncoder.encode(SECRET, StandardCharsets.UTF_8))
        .doesNotContain(REFRESH)
        .doesNotContain(URLEncoder.encode(REFRESH, StandardCharsets.UTF_8))
        .doesNotContain(TOKEN);
    return m.get();
  }

  @Test
  void fetch_oauthError_showsErrorAndDescription_cleanedAndCut() {
    server.answer(
        Answer.json(
            401,
            "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client"
                + " secret provided.\\r\\nTrace ID: 0a1b\\u001b[31m\\r\\nCorrelation ID: "
                + "x".repeat(400)
                + "\",\"error_codes\":[7000215]}"));

    String m = failure(appOnly());

    assertThat(m)
        .startsWith(
            "token endpoint "
                + server.url()
                + " answered HTTP 401: invalid_client: AADSTS7000215: Invalid client secret"
                + " provided. Trace ID: 0a1b?[31m Correlation ID: xxx")
        .endsWith("x...")
        .hasSizeLessThan(450);
  }

  @Test
  void fetch_errorThatEchoesTheRequest_showsNoSecret() {
    server.answer(
        r ->
            Answer.json(
                400,
                "{\"error\":\"invalid_request\",\"error_description\":\"bad request: "
                    + r.body().replace("\"", "")
                    + " / "
                    + r.field("client_secret")
                    + " / "
                    + r.field("refresh_token")
                    + "\"}"));

    String m = failure(delegated(SECRET));

    assertThat(m)
        .contains("answered HTTP 400: invalid_request: bad request: grant_type=refresh_token")
        .contains("[the client secret]")
        .contains("[the refresh token]");
  }

  @Test
  void fetch_notJsonErrorPage_saysSo() {
    server.answer(
        new Answer(
            503,
            "text/html",
            "<html>Service Unavailable</html>".getBytes(StandardCharsets.UTF_8),
            Duration.ZERO,
            Map.of()));

    assertThat(failure(appOnly()))
        .isEqualTo(
            "token endpoint "
                + server.url()
                + " answered HTTP 503 without an OAuth error (32 bytes of text/html)");
  }

  @Test
  void fetch_redirect_notFollowed() {
    server.answer(
        Answer.json(302, "{}").withHeader("Location", "http://127.0.0.1/elsewhere/token"));

    assertThat(failure(appOnly()))
        .isEqualTo(
            "token endpoint "
                + server.url()
                + " answered HTTP 302, a redirect to http://127.0.0.1/elsewhere/token, which is"
                + " not followed: give the token endpoint's own URL");
    assertThat(server.paths()).containsOnly(LocalTokenEndpoint.PATH);
  }

  /**
   * Answers with HTTP 200 that are no token, and how the message begins: {@code A} stands for
   * "token endpoint URL answered HTTP 200 ", {@code G} for "token endpoint URL ".
   */
  static Stream<Arguments> badSuccessAnswers() {
    String t = "\"access_token\":\"" + TOKEN + "\"";
    return Stream.of(
        Arguments.of(
            "<html>login</html>", "A with a body that is not JSON (18 bytes of application/json"),
        Arguments.of("[\"" + TOKEN + "\"]", "A with JSON that is not an object"),
        Arguments.of("{\"token_type\":\"Bearer\"}", "A without an access_token"),
        Arguments.of(
            "{\"error\":\"invalid_grant\",\"error_description\":\"expired\"}",
            "A without an access_token: invalid_grant: expired"),
        Arguments.of(
            "{\"access_token\":42,\"token_type\":\"Bearer\"}",
            "A with an access_token that is not a string"),
        Arguments.of("{" + t + "}", "A without a token_type (it must be Bearer)"),
        Arguments.of(
            "{" + t + ",\"token_type\":\"mac\"}",
            "A with token_type mac: only a Bearer token can log in by XOAUTH2"),
        Arguments.of(
            "{" + t + ",\"token_type\":\"Bearer\",\"expires_in\":\"soon\"}",
            "A with an expires_in that is not a number of seconds: soon"),
        Arguments.of(
            "{" + t + ",\"token_type\":\"Bearer\",\"expires_in\":-5}",
            "A with an expires_in that is not a number of seconds: -5"),
        Arguments.of(
            "{" + t + ",\"access_token\":\"x\",\"token_type\":\"Bearer\"}",
            "A with a body that is not JSON"),
        Arguments.of(
            "{" + t + ",\"token_type\":\"Bearer\"} trailing", "A with a body that is not JSON"),
        Arguments.of(
            "{\"access_token\":\"tok en\",\"token_type\":\"Bearer\"}",
            "G gave something that is not an access token: character 4"),
        Arguments.of(
            "{\"access_token\":\"" + "a".repeat(17_000) + "\",\"token_type\":\"Bearer\"}",
            "G gave an access token of 17000 bytes; at most 16384"));
  }

  @ParameterizedTest
  @MethodSource("badSuccessAnswers")
  void fetch_badSuccessAnswer_saysWhatIsWrong(String body, String expected) {
    server.answer(Answer.json(200, body));
    String prefix =
        "token endpoint " + server.url() + (expected.startsWith("A") ? " answered HTTP 200" : "");

    assertThat(failure(appOnly())).startsWith(prefix + expected.substring(1));
  }

  @Test
  void fetch_rotatedRefreshTokenThatIsNotOne_saysSo() {
    server.answer(
        Answer.json(
            200,
            "{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"Bearer\",\"refresh_token\":7}"));

    assertThat(failure(delegated(SECRET)))
        .isEqualTo(
            "token endpoint "
                + server.url()
                + " answered HTTP 200 with a refresh_token that is not a string of printable"
                + " ASCII");
  }

  @Test
  void fetch_refreshTokenInAnAppOnlyAnswer_ignored() throws Exception {
    server.answer(
        Answer.json(
            200,
            "{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"Bearer\",\"refresh_token\":7}"));

    assertThat(appOnly().fetch()).isEqualTo(TOKEN);
  }

  @Test
  void fetch_hugeBody_refusedAfterTheLimit() {
    byte[] big = new byte[TokenEndpoint.MAX_RESPONSE_BYTES * 4];
    Arrays.fill(big, (byte) ' ');
    server.answer(new Answer(200, "application/json", big, Duration.ZERO, Map.of()));

    assertThat(failure(appOnly()))
        .isEqualTo(
            "token endpoint "
                + server.url()
                + " sent more than 65536 bytes; a token response is a few kilobytes at most");
  }

  @Test
  void fetch_slowEndpoint_givesUpAfterTheTimeout() {
    server.answer(Answer.token(TOKEN, 3600).after(Duration.ofSeconds(20)));
    long t0 = System.nanoTime();

    String m = failure(appOnly(Duration.ofMillis(500)));

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    assertThat(m).isEqualTo("token endpoint " + server.url() + " did not answer within 500 ms");
  }

  @Test
  void fetch_nothingListening_saysItCouldNotBeReached() {
    URI url = server.url();
    server.close();
    TokenEndpoint e =
        new TokenEndpoint(
            TokenRequest.clientCredentials(url, "app", SECRET, SCOPE),
            clock,
            Duration.ofSeconds(2),
            Duration.ofSeconds(2));

    assertThat(failure(e)).startsWith("token endpoint " + url + " could not be reached: ");
  }
}
