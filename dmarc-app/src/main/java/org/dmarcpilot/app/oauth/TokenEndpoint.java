// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.oauth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access tokens from an OAuth 2.0 token endpoint, asked by DMARC Pilot itself: the {@code
 * client_credentials} grant (Microsoft 365 app-only access) or the {@code refresh_token} grant
 * (Gmail, delegated Microsoft 365 access). A token is kept until {@link #MARGIN} (at most; a tenth
 * of a short lifetime) before its {@code expires_in} ends, so most logins use the one in hand and
 * the first login after that asks for a new one. When the endpoint issues a new refresh token with
 * an access token (Microsoft rotates them), the new one is used from then on and handed to the
 * listener set with {@link #onRotatedRefreshToken(Consumer)} (the dashboard's accounts keep it
 * sealed in the database, so a restart does not go back to the first one).
 *
 * <p>The request is a POST of {@code application/x-www-form-urlencoded} with the client secret in
 * the body; redirects are not followed; connecting may take {@link #CONNECT_TIMEOUT}, the whole
 * exchange {@link #REQUEST_TIMEOUT}; the answer may be at most {@value #MAX_RESPONSE_BYTES} bytes.
 * Logins on several threads share one request. Neither the secret, the refresh token nor a token
 * goes into a log line, a message or {@link #toString()}.
 *
 * <pre>{@code
 * AccessTokenSource tokens = new TokenEndpoint(TokenRequest.clientCredentials(
 *     URI.create("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"),
 *     clientId, clientSecret, "https://outlook.office365.com/.default"));
 * String token = tokens.fetch();  // TokenException: "... answered HTTP 401: invalid_client: ..."
 * }</pre>
 */
public final class TokenEndpoint implements AccessTokenSource {
  /** The most bytes an answer may have: {@value} (64 KiB). */
  public static final int MAX_RESPONSE_BYTES = 64 * 1024;

  /** How long connecting to the endpoint may take. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** How long the whole exchange (connecting, sending, the answer) may take. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** How long before its end a token is given up for a new one, at most. */
  public static final Duration MARGIN = Duration.ofMinutes(5);

  private static final Logger log = LoggerFactory.getLogger(TokenEndpoint.class);

  private final TokenRequest request;
  private final Clock clock;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final ReentrantLock lock = new ReentrantLock();

  /** The refresh token to send: the configured one, or the one last issued. Guarded by lock. */
  private String refreshToken;

  /** Told each new refresh token the endpoint issues (under the lock). */
  private volatile Consumer<String> rotated = t -> {};

  /** The HTTP client, made at the first request (it has a thread). Guarded by lock. */
  private @Nullable HttpClient client;

  /** The token in hand, or null. Set under the lock; {@link #refused()} clears it without. */
  private volatile @Nullable Kept kept;

  private record Kept(String token, Instant fetched, Instant until) {
    @Override
    public String toString() {
      return "Kept[until " + until + "]";
    }
  }

  /** An endpoint asked with {@link #CONNECT_TIMEOUT} and {@link #REQUEST_TIMEOUT}. */
  public TokenEndpoint(TokenRequest request) {
    this(request, Clock.systemUTC(), CONNECT_TIMEOUT, REQUEST_TIMEOUT);
  }

  /** An endpoint with its own clock and timeouts (tests). */
  TokenEndpoint(
      TokenRequest request, Clock clock, Duration connectTimeout, Duration requestTimeout) {
    this.request = Objects.requireNonNull(request, "request");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.refreshToken = request.refreshToken();
  }

  /**
   * Sets who is told a new refresh token when the endpoint issues one (Microsoft does with every
   * token), to keep it: it is called on the thread that asked for the token, while other logins
   * wait, with the new token. A listener that throws is logged (without the token); the token is
   * still given and the new refresh token still used.
   *
   * @return this endpoint
   */
  public TokenEndpoint onRotatedRefreshToken(Consumer<String> listener) {
    this.rotated = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /** What is asked for. */
  public TokenRequest request() {
    return request;
  }

  /**
   * The token in hand while it has more than the margin left, else a new one from the endpoint.
   *
   * @throws TokenException when the endpoint cannot be reached or does not answer in time, answers
   *     with an error (its {@code error} and {@code error_description} are shown, cleaned and cut
   *     short), a redirect, or something that is not a Bearer token; the message names the endpoint
   * @throws InterruptedException when the thread was interrupted while it waited (the request is
   *     given up)
   */
  @Override
  public String fetch() throws TokenException, InterruptedException {
    lock.lockInterruptibly();
    try {
      Instant now = clock.instant();
      Kept k = kept;
      if (k != null && !now.isBefore(k.fetched()) && now.isBefore(k.until())) {
        return k.token();
      }
      kept = null;
      TokenResponse.Answer a = exchange();
      if (a.refreshToken() != null && !a.refreshToken().equals(refreshToken)) {
        refreshToken = a.refreshToken();
        log.debug("{} issued a new refresh token; it is used from now on", describe());
        try {
          rotated.accept(refreshToken);
        } catch (RuntimeException e) {
          log.warn(
              "{} issued a new refresh token that could not be kept ({}); it is used until the"
                  + " process ends",
              describe(),
              e.toString().replace(refreshToken, "[the refresh token]"));
        }
      }
      Duration life = a.lifetime();
      if (!life.isZero()) {
        Duration margin = life.dividedBy(10).compareTo(MARGIN) < 0 ? life.dividedBy(10) : MARGIN;
        kept = new Kept(a.accessToken(), now, now.plus(life).minus(margin));
      }
      log.debug("{} gave a token valid for {} s", describe(), life.toSeconds());
      return a.accessToken();
    } finally {
      lock.unlock();
    }
  }

  /** Forgets the token in hand, which the server refused: the next login asks for a new one. */
  @Override
  public void refused() {
    kept = null;
  }

  private TokenResponse.Answer exchange() throws TokenException, InterruptedException {
    String from = "token endpoint " + request.url();
    String form = request.form(refreshToken);
    HttpRequest r =
        HttpRequest.newBuilder(request.url())
            .timeout(requestTimeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
            .build();
    if (client == null) {
      client =
          HttpClient.newBuilder()
              .followRedirects(HttpClient.Redirect.NEVER)
              .connectTimeout(connectTimeout)
              .version(HttpClient.Version.HTTP_1_1)
              .build();
    }
    CompletableFuture<HttpResponse<byte[]>> sent =
        client.sendAsync(r, info -> new BoundedBody(MAX_RESPONSE_BYTES));
    HttpResponse<byte[]> response;
    try {
      response = sent.get(requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      sent.cancel(true);
      throw e;
    } catch (TimeoutException e) {
      sent.cancel(true);
      throw new TokenException(from + " did not answer within " + shown(requestTimeout));
    } catch (ExecutionException e) {
      throw failed(from, e.getCause() == null ? e : e.getCause());
    }
    return new TokenResponse(from, secrets())
        .read(
            response.statusCode(),
            response.headers().firstValue("Content-Type").orElse(null),
            response.headers().firstValue("Location").orElse(null),
            response.body(),
            request.grant() == TokenRequest.Grant.REFRESH_TOKEN);
  }

  /** Why the exchange failed, from its exception (the HTTP client wraps them in layers). */
  private TokenException failed(String from, Throwable e) {
    Throwable c = e;
    for (int depth = 0; c != null && depth < 10; c = c.getCause(), depth++) {
      if (c instanceof BoundedBody.TooLarge) {
        return new TokenException(
            from
                + " sent more than "
                + MAX_RESPONSE_BYTES
                + " bytes; a token response is a few kilobytes at most");
      }
      if (c instanceof HttpConnectTimeoutException) {
        return new TokenException(from + " could not be reached in time (connect timed out)", c);
      }
      if (c instanceof HttpTimeoutException) {
        return new TokenException(from + " did not answer within " + shown(requestTimeout), c);
      }
    }
    Throwable root = e;
    for (int depth = 0; root.getCause() != null && depth < 10; depth++) {
      root = root.getCause();
    }
    String why = root.getMessage() == null ? "" : ": " + root.getMessage();
    return new TokenException(
        from + " could not be reached: " + root.getClass().getSimpleName() + why, e);
  }

  /** The secrets as they are and form-encoded, with what messages show instead. */
  private Map<String, String> secrets() {
    Map<String, String> s = new LinkedHashMap<>();
    for (String[] v :
        List.of(
            new String[] {request.clientSecret(), "[the client secret]"},
            new String[] {request.refreshToken(), "[the refresh token]"},
            new String[] {refreshToken, "[the refresh token]"})) {
      if (v[0].length() >= 4) {
        s.put(URLEncoder.encode(v[0], StandardCharsets.UTF_8), v[1]);
        s.put(v[0], v[1]);
      }
    }
    return s;
  }

  /** A timeout for a message: {@code 30 s}, or {@code 500 ms} below a second or in between. */
  private static String shown(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** The endpoint, the grant and the client ID; never a secret or a token. */
  @Override
  public String describe() {
    return "token endpoint "
        + request.url()
        + " ("
        + request.grant().value()
        + " grant, client ID "
        + request.clientId()
        + ")";
  }

  /** {@link #describe()}. */
  @Override
  public String toString() {
    return describe();
  }

  /** The same request (the token in hand does not count). */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TokenEndpoint e && e.request.equals(request);
  }

  @Override
  public int hashCode() {
    return request.hashCode();
  }

  /** Collects a body of at most {@code limit} bytes; past it, stops reading and fails. */
  private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    /** The body was larger than the limit. */
    static final class TooLarge extends IOException {
      private static final long serialVersionUID = 1L;

      TooLarge() {
        super("the answer is too large");
      }
    }

    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final int limit;
    private Flow.@Nullable Subscription subscription;

    BoundedBody(int limit) {
      this.limit = limit;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : items) {
        if (bytes.size() + b.remaining() > limit) {
          result.completeExceptionally(new TooLarge());
          Objects.requireNonNull(subscription).cancel();
          return;
        }
        byte[] a = new byte[b.remaining()];
        b.get(a);
        bytes.writeBytes(a);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toByteArray());
    }
  }
}
