// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dkim;

import java.io.ByteArrayOutputStream;

/** The little DER writing DKIM key handling needs. */
final class Der {
  /** AlgorithmIdentifier for rsaEncryption with NULL parameters. */
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  private Der() {}

  /** Wraps a PKCS#1 RSAPublicKey in a SubjectPublicKeyInfo. */
  static byte[] wrapRsaPublicKey(byte[] pkcs1) {
    ByteArrayOutputStream bitString = new ByteArrayOutputStream();
    bitString.write(0x03);
    writeLength(bitString, pkcs1.length + 1);
    bitString.write(0x00);
    bitString.writeBytes(pkcs1);
    byte[] body = concat(RSA_ALGORITHM, bitString.toByteArray());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    writeLength(out, body.length);
    out.writeBytes(body);
    return out.toByteArray();
  }

  private static void writeLength(ByteArrayOutputStream out, int length) {
    if (length < 0x80) {
      out.write(length);
    } else if (length < 0x100) {
      out.write(0x81);
      out.write(length);
    } else if (length < 0x10000) {
      out.write(0x82);
      out.write(length >> 8);
      out.write(length);
    } else {
      out.write(0x83);
      out.write(length >> 16);
      out.write(length >> 8);
      out.write(length);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
