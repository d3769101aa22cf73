package io.lethe.committee.service;

/** Where member {@code member}'s service listens. */
public record Endpoint(int member, String host, int port) {
  public Endpoint {
    if (member < 1 || port < 1 || port > 65535 || host == null || host.isBlank()) {
      throw new IllegalArgumentException("bad endpoint of member " + member + ": " + host + ":" + port);
    }
  }

  /** {@code <member>=<host>:<port>}, e.g. {@code 2=127.0.0.1:7352}. */
  public static Endpoint parse(String spec) {
    int eq = spec.indexOf('=');
    int colon = spec.lastIndexOf(':');
    if (eq < 1 || colon < eq + 2) {
      throw new IllegalArgumentException("endpoint \"" + spec + "\" is not <member>=<host>:<port>");
    }
    try {
      return new Endpoint(Integer.parseInt(spec.substring(0, eq)), spec.substring(eq + 1, colon),
          Integer.parseInt(spec.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("endpoint \"" + spec + "\" is not <member>=<host>:<port>");
    }
  }

  @Override
  public String toString() {
    return CryptogenLayout.orgName(member) + " at " + host + ":" + port;
  }
}
