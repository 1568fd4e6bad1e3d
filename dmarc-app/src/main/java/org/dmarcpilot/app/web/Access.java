// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

/** Who may call a route. */
public enum Access {
  /** Anyone: {@code /health}, the login form. */
  PUBLIC,
  /** A logged-in user (session cookie) or, under {@code /api/} and {@code /metrics}, a token. */
  USER
}
