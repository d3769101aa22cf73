package io.lethe.attack;

import static io.lethe.ledger.ErrorCode.INVALID_ARGUMENT;
import static io.lethe.ledger.ErrorCode.VERIFICATION_FAILED;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.ledger.Inputs.HeaderAdapt;
import io.lethe.ledger.Inputs.Rewrite;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Collisions under the wrong key (the other committee key epoch's, or a key outside the
 * committee), a key index named by the caller, and header randomness for the wrong block, or
 * for a missing or extra block.
 */
public enum WrongKey implements Mutation {
  /** The model's collision computed under the other key epoch than the one it was hashed with. */
  MODEL_UNDER_OTHER_EPOCH_KEY {
    @Override
    public boolean applicable(FuzzFixture fx) {
      return fx.twoEpochs();
    }

    @Override
    public Attempt apply(Base b, Random random) {
      int i = b.anyRewrite(random);
      String name = b.nameOf(i);
      LiveTransaction t = b.fx().tx(name);
      return b.expect(VERIFICATION_FAILED, b.replace(i, b.fx().rewrite("r-open", name,
          b.fx().content(name, FuzzFixture.TAG), t.version() + 1, t.refs(), otherEpoch(b.fx(), t.keyIndex()))));
    }
  },
  /** The model's collision computed with a trapdoor outside the committee. */
  MODEL_UNDER_ATTACKER_KEY {
    @Override
    public Attempt apply(Base b, Random random) {
      int i = b.anyRewrite(random);
      String name = b.nameOf(i);
      LiveTransaction t = b.fx().tx(name);
      return b.expect(VERIFICATION_FAILED, b.replace(i, b.fx().rewrite("r-open", name,
          b.fx().content(name, FuzzFixture.TAG), t.version() + 1, t.refs(), -1)));
    }
  },
  HEADER_UNDER_OTHER_EPOCH_KEY {
    @Override
    public boolean applicable(FuzzFixture fx) {
      return fx.twoEpochs();
    }

    @Override
    public Attempt apply(Base b, Random random) {
      int j = b.anyHeader(random);
      LiveBlock block = b.fx().block(b.headers().get(j).height());
      return b.expect(VERIFICATION_FAILED, b.withHeader(j, b.fx().header(block.height(), block.version() + 1,
          otherEpoch(b.fx(), block.keyIndex()))));
    }
  },
  HEADER_UNDER_ATTACKER_KEY {
    @Override
    public Attempt apply(Base b, Random random) {
      int j = b.anyHeader(random);
      LiveBlock block = b.fx().block(b.headers().get(j).height());
      return b.expect(VERIFICATION_FAILED, b.withHeader(j, b.fx().header(block.height(), block.version() + 1, -1)));
    }
  },
  /** The caller names the key epoch to verify under (no such field: the ledger's record decides). */
  KEY_INDEX_NAMED_BY_CALLER {
    @Override
    public Attempt apply(Base b, Random random) {
      ObjectNode tree = MalformedInput.tree(b);
      ObjectNode target = random.nextBoolean() ? MalformedInput.anyRewrite(tree, random) : MalformedInput.anyHeader(tree, random);
      target.put("keyIndex", random.nextInt(3));
      return b.expect(INVALID_ARGUMENT, MalformedInput.bytes(tree));
    }
  },
  /** A valid collision of another block's header, filed under this block's height. */
  ANOTHER_BLOCKS_HEADER_COLLISION {
    @Override
    public Attempt apply(Base b, Random random) {
      int j = b.anyHeader(random);
      long h = b.headers().get(j).height();
      List<Long> others = new ArrayList<>(b.fx().heights());
      others.remove(h);
      HeaderAdapt theirs = b.fx().header(Encodings.pick(random, others));
      return b.expect(VERIFICATION_FAILED, b.withHeader(j, new HeaderAdapt(h, theirs.r(), theirs.s())));
    }
  },
  /** Two affected blocks' header randomness swapped. */
  HEADERS_SWAPPED {
    @Override
    public Attempt apply(Base base, Random random) {
      Base b = base;
      while (b.headers().size() < 2) {
        b = b.atLeastTwo(random).with(Encodings.pick(random, FuzzFixture.CASCADE));
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
      LiveBlock block = b.fx().block(b.headers().get(j).height());
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
  /** No header randomness at all: the field absent (null) or an empty list. */
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
      List<HeaderAdapt> list = new ArrayList<>(b.headers());
      list.add(random.nextInt(list.size() + 1), b.fx().header(Encodings.pick(random, unaffected(b))));
      return b.expect(INVALID_ARGUMENT, b.withHeaders(list));
    }
  },
  /** An affected block's header randomness filed under another height (unaffected, unknown, negative). */
  HEADER_HEIGHT_RELABELLED {
    @Override
    public Attempt apply(Base b, Random random) {
      int j = b.anyHeader(random);
      List<Long> heights = new ArrayList<>(unaffected(b));
      heights.addAll(List.of(999_999_999L, -1L, Long.MAX_VALUE, Long.MIN_VALUE));
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

  private static int otherEpoch(FuzzFixture fx, int keyIndex) {
    int a = fx.tx("a").keyIndex();
    int e = fx.tx("e").keyIndex();
    return keyIndex == a ? e : a;
  }

  private static List<Long> unaffected(Base b) {
    List<Long> out = new ArrayList<>();
    for (long h : b.fx().heights()) {
      if (b.headers().stream().noneMatch(x -> x.height() == h)) {
        out.add(h);
      }
    }
    return out;
  }
}
