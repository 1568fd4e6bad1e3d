// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.oauth;

/** The check every token source makes of what it got, before it is used for a login. */
final class TokenCheck {
  private TokenCheck() {}

  /**
   * Checks what a source produced: one line of printable ASCII without spaces. OAuth bearer tokens
   * are made of the RFC 6750 {@code b64token} characters (Microsoft's and Google's are); anything
   * else would also break the XOAUTH2 message, whose fields end in a control character.
   *
   * @param token what was produced, already stripped of surrounding white space
   * @param from where it came from, for the message
   * @return the token
   * @throws TokenException naming what is wrong, without the token
   * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-2.1">RFC 6750 §2.1</a>
   */
  static String check(String token, String from) throws TokenException {
    if (token.isEmpty()) {
      throw new TokenException(from + " gave no token (nothing but white space)");
    }
    long lines = token.lines().count();
    if (lines > 1) {
      throw new TokenException(
          from
              + " gave "
              + lines
              + " lines; it must give the access token alone, on one line (they are not shown"
              + " here)");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new TokenException(
            from
                + " gave something that is not an access token: character "
                + (i + 1)
                + " of "
                + token.length()
                + " is a space, a control character or not ASCII (the value is not shown here)");
      }
    }
    return token;
  }
}
