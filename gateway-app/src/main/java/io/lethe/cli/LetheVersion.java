package io.lethe.cli;

import picocli.CommandLine;

/** Reads the version Maven stamped into the jar manifest (falls back to "dev" from an IDE). */
public final class LetheVersion implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Lethe.class.getPackage().getImplementationVersion();
    return new String[] {"lethe " + (v == null ? "dev" : v)};
  }
}
