package io.lethe.contracts.system;

import org.hyperledger.fabric.contract.annotation.DataType;
import org.hyperledger.fabric.contract.annotation.Property;

/** A governance parameter as stored on the ledger: its value and the committee org that set it. */
@DataType
public final class Parameter {
  @Property private final String key;
  @Property private final String value;
  @Property private final String setBy;
  @Property private final String txId;

  public Parameter(String key, String value, String setBy, String txId) {
    this.key = key;
    this.value = value;
    this.setBy = setBy;
    this.txId = txId;
  }

  public String getKey() {
    return key;
  }

  public String getValue() {
    return value;
  }

  public String getSetBy() {
    return setBy;
  }

  public String getTxId() {
    return txId;
  }

  /** Ledger encoding: four length-prefixed UTF-8 fields, so values may hold any character. */
  public byte[] toBytes() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (String f : new String[] {key, value, setBy, txId}) {
      byte[] b = f.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.write(b.length >>> 24);
      out.write(b.length >>> 16);
      out.write(b.length >>> 8);
      out.write(b.length);
      out.writeBytes(b);
    }
    return out.toByteArray();
  }

  static Parameter fromBytes(byte[] bytes) {
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
    String[] f = new String[4];
    for (int i = 0; i < 4; i++) {
      byte[] b = new byte[in.getInt()];
      in.get(b);
      f[i] = new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
    return new Parameter(f[0], f[1], f[2], f[3]);
  }
}
