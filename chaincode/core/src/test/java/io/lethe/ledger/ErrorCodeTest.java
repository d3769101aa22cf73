package io.lethe.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErrorCodeTest {
  @Test
  void everyCodeSurvivesTheRoundTripThroughAMessage() {
    for (ErrorCode c : ErrorCode.values()) {
      String tagged = c.tag("request r1 is CLOSED\nsecond line");
      assertEquals(new ErrorCode.Coded(c, "request r1 is CLOSED\nsecond line"), ErrorCode.untag(tagged).orElseThrow());
    }
  }

  @Test
  void untaggedOrUnknownCodesAreNotRead() {
    assertTrue(ErrorCode.untag("access denied").isEmpty());
    assertTrue(ErrorCode.untag("[NO_SUCH_CODE] x").isEmpty());
    assertTrue(ErrorCode.untag("x [ACCESS_DENIED] y").isEmpty());
    assertTrue(ErrorCode.untag(null).isEmpty());
  }
}
