// SPDX-License-Identifier: Apache-2.0
/**
 * Request and response helpers shared by the pages and the API: parameter parsing that answers 400
 * with a message, the current user, the common filters, JTE rendering, route documentation.
 */
@NullMarked
package org.dmarcpilot.app.web.http;

import org.jspecify.annotations.NullMarked;
