package io.lethe.contracts.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The Maven version the chaincode jar was built as (chaincode.properties, filtered). */
public final class ChaincodeVersion {
  private static final String VERSION = load();

  private ChaincodeVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = ChaincodeVersion.class.getResourceAsStream("chaincode.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
