// SPDX-License-Identifier: Apache-2.0
/**
 * The web tier of {@code dmarcpilot serve}: the Javalin server, its route table (one place: {@link
 * org.dmarcpilot.app.web.Routes}), security headers, the JTE views, {@code /health} and {@code
 * /metrics}. Pages live in {@code web.page}, the REST API in {@code web.api}, authentication in
 * {@code web.auth}, and what the web asks of the rest of the application in {@code web.data}.
 */
@NullMarked
package org.dmarcpilot.app.web;

import org.jspecify.annotations.NullMarked;
