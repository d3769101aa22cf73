package io.lethe.attack;

import static io.lethe.ledger.ErrorCode.FAILED_PRECONDITION;

import io.lethe.ledger.Inputs.Rewrite;
import io.lethe.ledger.Records.LiveTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Refs are the DAG and never change: a rewrite that names other refs than the stored ones is
 * refused, with the committee's collision over the old refs or even over the new ones. (Refs
 * are ledger ids: the edits name fixture models, unknown and malformed ids.)
 */
public enum ChangedRefs implements Mutation {
  REF_DROPPED {
    @Override
    List<String> edit(Base b, List<String> refs, String id, Random random) {
      List<String> out = new ArrayList<>(refs);
      out.remove(random.nextInt(out.size()));
      return out;
    }
  },
  REF_ADDED {
    @Override
    List<String> edit(Base b, List<String> refs, String id, Random random) {
      List<String> out = new ArrayList<>(refs);
      out.add(random.nextInt(out.size() + 1), otherModel(b, refs, id, random));
      return out;
    }
  },
  REF_REPLACED {
    @Override
    List<String> edit(Base b, List<String> refs, String id, Random random) {
      List<String> out = new ArrayList<>(refs);
      out.set(random.nextInt(out.size()), otherModel(b, refs, id, random));
      return out;
    }
  },
  REFS_REORDERED {
    @Override
    String target(Random random) {
      return Encodings.pick(random, "d", "e");
    }

    @Override
    List<String> edit(Base b, List<String> refs, String id, Random random) {
      return List.of(refs.get(1), refs.get(0));
    }
  },
  REFS_EMPTIED {
    @Override
    List<String> edit(Base b, List<String> refs, String id, Random random) {
      return List.of();
    }
  },
  REFS_NULL {
    @Override
    List<String> edit(Base b, List<String> refs, String id, Random random) {
      return null;
    }
  },
  REF_REPEATED {
    @Override
    List<String> edit(Base b, List<String> refs, String id, Random random) {
      List<String> out = new ArrayList<>(refs);
      out.add(refs.get(random.nextInt(refs.size())));
      return out;
    }
  },
  REF_TO_ITSELF {
    @Override
    List<String> edit(Base b, List<String> refs, String id, Random random) {
      List<String> out = new ArrayList<>(refs);
      out.add(id);
      return out;
    }
  },
  REF_TO_UNKNOWN_MODEL {
    @Override
    List<String> edit(Base b, List<String> refs, String id, Random random) {
      List<String> out = new ArrayList<>(refs);
      out.add("m-" + random.nextInt(1_000_000));
      return out;
    }
  },
  REF_MALFORMED {
    @Override
    List<String> edit(Base b, List<String> refs, String id, Random random) {
      List<String> out = new ArrayList<>(refs);
      out.add(Encodings.pick(random, "", "bad ref!", "a\u0000b", "ä", "a/b", " a"));
      return out;
    }
  },
  /** A model published without refs (a) given one. */
  REF_ADDED_TO_ROOT_MODEL {
    @Override
    String target(Random random) {
      return "a";
    }

    @Override
    List<String> edit(Base b, List<String> refs, String id, Random random) {
      return List.of(otherModel(b, refs, id, random));
    }
  },
  /** Changed refs with a genuine committee collision over the changed payload: refs still may not change. */
  CHANGED_WITH_FRESH_COLLISION {
    @Override
    List<String> edit(Base b, List<String> refs, String id, Random random) {
      List<String> out = new ArrayList<>(refs);
      if (random.nextBoolean()) {
        out.remove(random.nextInt(out.size()));
      } else {
        out.add(otherModel(b, refs, id, random));
      }
      return out;
    }

    @Override
    Rewrite rewrite(Base b, String name, Rewrite valid, List<String> refs) {
      LiveTransaction t = b.fx().tx(name);
      return b.fx().rewrite("r-open", name, b.fx().content(name, FuzzFixture.TAG), t.version() + 1, refs, t.keyIndex());
    }
  };

  /** The model whose refs change: any cascade model that has refs. */
  String target(Random random) {
    return Encodings.pick(random, "c", "h", "d", "e", "g");
  }

  abstract List<String> edit(Base b, List<String> refs, String id, Random random);

  Rewrite rewrite(Base b, String name, Rewrite valid, List<String> refs) {
    return Base.refs(valid, refs);
  }

  @Override
  public Attempt apply(Base base, Random random) {
    String name = target(random);
    Base b = base.with(name);
    int i = b.indexOf(name);
    Rewrite valid = b.rewrites().get(i);
    List<String> refs = edit(b, b.fx().tx(name).refs(), valid.id(), random);
    return b.expect(FAILED_PRECONDITION, b.replace(i, rewrite(b, name, valid, refs)));
  }

  private static String otherModel(Base b, List<String> refs, String id, Random random) {
    List<String> others = new ArrayList<>(FuzzFixture.ALL.stream().map(b.fx()::id).toList());
    others.removeAll(refs);
    others.remove(id);
    return Encodings.pick(random, others);
  }
}
