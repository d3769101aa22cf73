package io.lethe.ledger;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The governance parameters the contracts read, with their ranges. Each is set only by an
 * approved set-parameter proposal and checked when proposed and when set.
 */
public final class GovernanceParameters {
  /** Most models one request's cascade may hold (default {@link Dag#MAX_CASCADE}). */
  public static final String CASCADE_CAP = Dag.CASCADE_CAP_PARAMETER;
  /** {@code true}: every parallel rewrite must carry a valid proof bundle (default false). */
  public static final String ZK_REQUIRED = "zk.required";
  /** α of the parallel cascade, {@code k_s = α·discount_s} (a decimal in (0, 16]; default 1). */
  public static final String UNLEARNING_ALPHA = "unlearning.alpha";
  /**
   * The zero-shot provider (DESIGN §7): the full identity ({@code MSPID::x509::subject::issuer},
   * as {@code lethe system info} prints {@code mspId::clientId}) that alone may record the
   * provider's masks on zero-shot requests ({@code LiveLedger:RecordMask}). Unset: nobody may.
   */
  public static final String ZEROSHOT_PROVIDER = "zeroshot.provider";

  private GovernanceParameters() {}

  /** Null when {@code value} is acceptable for {@code key}, else what is wrong. Unknown keys take any value. */
  public static String problem(String key, String value) {
    switch (key) {
      case CASCADE_CAP -> {
        int cap;
        try {
          cap = Integer.parseInt(value);
        } catch (NumberFormatException e) {
          cap = -1;
        }
        return cap >= 1 && cap <= Dag.HARD_MAX_CASCADE ? null
            : "parameter '" + key + "' must be an integer 1.." + Dag.HARD_MAX_CASCADE + ", got '" + value + "'";
      }
      case ZK_REQUIRED -> {
        return value.equals("true") || value.equals("false") ? null
            : "parameter '" + key + "' must be true or false, got '" + value + "'";
      }
      case ZEROSHOT_PROVIDER -> {
        return value.matches("[A-Za-z0-9.-]{1,64}::x509::[^:]+::[^:]+") ? null
            : "parameter '" + key + "' must be a full identity MSPID::x509::subject::issuer (lethe system info --json"
                + " prints mspId and clientId), got '" + value + "'";
      }
      case UNLEARNING_ALPHA -> {
        try {
          alpha(value);
          return null;
        } catch (IllegalArgumentException e) {
          return "parameter '" + key + "' " + e.getMessage();
        }
      }
      default -> {
        return null;
      }
    }
  }

  /** α as an exact fraction; a plain decimal in (0, 16] with at most 9 fraction digits. */
  public static Rational alpha(String value) {
    if (value == null || !value.matches("[0-9]{1,2}(\\.[0-9]{1,9})?")) {
      throw new IllegalArgumentException("must be a decimal like 1 or 0.5 (at most 9 fraction digits), got '" + value + "'");
    }
    BigDecimal d = new BigDecimal(value);
    if (d.signum() <= 0 || d.compareTo(BigDecimal.valueOf(16)) > 0) {
      throw new IllegalArgumentException("must be in (0, 16], got " + value);
    }
    return new Rational(d.unscaledValue(), BigInteger.TEN.pow(d.scale()));
  }
}
