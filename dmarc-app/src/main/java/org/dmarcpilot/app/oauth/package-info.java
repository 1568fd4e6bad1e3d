// SPDX-License-Identifier: Apache-2.0
/**
 * OAuth 2.0 access tokens for logging in to a mailbox with SASL XOAUTH2 (Microsoft 365, Gmail). A
 * token comes from a token endpoint DMARC Pilot asks itself ({@link TokenEndpoint}: the {@code
 * client_credentials} grant for Microsoft 365 app-only access, or the {@code refresh_token} grant),
 * which keeps it until shortly before it expires; or from a command the operator names (an OAuth
 * helper that keeps the refresh token and prints a fresh access token), run without a shell,
 * bounded in time and output, on every connection; or from an environment variable. No flow that
 * needs a person (authorization code, device code) is run here. A token, a client secret or a
 * refresh token is never put into a log line, an exception message or a {@code toString()}.
 *
 * <pre>{@code
 * AccessTokenSource tokens = new TokenEndpoint(TokenRequest.clientCredentials(
 *     tokenUrl, clientId, clientSecret, "https://outlook.office365.com/.default"));
 * String token = tokens.fetch();   // TokenException: names the endpoint, its status and error
 * }</pre>
 */
@NullMarked
package org.dmarcpilot.app.oauth;

import org.jspecify.annotations.NullMarked;
