// SPDX-License-Identifier: Apache-2.0
/**
 * OAuth 2.0 access tokens for logging in to a mailbox with SASL XOAUTH2 (Microsoft 365, Gmail).
 * DMARC Pilot does not run an OAuth flow itself: a token comes from a command the operator names
 * (an OAuth helper that keeps the refresh token and prints a fresh access token), run without a
 * shell, bounded in time and output, on every connection; or from an environment variable. A token
 * is never kept longer than one login, and never put into a log line, an exception message or a
 * {@code toString()}.
 *
 * <pre>{@code
 * AccessTokenSource tokens = TokenCommand.parse("/usr/local/bin/mutt_oauth2.py m365.tokens");
 * String token = tokens.fetch();   // TokenException: names the command, its exit code, its stderr
 * }</pre>
 */
@NullMarked
package org.dmarcpilot.app.oauth;

import org.jspecify.annotations.NullMarked;
