// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.oauth;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads what a token endpoint answered: an access token (RFC 6749 §5.1), or an error (§5.2), or
 * something else, which is refused with a message that says what it was. Text from the endpoint is
 * shown only cleaned of control characters, cut short, and with the client secret and the refresh
 * token taken out (an endpoint, or something in its place, may echo the request).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-5.1">RFC 6749 §5.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-5.2">RFC 6749 §5.2</a>
 */
final class TokenResponse {
  /** How much of an {@code error_description} a message shows, in characters. */
  static final int DESCRIPTION_CHARS = 300;

  /** The longest a token is kept, whatever its {@code expires_in} says. */
  static final Duration LONGEST_LIFETIME = Duration.ofDays(1);

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /**
   * An access token and what came with it.
   *
   * @param accessToken the token, checked by {@link TokenCheck}
   * @param lifetime how long it is valid ({@code expires_in}, at most {@link #LONGEST_LIFETIME});
   *     zero when the endpoint did not say
   * @param refreshToken a new refresh token, or null when there is none (or none was asked for)
   */
  record Answer(String accessToken, Duration lifetime, @Nullable String refreshToken) {
    /** No token in a log line or a message. */
    @Override
    public String toString() {
      return "Answer[lifetime "
          + lifetime
          + (refreshToken == null ? "" : ", new refresh token")
          + "]";
    }
  }

  private final String from;
  private final Map<String, String> secrets;

  /**
   * @param from the endpoint, for messages: {@code token endpoint https://...}
   * @param secrets text never to show, each with what to show instead
   */
  TokenResponse(String from, Map<String, String> secrets) {
    this.from = from;
    this.secrets = secrets;
  }

  /**
   * Reads an answer.
   *
   * @param status the HTTP status
   * @param contentType the Content-Type header, or null
   * @param location the Location header, or null
   * @param body the body, whole (bounded by the caller)
   * @param rotates whether to read a new {@code refresh_token}
   * @throws TokenException saying what was wrong with it
   */
  Answer read(
      int status,
      @Nullable String contentType,
      @Nullable String location,
      byte[] body,
      boolean rotates)
      throws TokenException {
    String answered = from + " answered HTTP " + status;
    JsonNode json = parse(body);
    if (status != 200) {
      if (status >= 300 && status < 400) {
        throw new TokenException(
            answered
                + ", a redirect"
                + (location == null ? "" : " to " + shown(location, 200))
                + ", which is not followed: give the token endpoint's own URL");
      }
      String error = oauthError(json);
      throw new TokenException(
          answered
              + (error != null
                  ? ": " + error
                  : " without an OAuth error (" + size(body, contentType) + ")"));
    }
    if (json == null) {
      throw new TokenException(
          answered + " with a body that is not JSON (" + size(body, contentType) + ")");
    }
    if (!json.isObject()) {
      throw new TokenException(answered + " with JSON that is not an object");
    }
    JsonNode access = json.get("access_token");
    if (access == null || access.isNull()) {
      String error = oauthError(json);
      throw new TokenException(
          answered + " without an access_token" + (error == null ? "" : ": " + error));
    }
    if (!access.isTextual()) {
      throw new TokenException(answered + " with an access_token that is not a string");
    }
    String token = access.textValue().strip();
    int bytes = token.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > TokenCommand.MAX_OUTPUT) {
      throw new TokenException(
          from
              + " gave an access token of "
              + bytes
              + " bytes; at most "
              + TokenCommand.MAX_OUTPUT);
    }
    TokenCheck.check(token, from);
    JsonNode type = json.get("token_type");
    if (type == null || type.isNull()) {
      throw new TokenException(answered + " without a token_type (it must be Bearer)");
    }
    if (!type.isTextual() || !type.textValue().strip().equalsIgnoreCase("Bearer")) {
      throw new TokenException(
          answered
              + " with token_type "
              + shown(type.isTextual() ? type.textValue() : type.toString(), 40)
              + ": only a Bearer token can log in by XOAUTH2");
    }
    Duration lifetime = lifetime(json.get("expires_in"), answered);
    String refresh = rotates ? refreshToken(json.get("refresh_token"), answered) : null;
    return new Answer(token, lifetime, refresh);
  }

  /** The body as JSON, or null when it is not JSON (the parser's message may quote it). */
  private static @Nullable JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (IOException | RuntimeException e) {
      // not JSON, or JSON past the parser's limits: either way no token
      return null;
    }
  }

  /** {@code error: error_description} of an OAuth error answer, or null when it is none. */
  private @Nullable String oauthError(@Nullable JsonNode json) {
    if (json == null || !json.isObject() || !json.path("error").isTextual()) {
      return null;
    }
    String error = shown(json.get("error").textValue(), 100);
    JsonNode d = json.get("error_description");
    return d != null && d.isTextual() && !d.textValue().isBlank()
        ? error + ": " + shown(d.textValue(), DESCRIPTION_CHARS)
        : error;
  }

  /**
   * {@code expires_in}: a number of seconds (a JSON number, or a string of digits as Microsoft's
   * v1.0 endpoint sends it); zero when absent.
   */
  private Duration lifetime(@Nullable JsonNode n, String answered) throws TokenException {
    if (n == null || n.isNull()) {
      return Duration.ZERO;
    }
    long seconds = -1;
    if (n.isNumber() && n.isIntegralNumber() && n.canConvertToLong()) {
      seconds = n.longValue();
    } else if (n.isNumber() && !n.isIntegralNumber() && n.doubleValue() >= 0) {
      seconds = (long) Math.min(n.doubleValue(), Long.MAX_VALUE);
    } else if (n.isTextual()) {
      String t = n.textValue().strip();
      if (!t.isEmpty() && t.length() <= 12 && t.chars().allMatch(c -> c >= '0' && c <= '9')) {
        seconds = Long.parseLong(t);
      }
    }
    if (seconds < 0) {
      throw new TokenException(
          answered
              + " with an expires_in that is not a number of seconds: "
              + shown(n.isTextual() ? n.textValue() : n.toString(), 40));
    }
    return Duration.ofSeconds(Math.min(seconds, LONGEST_LIFETIME.toSeconds()));
  }

  /** A new refresh token, or null when the answer has none. */
  private static @Nullable String refreshToken(@Nullable JsonNode n, String answered)
      throws TokenException {
    if (n == null || n.isNull()) {
      return null;
    }
    String t = n.isTextual() ? n.textValue().strip() : "";
    if (t.isEmpty()
        || t.length() > TokenCommand.MAX_OUTPUT
        || t.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new TokenException(
          answered + " with a refresh_token that is not a string of printable ASCII");
    }
    return t;
  }

  private String size(byte[] body, @Nullable String contentType) {
    return body.length
        + " bytes"
        + (contentType == null || contentType.isBlank() ? "" : " of " + shown(contentType, 100));
  }

  /**
   * Text from the endpoint as a message may show it: without the secrets, runs of line breaks and
   * tabs as one space, other control characters (and bidirectional overrides) as {@code ?}, at most
   * {@code max} characters.
   */
  String shown(String raw, int max) {
    String s = raw;
    for (Map.Entry<String, String> e : secrets.entrySet()) {
      s = s.replace(e.getKey(), e.getValue());
    }
    StringBuilder b = new StringBuilder();
    int kept = 0;
    boolean blank = false;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\r' || c == '\n' || c == '\t' || c == ' ') {
        blank = true;
        continue;
      }
      if (kept >= max) {
        return b + "...";
      }
      if (blank && b.length() > 0) {
        b.append(' ');
        kept++;
      }
      blank = false;
      boolean bidi = (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
      b.appendCodePoint(Character.isISOControl(c) || bidi ? '?' : c);
      kept++;
    }
    return b.toString();
  }
}
