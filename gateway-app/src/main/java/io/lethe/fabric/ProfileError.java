package io.lethe.fabric;

/** The connection profile, an identity of it or that identity's credentials are missing or unusable. */
public final class ProfileError extends RuntimeException {
  public ProfileError(String message) {
    super(message);
  }

  public ProfileError(String message, Throwable cause) {
    super(message, cause);
  }
}
