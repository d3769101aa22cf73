package io.lethe.contracts.fuzz;

import static io.lethe.ledger.ErrorCode.INVALID_ARGUMENT;
import static io.lethe.ledger.ErrorCode.VERIFICATION_FAILED;

import io.lethe.chameleon.Trapdoor;
import io.lethe.ledger.Inputs.HeaderAdapt;
import io.lethe.ledger.Inputs.Rewrite;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Collisions under the wrong key (the other committee epoch's, or a key outside the committee)
 * and header randomness for the wrong block, or for a missing or extra block.
 */
enum WrongKeyOrHeader implements Mutation {
  /** The model's collision computed under the other key epoch than the one it was hashed with. */
  MODEL_UNDER_OTHER_EPOCH_KEY {
    @Override
    public Attempt apply(Base b, Random random) {
      int i = b.anyRewrite(random);
      String id = b.rewrites().get(i).id();
      LiveTransaction t = b.ledger().tx(id);
      Trapdoor wrong = b.ledger().epochKey(1 - t.keyIndex());
      return b.expect(VERIFICATION_FAILED, b.replace(i, b.ledger().rewrite(FuzzLedger.OPEN, id,
          FuzzLedger.content(id, FuzzLedger.TAG), t.version() + 1, t.refs(), wrong)));
    }
  },
  /** The model's collision computed with a trapdoor outside the committee. */
  MODEL_UNDER_ATTACKER_KEY {
    @Override
    public Attempt apply(Base b, Random random) {
      int i = b.anyRewrite(random);
      String id = b.rewrites().get(i).id();
      LiveTransaction t = b.ledger().tx(id);
      return b.expect(VERIFICATION_FAILED, b.replace(i, b.ledger().rewrite(FuzzLedger.OPEN, id,
          FuzzLedger.content(id, FuzzLedger.TAG), t.version() + 1, t.refs(), b.ledger().attacker)));
    }
  },
  HEADER_UNDER_OTHER_EPOCH_KEY {
    @Override
    public Attempt apply(Base b, Random random) {
      int j = b.anyHeader(random);
      LiveBlock block = b.ledger().block(b.headers().get(j).height());
      return b.expect(VERIFICATION_FAILED, b.withHeader(j, b.ledger().header(block.height(), block.version() + 1,
          b.ledger().epochKey(1 - block.keyIndex()))));
    }
  },
  HEADER_UNDER_ATTACKER_KEY {
    @Override
    public Attempt apply(Base b, Random random) {
      int j = b.anyHeader(random);
      LiveBlock block = b.ledger().block(b.headers().get(j).height());
      return b.expect(VERIFICATION_FAILED, b.withHeader(j, b.ledger().header(block.height(), block.version() + 1,
          b.ledger().attacker)));
    }
  },
  /** A valid collision of another block's header, filed under this block's height. */
  ANOTHER_BLOCKS_HEADER_COLLISION {
    @Override
    public Attempt apply(Base b, Random random) {
      int j = b.anyHeader(random);
      long h = b.headers().get(j).height();
      long other = (h + 1 + random.nextInt((int) b.ledger().blockCount() - 1)) % b.ledger().blockCount();
      HeaderAdapt theirs = b.ledger().header(other);
      return b.expect(VERIFICATION_FAILED, b.withHeader(j, new HeaderAdapt(h, theirs.r(), theirs.s())));
    }
  },
  /** Two affected blocks' header randomness swapped. */
  HEADERS_SWAPPED {
    @Override
    public Attempt apply(Base base, Random random) {
      Base b = base;
      while (b.headers().size() < 2) {
        b = b.atLeastTwo(random).with(FuzzLedger.CASCADE.get(random.nextInt(FuzzLedger.CASCADE.size())));
      }
      int j = b.anyHeader(random);
      int k = (j + 1 + random.nextInt(b.headers().size() - 1)) % b.headers().size();
      HeaderAdapt hj = b.headers().get(j);
      HeaderAdapt hk = b.headers().get(k);
      List<HeaderAdapt> list = new ArrayList<>(b.headers());
      list.set(j, Base.randomness(hj, hk.r(), hk.s()));
      list.set(k, Base.randomness(hk, hj.r(), hj.s()));
      return b.expect(VERIFICATION_FAILED, b.withHeaders(list));
    }
  },
  /** The block's current randomness (it opens the current header version, not the next). */
  HEADER_CURRENT_RANDOMNESS_REPLAYED {
    @Override
    public Attempt apply(Base b, Random random) {
      int j = b.anyHeader(random);
      LiveBlock block = b.ledger().block(b.headers().get(j).height());
      return b.expect(VERIFICATION_FAILED, b.withHeader(j, new HeaderAdapt(block.height(), block.rCurrR(),
          block.rCurrS())));
    }
  },
  /** A rewritten model's collision used as its block's header randomness. */
  MODEL_RANDOMNESS_AS_HEADER {
    @Override
    public Attempt apply(Base b, Random random) {
      int j = b.anyHeader(random);
      Rewrite rw = b.rewrites().get(b.anyRewrite(random));
      return b.expect(VERIFICATION_FAILED, b.withHeader(j, Base.randomness(b.headers().get(j), rw.r(), rw.s())));
    }
  },
  /** An affected block without header randomness. */
  HEADER_MISSING {
    @Override
    public Attempt apply(Base b, Random random) {
      List<HeaderAdapt> list = new ArrayList<>(b.headers());
      list.remove(b.anyHeader(random));
      return b.expect(INVALID_ARGUMENT, b.withHeaders(list));
    }
  },
  HEADERS_ABSENT {
    @Override
    public Attempt apply(Base b, Random random) {
      return b.expect(INVALID_ARGUMENT, b.withHeaders(random.nextBoolean() ? null : List.of()));
    }
  },
  /** A valid header collision for a block that holds none of the rewritten models. */
  HEADER_FOR_UNAFFECTED_BLOCK {
    @Override
    public Attempt apply(Base b, Random random) {
      List<Long> unaffected = unaffected(b);
      List<HeaderAdapt> list = new ArrayList<>(b.headers());
      list.add(random.nextInt(list.size() + 1), b.ledger().header(Encodings.pick(random, unaffected)));
      return b.expect(INVALID_ARGUMENT, b.withHeaders(list));
    }
  },
  /** An affected block's header randomness filed under another height (unaffected, unknown, negative). */
  HEADER_HEIGHT_RELABELLED {
    @Override
    public Attempt apply(Base b, Random random) {
      int j = b.anyHeader(random);
      List<Long> heights = new ArrayList<>(unaffected(b));
      heights.addAll(List.of(b.ledger().blockCount(), 99L, -1L, Long.MAX_VALUE, Long.MIN_VALUE));
      HeaderAdapt h = b.headers().get(j);
      return b.expect(INVALID_ARGUMENT, b.withHeader(j, new HeaderAdapt(Encodings.pick(random, heights), h.r(), h.s())));
    }
  },
  HEADER_DUPLICATED {
    @Override
    public Attempt apply(Base b, Random random) {
      List<HeaderAdapt> list = new ArrayList<>(b.headers());
      HeaderAdapt h = list.get(b.anyHeader(random));
      list.add(random.nextInt(list.size() + 1), h);
      return b.expect(INVALID_ARGUMENT, b.withHeaders(list));
    }
  };

  private static List<Long> unaffected(Base b) {
    List<Long> out = new ArrayList<>();
    for (long h = 0; h < b.ledger().blockCount(); h++) {
      long height = h;
      if (b.headers().stream().noneMatch(x -> x.height() == height)) {
        out.add(h);
      }
    }
    return out;
  }
}
