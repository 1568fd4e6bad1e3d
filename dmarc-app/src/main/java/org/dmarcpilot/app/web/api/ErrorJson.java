// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

/**
 * An error answer.
 *
 * @param status the HTTP status
 * @param error what went wrong, for a person
 */
public record ErrorJson(int status, String error) {}
