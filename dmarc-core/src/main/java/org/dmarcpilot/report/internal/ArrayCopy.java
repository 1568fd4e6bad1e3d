// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.internal;

import java.util.Arrays;

/** The copy of a unit that is already in memory: nothing is copied unless a failure asks for it. */
public final class ArrayCopy implements UnitCopy {
  private final byte[] data;
  private final int cap;

  /** The unit {@code data}, of which a failure keeps at most {@code cap} bytes. */
  public ArrayCopy(byte[] data, int cap) {
    this.data = data;
    this.cap = cap;
  }

  @Override
  public void drain() {
    // the whole unit is at hand
  }

  @Override
  public byte[] copy() {
    return Arrays.copyOf(data, Math.min(cap, data.length));
  }

  @Override
  public boolean truncated() {
    return data.length > cap;
  }

  @Override
  public long size() {
    return data.length;
  }
}
