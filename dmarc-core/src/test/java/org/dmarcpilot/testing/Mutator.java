// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.testing;

import java.util.List;
import java.util.Random;

/**
 * Inputs for fuzz-style parser tests: seeded random mutations of valid records and random strings
 * over an alphabet rich in the characters the grammars care about. Seeded, so a failure repeats.
 */
public final class Mutator {
  private static final String ALPHABET =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
          + ";;;===,,,:::%%%{{}}!/ ...--~+?*@_\"\\\t\r\n\u0000\u001b\u00e9\u0430\u202e\uffff";

  private final Random random;
  private final List<String> seeds;

  /**
   * @param seed the random seed
   * @param seeds valid inputs to mutate
   */
  public Mutator(long seed, List<String> seeds) {
    this.random = new Random(seed);
    this.seeds = List.copyOf(seeds);
  }

  /** The next input: a mutated seed most of the time, sometimes a random string. */
  public String next() {
    if (random.nextInt(10) == 0) {
      return randomString(random.nextInt(80));
    }
    StringBuilder s = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
    int mutations = 1 + random.nextInt(4);
    for (int m = 0; m < mutations; m++) {
      int len = s.length();
      int at = len == 0 ? 0 : random.nextInt(len + 1);
      switch (random.nextInt(6)) {
        case 0 -> s.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        case 1 -> {
          if (len > 0) {
            int end = Math.min(len, at + 1 + random.nextInt(8));
            s.delete(Math.min(at, len - 1), end);
          }
        }
        case 2 -> {
          if (len > 0) {
            int start = random.nextInt(len);
            int end = Math.min(len, start + 1 + random.nextInt(20));
            s.insert(at, s.substring(start, end));
          }
        }
        case 3 -> {
          if (len > 0) {
            s.setCharAt(Math.min(at, len - 1), ALPHABET.charAt(random.nextInt(ALPHABET.length())));
          }
        }
        case 4 -> s.insert(at, randomString(1 + random.nextInt(6)));
        default -> s.append(s, 0, Math.min(len, random.nextInt(40)));
      }
    }
    return s.toString();
  }

  private String randomString(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
