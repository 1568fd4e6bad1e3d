// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.Objects;
import org.dmarcpilot.app.web.http.ApiDoc;
import org.jspecify.annotations.Nullable;

/**
 * One row of the route table.
 *
 * @param method the HTTP method
 * @param path the path, with {@code {name}} parameters
 * @param access who may call it
 * @param handler what answers it
 * @param doc its OpenAPI description (API routes only; null for pages)
 */
public record Route(
    HandlerType method, String path, Access access, Handler handler, @Nullable ApiDoc doc) {
  /** Checks the fields. */
  public Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(handler, "handler");
  }

  /** Whether this is a REST API route (documented in the OpenAPI document). */
  public boolean isApi() {
    return path.startsWith("/api/");
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}
