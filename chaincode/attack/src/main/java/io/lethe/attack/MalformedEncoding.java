package io.lethe.attack;

import static io.lethe.ledger.ErrorCode.INVALID_ARGUMENT;
import static io.lethe.ledger.ErrorCode.VERIFICATION_FAILED;

import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Inputs.HeaderAdapt;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Inputs.Rewrite;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Points and scalars that are not the one canonical encoding of a group element, in a model's
 * or a block header's randomness: off-curve, the identity, x ≥ p, wrong SEC1 prefix,
 * uncompressed, s ≥ n, wrong lengths. The right length reaches the chameleon hash (which
 * refuses to decode them: VERIFICATION_FAILED); a wrong length is refused as input.
 */
public enum MalformedEncoding implements Mutation {
  R_OFF_CURVE(VERIFICATION_FAILED, (r, old) -> (r.nextBoolean() ? "02" : "03") + Encodings.hex(Encodings.offCurveX(r)), null),
  R_IDENTITY_AS_ZEROS(VERIFICATION_FAILED, (r, old) -> "00".repeat(33), null),
  R_X_AT_LEAST_P(VERIFICATION_FAILED, (r, old) -> Encodings.xAtLeastP(r), null),
  R_BAD_PREFIX(VERIFICATION_FAILED,
      (r, old) -> Encodings.pick(r, "00", "01", "04", "05", "06", "07", "ff", "82", "83") + old.substring(2), null),
  R_UNCOMPRESSED(INVALID_ARGUMENT, (r, old) -> Encodings.uncompressed(r), null),
  R_IDENTITY_ONE_BYTE(INVALID_ARGUMENT, (r, old) -> "00", null),
  R_TRUNCATED(INVALID_ARGUMENT, (r, old) -> old.substring(0, 2 * (1 + r.nextInt(32))), null),
  S_AT_LEAST_N(VERIFICATION_FAILED, null, (r, old) -> Encodings.scalarAtLeastN(r)),
  S_EQUALS_N(VERIFICATION_FAILED, null, (r, old) -> Encodings.n()),
  S_ALL_ONES(VERIFICATION_FAILED, null, (r, old) -> "ff".repeat(32)),
  S_ZERO(VERIFICATION_FAILED, null, (r, old) -> "00".repeat(32)),
  S_SHORT(INVALID_ARGUMENT, null, (r, old) -> old.substring(2 * (1 + r.nextInt(31)))),
  S_LEADING_ZERO_BYTE(INVALID_ARGUMENT, null, (r, old) -> "00" + old),
  S_AS_POINT(INVALID_ARGUMENT, null, (r, old) -> Encodings.point(r));

  private final ErrorCode code;
  private final BiFunction<Random, String, String> newR;
  private final BiFunction<Random, String, String> newS;

  MalformedEncoding(ErrorCode code, BiFunction<Random, String, String> newR, BiFunction<Random, String, String> newS) {
    this.code = code;
    this.newR = newR;
    this.newS = newS;
  }

  @Override
  public Attempt apply(Base b, Random random) {
    Redaction r;
    if (random.nextBoolean()) {
      int i = b.anyRewrite(random);
      Rewrite rw = b.rewrites().get(i);
      r = b.withRandomness(i, edit(newR, random, rw.r()), edit(newS, random, rw.s()));
    } else {
      int j = b.anyHeader(random);
      HeaderAdapt h = b.headers().get(j);
      r = b.withHeader(j, Base.randomness(h, edit(newR, random, h.r()), edit(newS, random, h.s())));
    }
    return b.expect(code, r);
  }

  private static String edit(BiFunction<Random, String, String> f, Random random, String old) {
    return f == null ? old : f.apply(random, old);
  }
}
