package io.lethe.redaction;

import io.lethe.ledger.Inputs;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Inputs.Rewrite;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Test only: ways to break a valid redaction on purpose, to check that the chaincode refuses each. */
public enum Forgery {
  /** The first rewrite's s + 1: still a valid scalar, no longer an opening of C. */
  RANDOMNESS,
  /** The first rewrite's refs lose their last entry (refs never change). */
  REFS,
  /** The first adapted header's s + 1. */
  HEADER;

  public Redaction apply(Redaction r) {
    return switch (this) {
      case RANDOMNESS -> {
        List<Rewrite> rw = new ArrayList<>(r.rewrites());
        Rewrite a = rw.get(0);
        rw.set(0, new Rewrite(a.id(), a.modelUri(), a.zkDigest(), a.refs(), a.r(), plusOne(a.s())));
        yield new Redaction(r.requestId(), rw, r.headers(), r.close());
      }
      case REFS -> {
        List<Rewrite> rw = new ArrayList<>(r.rewrites());
        Rewrite a = rw.get(0);
        if (a.refs().isEmpty()) {
          throw new IllegalArgumentException("model " + a.id() + " has no refs to change; pick a model with refs");
        }
        List<String> refs = new ArrayList<>(a.refs());
        refs.remove(refs.size() - 1);
        rw.set(0, new Rewrite(a.id(), a.modelUri(), a.zkDigest(), refs, a.r(), a.s()));
        yield new Redaction(r.requestId(), rw, r.headers(), r.close());
      }
      case HEADER -> {
        List<Inputs.HeaderAdapt> hs = new ArrayList<>(r.headers());
        Inputs.HeaderAdapt h = hs.get(0);
        hs.set(0, new Inputs.HeaderAdapt(h.height(), h.r(), plusOne(h.s())));
        yield new Redaction(r.requestId(), r.rewrites(), hs, r.close());
      }
    };
  }

  private static String plusOne(String scalarHex) {
    byte[] s = HexFormat.of().parseHex(scalarHex);
    s[31]++;
    return HexFormat.of().formatHex(s);
  }
}
