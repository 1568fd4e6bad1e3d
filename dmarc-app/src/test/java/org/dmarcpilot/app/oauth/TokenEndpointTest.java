// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.dmarcpilot.app.oauth.LocalTokenEndpoint.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TokenEndpoint} against a real HTTP server on loopback ({@link LocalTokenEndpoint}): the
 * request it sends for each grant, how long it keeps a token, and logins on several threads. What
 * it says about bad answers is in {@link TokenEndpointFailuresTest}.
 */
class TokenEndpointTest {
  private static final String TOKEN = "eyJ0eXAiOiJKV1QifQ.eyJyb2xlcyI6WyJJTUFQIl19.c2lnbmF0dXJl";
  private static final String SECRET = "Qx8~app-secret+with/&=signs";
  private static final String REFRESH = "1//0gFirstRefreshToken-abcdefghijklmnop";
  private static final String SCOPE = "https://outlook.office365.com/.default";

  LocalTokenEndpoint server;
  MutableClock clock = new MutableClock();

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    volatile Instant now = Instant.parse("2026-03-01T08:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

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

  @Test
  void fetch_clientCredentials_postsTheFormAndReturnsTheToken() throws Exception {
    assertThat(appOnly().fetch()).isEqualTo(TOKEN);

    LocalTokenEndpoint.Received r = server.requests().get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo(LocalTokenEndpoint.PATH);
    assertThat(r.contentType()).isEqualTo("application/x-www-form-urlencoded");
    assertThat(r.form())
        .containsOnlyKeys("grant_type", "client_id", "client_secret", "scope")
        .containsEntry("grant_type", "client_credentials")
        .containsEntry("client_id", "app-id-123")
        .containsEntry("client_secret", SECRET)
        .containsEntry("scope", SCOPE);
  }

  @Test
  void fetch_refreshToken_sendsIt_andUsesARotatedOneNext() throws Exception {
    server.answer(
        r ->
            Answer.json(
                200,
                "{\"token_type\":\"Bearer\",\"scope\":\"https://mail.google.com/\",\"expires_in\":3599,"
                    + "\"access_token\":\""
                    + TOKEN
                    + "\",\"refresh_token\":\"rotated-"
                    + server.requests().size()
                    + "\"}"));
    TokenEndpoint e = delegated(SECRET);

    e.fetch();
    clock.advance(Duration.ofHours(1));
    e.fetch();
    clock.advance(Duration.ofHours(1));
    e.fetch();

    List<LocalTokenEndpoint.Received> rs = server.requests();
    assertThat(rs).hasSize(3);
    assertThat(rs.get(0).form())
        .containsOnlyKeys("grant_type", "client_id", "client_secret", "refresh_token", "scope")
        .containsEntry("grant_type", "refresh_token")
        .containsEntry("client_id", "123.apps.googleusercontent.com")
        .containsEntry("client_secret", SECRET)
        .containsEntry("refresh_token", REFRESH)
        .containsEntry("scope", "https://mail.google.com/");
    assertThat(rs.get(1).field("refresh_token")).isEqualTo("rotated-1");
    assertThat(rs.get(2).field("refresh_token")).isEqualTo("rotated-2");
    assertThat(e.toString()).doesNotContain("rotated");
  }

  @Test
  void fetch_rotatedRefreshToken_handedToTheListenerOnceEach_sameOneNot() throws Exception {
    List<String> tokens = List.of("rotated-1", "rotated-1", "rotated-2");
    server.answer(
        r ->
            Answer.json(
                200,
                "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\""
                    + TOKEN
                    + "\",\"refresh_token\":\""
                    + tokens.get(server.requests().size() - 1)
                    + "\"}"));
    List<String> handed = new java.util.concurrent.CopyOnWriteArrayList<>();
    TokenEndpoint e = delegated(SECRET).onRotatedRefreshToken(handed::add);

    for (int i = 0; i < 3; i++) {
      e.fetch();
      clock.advance(Duration.ofHours(1));
    }

    assertThat(handed).containsExactly("rotated-1", "rotated-2");
    assertThat(server.requests().get(2).field("refresh_token")).isEqualTo("rotated-1");
  }

  @Test
  void fetch_listenerFails_tokenStillGiven_andTheRotatedOneUsed() throws Exception {
    server.answer(
        Answer.json(
            200,
            "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\""
                + TOKEN
                + "\",\"refresh_token\":\"rotated-x\"}"));
    TokenEndpoint e =
        delegated(SECRET)
            .onRotatedRefreshToken(
                t -> {
                  throw new IllegalStateException("the database is down");
                });

    assertThat(e.fetch()).isEqualTo(TOKEN);
    clock.advance(Duration.ofHours(1));
    assertThat(e.fetch()).isEqualTo(TOKEN);

    assertThat(server.requests().get(1).field("refresh_token")).isEqualTo("rotated-x");
  }

  @Test
  void fetch_refreshTokenOfAPublicClient_sendsNoSecret() throws Exception {
    delegated("").fetch();

    assertThat(server.requests().get(0).form()).doesNotContainKey("client_secret");
  }

  @Test
  void fetch_keepsTheTokenUntilFiveMinutesBeforeItExpires() throws Exception {
    TokenEndpoint e = appOnly();

    e.fetch();
    e.fetch();
    clock.advance(Duration.ofMinutes(55).minusSeconds(1));
    e.fetch();
    assertThat(server.requests()).hasSize(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(e.fetch()).isEqualTo(TOKEN);
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void fetch_shortLivedToken_keptForNineTenthsOfItsLife() throws Exception {
    server.answer(Answer.token(TOKEN, 600));
    TokenEndpoint e = appOnly();

    e.fetch();
    clock.advance(Duration.ofSeconds(539));
    e.fetch();
    assertThat(server.requests()).hasSize(1);
    clock.advance(Duration.ofSeconds(1));
    e.fetch();
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void fetch_expiresInMissingOrZero_asksForEveryLogin() throws Exception {
    server.answer(
        Answer.json(200, "{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"bearer\"}"));
    TokenEndpoint e = appOnly();
    e.fetch();
    e.fetch();
    server.answer(Answer.token(TOKEN, 0));
    e.fetch();
    e.fetch();

    assertThat(server.requests()).hasSize(4);
  }

  @Test
  void fetch_expiresInAsAString_taken() throws Exception {
    // Microsoft's older v1.0 endpoint sends the number as a string
    server.answer(
        Answer.json(
            200,
            "{\"token_type\":\"Bearer\",\"expires_in\":\"3599\",\"access_token\":\""
                + TOKEN
                + "\"}"));
    TokenEndpoint e = appOnly();
    e.fetch();
    e.fetch();

    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void fetch_clockTurnedBack_asksAgain() throws Exception {
    TokenEndpoint e = appOnly();
    e.fetch();
    clock.advance(Duration.ofMinutes(-10));
    e.fetch();

    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void refused_forgetsTheToken() throws Exception {
    TokenEndpoint e = appOnly();
    e.fetch();
    e.refused();
    e.fetch();

    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void fetch_manyLoginsAtOnce_oneRequest() throws Exception {
    server.answer(Answer.token(TOKEN, 3600).after(Duration.ofMillis(300)));
    TokenEndpoint e = appOnly();
    CountDownLatch go = new CountDownLatch(1);
    Set<String> got = ConcurrentHashMap.newKeySet();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  go.await();
                  got.add(e.fetch());
                } catch (Exception x) {
                  got.add(x.toString());
                }
              });
      t.start();
      threads.add(t);
    }
    go.countDown();
    for (Thread t : threads) {
      t.join(10_000);
    }

    assertThat(got).containsExactly(TOKEN);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void fetch_interrupted_endsAtOnce() throws Exception {
    server.answer(Answer.token(TOKEN, 3600).after(Duration.ofSeconds(20)));
    TokenEndpoint e = appOnly(Duration.ofSeconds(30));
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                e.fetch();
              } catch (Throwable x) {
                thrown.set(x);
              }
            });
    t.start();
    Thread.sleep(300);
    long t0 = System.nanoTime();
    t.interrupt();
    t.join(5_000);

    assertThat(t.isAlive()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
  }

  @Test
  void describe_namesUrlGrantAndClient_neverASecret() throws Exception {
    TokenEndpoint e = delegated(SECRET);
    e.fetch();

    assertThat(e.describe())
        .isEqualTo(
            "token endpoint "
                + server.url()
                + " (refresh_token grant, client ID 123.apps.googleusercontent.com)");
    assertThat(e.toString()).isEqualTo(e.describe());
    assertThat(e.describe() + e.request()).doesNotContain(SECRET, REFRESH, TOKEN);
  }

  @Test
  void equals_sameRequest() {
    assertThat(appOnly()).isEqualTo(appOnly()).hasSameHashCodeAs(appOnly());
    assertThat(appOnly()).isNotEqualTo(delegated(SECRET));
  }
}
