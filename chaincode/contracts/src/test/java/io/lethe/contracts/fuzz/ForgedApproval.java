package io.lethe.contracts.fuzz;

import static io.lethe.ledger.ErrorCode.ACCESS_DENIED;
import static io.lethe.ledger.ErrorCode.ALREADY_EXISTS;
import static io.lethe.ledger.ErrorCode.FAILED_PRECONDITION;
import static io.lethe.ledger.ErrorCode.INVALID_ARGUMENT;
import static io.lethe.ledger.ErrorCode.NOT_FOUND;

import io.lethe.attack.Attempt;
import io.lethe.attack.Base;
import io.lethe.attack.Call;
import io.lethe.attack.Encodings;
import io.lethe.attack.Mutation;
import io.lethe.contracts.fuzz.FuzzLedger.Proposal;
import io.lethe.contracts.governance.GovernanceContract;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Governance.Action;
import io.lethe.ledger.Json;
import io.lethe.ledger.Orgs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Governance approvals that must not count: for another action than the one proposed, from the
 * proposing org again, from a non-admin or non-committee identity, for an executed (replayed) or
 * unknown proposal, a proposal id reused to start over, and a second org's approval of the key
 * takeover endorsed by its own peer only. The valid approval they are derived from: an admin of
 * an org that has not approved yet names the pending proposal's action hash.
 */
public enum ForgedApproval implements Mutation {
  RANDOM_HASH {
    @Override
    public Attempt apply(Base b, Random random) {
      return approve(b, random, FAILED_PRECONDITION, pending(b, random), Encodings.hex(Encodings.bytes(random, 32)));
    }
  },
  /** The action hash of another proposal (pending or executed). */
  ANOTHER_PROPOSALS_HASH {
    @Override
    public Attempt apply(Base b, Random random) {
      Proposal p = pending(b, random);
      List<String> others = new ArrayList<>(FuzzLedger.EXECUTED);
      others.add(p.id().equals(FuzzLedger.PENDING_CLOSE) ? FuzzLedger.PENDING_ROTATION : FuzzLedger.PENDING_CLOSE);
      String hash = FuzzLedger.of(b).proposal(Encodings.pick(random, others)).actionHash();
      return approve(b, random, FAILED_PRECONDITION, p, hash);
    }
  },
  /** The hash of the proposed action with one field edited (what a reviewer did not see). */
  EDITED_ACTION_HASH {
    @Override
    public Attempt apply(Base b, Random random) {
      Proposal p = pending(b, random);
      Action a = p.action();
      Action edited = switch (random.nextInt(3)) {
        case 0 -> new Action(a.kind(), a.publicKey(), a.threshold(), a.reason() + ".", a.keyId(), a.verifyingKey(),
            a.parameter(), a.value(), a.requestId());
        case 1 -> a.requestId() != null
            ? new Action(a.kind(), null, null, a.reason(), null, null, null, null, FuzzLedger.FOREIGN)
            : new Action(a.kind(), Encodings.point(random), null, a.reason(), null, null, null, null, null);
        default -> new Action(a.kind().toUpperCase(Locale.ROOT), a.publicKey(), a.threshold(), a.reason(), a.keyId(),
            a.verifyingKey(), a.parameter(), a.value(), a.requestId());
      };
      return approve(b, random, FAILED_PRECONDITION, p, GovernanceContract.actionHash(edited));
    }
  },
  /** The right hash, but not as the proposal stores it (upper case, empty, absent). */
  HASH_NOT_AS_STORED {
    @Override
    public Attempt apply(Base b, Random random) {
      Proposal p = pending(b, random);
      String hash = Encodings.pick(random, p.actionHash().toUpperCase(Locale.ROOT), "", null, " " + p.actionHash(),
          p.actionHash().substring(0, 63));
      return approve(b, random, FAILED_PRECONDITION, p, hash);
    }
  },
  /** The proposing org approves again, through its admin or a second admin certificate. */
  PROPOSER_ORG_AGAIN {
    @Override
    public Attempt apply(Base b, Random random) {
      Proposal p = pending(b, random);
      String name = Encodings.pick(random, "admin", "second-admin", "admin2");
      Call call = approval(p.proposerMsp(), name, "admin", Orgs.COMMITTEE, p.id(), p.actionHash());
      return attempt(b, ALREADY_EXISTS, call, p.id() + " by " + p.proposerMsp() + " " + name);
    }
  },
  /** A client or peer identity of a committee org that has not approved yet. */
  NOT_AN_ADMIN {
    @Override
    public Attempt apply(Base b, Random random) {
      Proposal p = pending(b, random);
      String org = otherOrg(p, random);
      String ou = Encodings.pick(random, "client", "peer");
      Call call = approval(org, "admin", ou, Orgs.COMMITTEE, p.id(), p.actionHash());
      return attempt(b, ACCESS_DENIED, call, p.id() + " by " + org + " " + ou);
    }
  },
  /** An admin of an org outside the committee. */
  NOT_A_COMMITTEE_ORG {
    @Override
    public Attempt apply(Base b, Random random) {
      Proposal p = pending(b, random);
      String org = Encodings.pick(random, Orgs.USERS, Orgs.AUDITOR, "MalloryMSP");
      Call call = approval(org, "admin", "admin", Orgs.COMMITTEE, p.id(), p.actionHash());
      return attempt(b, ACCESS_DENIED, call, p.id() + " by " + org + " admin");
    }
  },
  /** An approval of a proposal that was already executed (a replay: executed at most once). */
  EXECUTED_PROPOSAL_REPLAYED {
    @Override
    public Attempt apply(Base b, Random random) {
      Proposal p = FuzzLedger.of(b).proposal(Encodings.pick(random, FuzzLedger.EXECUTED));
      String org = Encodings.pick(random, Orgs.COMMITTEE);
      Call call = approval(org, "admin", "admin", Orgs.COMMITTEE, p.id(), p.actionHash());
      return attempt(b, FAILED_PRECONDITION, call, p.id() + " by " + org);
    }
  },
  UNKNOWN_PROPOSAL {
    @Override
    public Attempt apply(Base b, Random random) {
      Proposal p = pending(b, random);
      String id = Encodings.pick(random, p.id() + "-2", "p" + random.nextInt(1_000_000), p.id().toUpperCase(Locale.ROOT));
      return approve(b, random, NOT_FOUND, new Proposal(id, p.action(), p.actionHash(), p.proposerMsp(), false),
          p.actionHash());
    }
  },
  MALFORMED_PROPOSAL_ID {
    @Override
    public Attempt apply(Base b, Random random) {
      Proposal p = pending(b, random);
      String id = Encodings.pick(random, "", " ", p.id() + " ", "a/b", "\u0000", "x".repeat(129), null);
      return approve(b, random, INVALID_ARGUMENT, new Proposal(id, p.action(), p.actionHash(), p.proposerMsp(), false),
          p.actionHash());
    }
  },
  /** Proposing again under an existing id, to start its approvals over or replace its action. */
  PROPOSAL_ID_REUSED {
    @Override
    public Attempt apply(Base b, Random random) {
      List<String> ids = new ArrayList<>(FuzzLedger.EXECUTED);
      ids.add(FuzzLedger.PENDING_ROTATION);
      ids.add(FuzzLedger.PENDING_CLOSE);
      String id = Encodings.pick(random, ids);
      String org = Encodings.pick(random, Orgs.COMMITTEE);
      Action close = new Action("close-request", null, null, "again", null, null, null, null, FuzzLedger.FOREIGN);
      Call call = new Call(identity(org, "admin", "admin"), "Governance", "Propose", Orgs.COMMITTEE, null,
          Arrays.asList(id, Json.string(close)));
      return attempt(b, ALREADY_EXISTS, call, "propose " + id + " by " + org);
    }
  },
  /** A second org's genuine approval of the key takeover, endorsed by its own peer only (the config key needs a majority). */
  OWN_PEER_ONLY {
    @Override
    public Attempt apply(Base b, Random random) {
      Proposal p = FuzzLedger.of(b).proposal(FuzzLedger.PENDING_ROTATION);
      String org = otherOrg(p, random);
      Call call = approval(org, "admin", "admin", List.of(org), p.id(), p.actionHash());
      return Attempt.policyFailure(call, p.id() + " by " + org + " endorsed by its own peer");
    }
  };

  static Proposal pending(Base b, Random random) {
    return FuzzLedger.of(b).proposal(Encodings.pick(random, FuzzLedger.PENDING_ROTATION, FuzzLedger.PENDING_CLOSE));
  }

  static String otherOrg(Proposal p, Random random) {
    List<String> others = new ArrayList<>(Orgs.COMMITTEE);
    others.remove(p.proposerMsp());
    return Encodings.pick(random, others);
  }

  /** An admin of an org that has not approved {@code p} names {@code hash}. */
  private static Attempt approve(Base b, Random random, ErrorCode code, Proposal p, String hash) {
    String org = otherOrg(p, random);
    Call call = approval(org, "admin", "admin", Orgs.COMMITTEE, p.id(), hash);
    return attempt(b, code, call, p.id() + " by " + org + " naming " + hash);
  }

  /** An approval of proposal {@code id} naming {@code hash} by {@code msp}'s {@code name} (NodeOU {@code ou}). */
  private static Call approval(String msp, String name, String ou, List<String> endorsers, String id, String hash) {
    return new Call(identity(msp, name, ou), "Governance", "Approve", endorsers, null, Arrays.asList(id, hash));
  }

  /** An identity only the in-memory peer can present: any MSP, name and NodeOU. */
  static String identity(String msp, String name, String ou) {
    return msp + "/" + name + "/" + ou;
  }

  private static Attempt attempt(Base b, ErrorCode code, Call call, String detail) {
    return Attempt.refused(code, call, detail);
  }
}
