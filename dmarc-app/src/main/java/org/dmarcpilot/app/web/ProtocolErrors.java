// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.dmarcpilot.app.web.api.ErrorJson;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to requests the HTTP layer refuses before any route runs (a NUL or bad UTF-8 in the
 * path, a control character in a header, headers too large, a malformed Host): the security headers
 * every answer has, JSON on API paths and plain text elsewhere, instead of Jetty's HTML page. The
 * reason is Jetty's short description; nothing of the request is echoed.
 */
final class ProtocolErrors extends ErrorHandler {
  private final ObjectMapper mapper;

  ProtocolErrors(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    if (status < 400) {
      status = HttpStatus.INTERNAL_SERVER_ERROR_500;
      response.setStatus(status);
    }
    Object m = request.getAttribute(ERROR_MESSAGE);
    String reason = HttpStatus.getMessage(status);
    String message =
        m instanceof String s && !s.isBlank() && !s.equals(reason)
            ? reason + ": " + printable(s)
            : reason;
    HttpFields.Mutable h = response.getHeaders();
    String path = Request.getPathInContext(request);
    SecurityHeaders.apply(h::put, path, request.isSecure());
    h.put(HttpHeader.CACHE_CONTROL, "no-store"); // also for a refused /static/ path
    byte[] body;
    if (RequestGuard.machineRoute(path)) {
      h.put(HttpHeader.CONTENT_TYPE, "application/json");
      body = json(new ErrorJson(status, message));
    } else {
      h.put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
      body = (status + " " + message + "\n").getBytes(StandardCharsets.UTF_8);
    }
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  private byte[] json(ErrorJson e) {
    try {
      return mapper.writeValueAsBytes(e);
    } catch (JsonProcessingException x) {
      return ("{\"status\":" + e.status() + "}").getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Jetty's reason without anything a terminal or page could take as markup or control. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), 120));
    for (int i = 0; i < s.length() && b.length() < 120; i++) {
      char c = s.charAt(i);
      b.append(c < ' ' || c == 0x7f || c == '<' || c == '>' || c == '&' ? '?' : c);
    }
    return b.toString();
  }
}
