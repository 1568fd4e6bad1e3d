// SPDX-License-Identifier: Apache-2.0
/**
 * The REST API under {@code /api/v1}: thin handlers that parse a request, call one service and
 * return a {@code *Json} record; and the OpenAPI 3 document built from the route table.
 */
@NullMarked
package org.dmarcpilot.app.web.api;

import org.jspecify.annotations.NullMarked;
