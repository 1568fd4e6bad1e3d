// SPDX-License-Identifier: Apache-2.0
/**
 * Authentication and request integrity for the web tier: users with bcrypt-hashed passwords,
 * server-side sessions (only a hash of the session id is stored), CSRF tokens, API tokens for
 * {@code /api/v1} (stored hashed), and login throttling.
 */
@NullMarked
package org.dmarcpilot.app.web.auth;

import org.jspecify.annotations.NullMarked;
