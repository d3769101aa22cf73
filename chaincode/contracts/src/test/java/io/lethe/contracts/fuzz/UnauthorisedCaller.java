package io.lethe.contracts.fuzz;

import static io.lethe.ledger.ErrorCode.ACCESS_DENIED;

import io.lethe.contracts.fuzz.FuzzLedger.Call;
import io.lethe.ledger.Orgs;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The valid redaction, unchanged, submitted by someone who may not redact: a non-committee
 * identity (refused by the contract), or a committee identity without the endorsement of every
 * committee org (refused at commit by the key-level policies: ENDORSEMENT_POLICY_FAILURE).
 */
enum UnauthorisedCaller implements Mutation {
  FL_USER {
    @Override
    public Attempt apply(Base b, Random random) {
      String name = Encodings.pick(random, "user1", "user2", "user6", "committee1", "admin");
      return denied(b, Orgs.USERS, name, Encodings.pick(random, "client", "admin"));
    }
  },
  AUDITOR {
    @Override
    public Attempt apply(Base b, Random random) {
      return denied(b, Orgs.AUDITOR, "auditor", Encodings.pick(random, "client", "admin", "peer"));
    }
  },
  /** An MSP the channel does not know, whatever its identity claims. */
  UNKNOWN_ORG {
    @Override
    public Attempt apply(Base b, Random random) {
      String msp = Encodings.pick(random, "MalloryMSP", "committee1msp", "Committee4MSP", "Committee1MSP ", "Committee1");
      return denied(b, msp, "admin", "admin");
    }
  },
  /** A committee identity endorsed by its own org's peer only. */
  COMMITTEE_OWN_PEER_ONLY {
    @Override
    public Attempt apply(Base b, Random random) {
      String org = Encodings.pick(random, Orgs.COMMITTEE);
      return endorsedBy(b, org, random, List.of(org));
    }
  },
  /** Two of the three committee orgs (the key-level policy asks all three). */
  TWO_COMMITTEE_PEERS {
    @Override
    public Attempt apply(Base b, Random random) {
      List<String> two = new ArrayList<>(Orgs.COMMITTEE);
      two.remove(random.nextInt(3));
      return endorsedBy(b, Encodings.pick(random, two), random, two);
    }
  },
  /** One committee peer together with the non-committee orgs' peers. */
  ONE_COMMITTEE_PEER_AND_OTHERS {
    @Override
    public Attempt apply(Base b, Random random) {
      String org = Encodings.pick(random, Orgs.COMMITTEE);
      return endorsedBy(b, org, random, List.of(org, Orgs.USERS, Orgs.AUDITOR));
    }
  };

  private static Attempt denied(Base b, String msp, String name, String nodeOu) {
    Call call = new Call(msp, name, nodeOu, Orgs.COMMITTEE, b.json(), b.function());
    return Attempt.refused(ACCESS_DENIED, call, msp + " " + name + " (" + nodeOu + ")");
  }

  private static Attempt endorsedBy(Base b, String org, Random random, List<String> endorsers) {
    String nodeOu = Encodings.pick(random, "client", "admin", "peer");
    Call call = new Call(org, nodeOu + "1", nodeOu, endorsers, b.json(), b.function());
    return Attempt.policyFailure(call, org + " " + nodeOu + " endorsed by " + endorsers);
  }
}
