// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.http;

import io.javalin.http.Context;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

/**
 * Room for clients that download slowly. The server closes a connection that makes no progress for
 * its idle timeout (30 s by default); a large download to a slow or paused client can go that long
 * without a write completing (the socket's buffers are full), and the client would get a cut-off
 * body. A download route gives its connection {@link #DOWNLOAD_IDLE_TIMEOUT} instead, until the
 * response is complete.
 */
public final class SlowClients {
  /** How long a download may make no progress before its connection is closed. */
  public static final Duration DOWNLOAD_IDLE_TIMEOUT = Duration.ofMinutes(10);

  private SlowClients() {}

  /**
   * Gives the connection of {@code ctx} at least {@link #DOWNLOAD_IDLE_TIMEOUT} of idle time until
   * the response is complete, then its own timeout again.
   */
  public static void allowDownload(Context ctx) {
    ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
    if (request == null) {
      return; // not served by Jetty (a test double): nothing to raise
    }
    EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
    long before = endPoint.getIdleTimeout();
    long allowed = DOWNLOAD_IDLE_TIMEOUT.toMillis();
    if (before >= allowed) {
      return;
    }
    endPoint.setIdleTimeout(allowed);
    Request.addCompletionListener(request, failure -> endPoint.setIdleTimeout(before));
  }
}
