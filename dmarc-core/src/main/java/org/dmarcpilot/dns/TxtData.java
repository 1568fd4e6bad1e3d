// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dns;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One TXT record: its character-strings as sent (each at most 255 octets on the wire) and the octet
 * length of each, so that checks can tell how a record was split. {@link #text()} joins the strings
 * without a separator, as RFC 7208 §3.3 and RFC 9989 prescribe for SPF and DMARC.
 *
 * @param strings the character-strings, decoded as UTF-8 (invalid bytes become U+FFFD)
 * @param octets the length in octets of each string as received, same size as {@code strings}
 * @param malformed whether some string was not valid UTF-8
 */
public record TxtData(List<String> strings, List<Integer> octets, boolean malformed)
    implements ResourceData {
  public TxtData {
    strings = List.copyOf(strings);
    octets = List.copyOf(octets);
    if (strings.size() != octets.size()) {
      throw new IllegalArgumentException("strings and octets differ in size");
    }
  }

  /** A TXT record of the given strings; the octet lengths are their UTF-8 lengths. */
  public static TxtData of(String... strings) {
    return of(List.of(strings));
  }

  /** A TXT record of the given strings; the octet lengths are their UTF-8 lengths. */
  public static TxtData of(List<String> strings) {
    List<Integer> octets = new ArrayList<>(strings.size());
    for (String s : strings) {
      octets.add(Objects.requireNonNull(s, "string").getBytes(StandardCharsets.UTF_8).length);
    }
    return new TxtData(strings, octets, false);
  }

  /** A TXT record from the raw character-strings as received from the wire. */
  public static TxtData ofOctets(List<byte[]> raw) {
    List<String> strings = new ArrayList<>(raw.size());
    List<Integer> octets = new ArrayList<>(raw.size());
    boolean malformed = false;
    for (byte[] b : raw) {
      octets.add(b.length);
      try {
        strings.add(
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(b))
                .toString());
      } catch (CharacterCodingException e) {
        malformed = true;
        strings.add(new String(b, StandardCharsets.UTF_8));
      }
    }
    return new TxtData(strings, octets, malformed);
  }

  /** The strings joined without a separator. */
  public String text() {
    return String.join("", strings);
  }

  /** The total length in octets of all strings. */
  public int totalOctets() {
    int sum = 0;
    for (int o : octets) {
      sum += o;
    }
    return sum;
  }

  @Override
  public String presentation() {
    StringBuilder sb = new StringBuilder();
    for (String s : strings) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '"' || c == '\\') {
          sb.append('\\');
        }
        sb.append(c);
      }
      sb.append('"');
    }
    return sb.toString();
  }
}
