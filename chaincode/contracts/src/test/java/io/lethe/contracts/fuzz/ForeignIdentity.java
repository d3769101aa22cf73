package io.lethe.contracts.fuzz;

import static io.lethe.ledger.ErrorCode.ACCESS_DENIED;

import io.lethe.attack.Attempt;
import io.lethe.attack.Base;
import io.lethe.attack.Call;
import io.lethe.attack.Encodings;
import io.lethe.attack.Mutation;
import io.lethe.ledger.Orgs;
import java.util.List;
import java.util.Random;

/**
 * The valid redaction, unchanged, submitted under an identity a network client cannot present
 * (the channel's MSPs would not let it sign a proposal at all), so only the in-memory peer
 * tries it: the contract must refuse it on its own.
 */
public enum ForeignIdentity implements Mutation {
  /** An MSP the channel does not know, whatever its identity claims (look-alikes of committee MSP ids included). */
  UNKNOWN_ORG {
    @Override
    public Attempt apply(Base b, Random random) {
      String msp = Encodings.pick(random, "MalloryMSP", "committee1msp", "Committee4MSP", "Committee1MSP ", "Committee1");
      return as(b, msp, "admin", "admin");
    }
  },
  /** A non-committee org's admin or peer certificate (the network's profiles hold only its clients and admin). */
  NON_COMMITTEE_ADMIN_OR_PEER {
    @Override
    public Attempt apply(Base b, Random random) {
      String ou = Encodings.pick(random, "admin", "peer");
      return as(b, Encodings.pick(random, Orgs.USERS, Orgs.AUDITOR), ou, ou);
    }
  };

  private static Attempt as(Base b, String msp, String name, String ou) {
    Call call = new Call(ForgedApproval.identity(msp, name, ou), Base.LIVE, b.function(), Orgs.COMMITTEE, b.json(),
        List.of());
    return Attempt.refused(ACCESS_DENIED, call, msp + " " + name + " (" + ou + ")");
  }
}
