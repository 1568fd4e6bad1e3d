// SPDX-License-Identifier: Apache-2.0
/**
 * The dashboard pages: handlers that parse the request, ask one service and render a JTE template
 * with a view record. Templates escape everything they print (JTE's HTML content type).
 */
@NullMarked
package org.dmarcpilot.app.web.page;

import org.jspecify.annotations.NullMarked;
