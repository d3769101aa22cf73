package io.lethe.attack;

import static io.lethe.ledger.ErrorCode.ACCESS_DENIED;

import io.lethe.ledger.Orgs;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The valid redaction, unchanged, submitted by someone who may not redact: an FL user or the
 * auditor (refused by the contract), a committee identity without the endorsement of every
 * committee org (refused at commit by the key-level policies: ENDORSEMENT_POLICY_FAILURE); and
 * an approval of the pending governance proposal (with its true action hash) by an identity
 * that is not a committee org's admin.
 */
public enum UnauthorisedCaller implements Mutation {
  FL_USER {
    @Override
    public Attempt apply(Base b, Random random) {
      String user = "user" + (1 + random.nextInt(14));
      return Attempt.refused(ACCESS_DENIED, as(b, user, Orgs.COMMITTEE), user + " submits the valid redaction");
    }
  },
  AUDITOR {
    @Override
    public Attempt apply(Base b, Random random) {
      String who = Encodings.pick(random, "auditor", "auditor-admin");
      List<String> endorsers = random.nextBoolean() ? Orgs.COMMITTEE : List.of(Orgs.AUDITOR, Orgs.COMMITTEE.get(0));
      return Attempt.refused(ACCESS_DENIED, as(b, who, endorsers), who + " submits the valid redaction");
    }
  },
  /** A committee org's client (not its admin) approves the pending proposal with its true action hash. */
  COMMITTEE_CLIENT_APPROVES {
    @Override
    public Attempt apply(Base b, Random random) {
      return approve(b, Encodings.pick(random, "committee1", "committee2", "committee3"));
    }
  },
  /** An FL user or the auditor's admin approves the pending proposal. */
  NON_COMMITTEE_APPROVES {
    @Override
    public Attempt apply(Base b, Random random) {
      return approve(b, Encodings.pick(random, "user1", "user" + (2 + random.nextInt(13)), "auditor", "auditor-admin"));
    }
  },
  /** A committee identity endorsed by its own org's peer only. */
  COMMITTEE_OWN_PEER_ONLY {
    @Override
    public Attempt apply(Base b, Random random) {
      int org = random.nextInt(3);
      return endorsedBy(b, org, random, List.of(Orgs.COMMITTEE.get(org)));
    }
  },
  /** Two of the three committee orgs (the key-level policy asks all three). */
  TWO_COMMITTEE_PEERS {
    @Override
    public Attempt apply(Base b, Random random) {
      List<String> two = new ArrayList<>(Orgs.COMMITTEE);
      two.remove(random.nextInt(3));
      int org = Orgs.COMMITTEE.indexOf(Encodings.pick(random, two));
      return endorsedBy(b, org, random, two);
    }
  },
  /** One committee peer together with the auditor's peer. */
  ONE_COMMITTEE_PEER_AND_AUDITOR {
    @Override
    public Attempt apply(Base b, Random random) {
      int org = random.nextInt(3);
      return endorsedBy(b, org, random, List.of(Orgs.COMMITTEE.get(org), Orgs.AUDITOR));
    }
  };

  private static Call as(Base b, String identity, List<String> endorsers) {
    return new Call(identity, Base.LIVE, b.function(), endorsers, b.json(), List.of());
  }

  private static Attempt approve(Base b, String identity) {
    Call call = new Call(identity, "Governance", "Approve", List.of(), null,
        List.of(b.fx().pendingProposal(), b.fx().pendingActionHash()));
    return Attempt.refused(ACCESS_DENIED, call, identity + " approves " + b.fx().pendingProposal());
  }

  private static Attempt endorsedBy(Base b, int org, Random random, List<String> endorsers) {
    String identity = "committee" + (org + 1) + (random.nextBoolean() ? "-admin" : "");
    Call call = new Call(identity, Base.LIVE, b.function(), endorsers, b.json(), List.of());
    return Attempt.policyFailure(call, identity + " endorsed by " + endorsers);
  }
}
