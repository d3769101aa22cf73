package io.lethe.ledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.cli.UserError;
import io.lethe.ledger.Inputs.NewModel;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.ledger.Inputs.Rewrite;
import io.lethe.ledger.Inputs;
import io.lethe.ledger.LedgerRequests.NewPayload;
import io.lethe.ledger.LedgerRequests;
import io.lethe.ledger.Orgs;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Multi-step ledger operations shared by the CLI commands, the seed scenario and the benchmark. */
public final class LedgerOps {
  private LedgerOps() {}

  /** A model to publish. */
  public record Model(String id, String uri, byte[] zkDigest, List<String> refs) {}

  /** Ways to break a redaction on purpose (end-to-end tests of the chaincode's checks). */
  public enum Forgery {
    NONE,
    RANDOMNESS,
    REFS,
    HEADER
  }

  public static ChameleonPublicKey currentKey(LedgerClient client) {
    JsonNode cfg = client.evaluate("GetCommittee");
    JsonNode keys = cfg.get("keys");
    return ChameleonPublicKey.fromHex(keys.get(keys.size() - 1).get("publicKey").asText());
  }

  /** Sets the ledger's committee key from the files unless already set to the same key. */
  public static String ensureCommitteeKey(LedgerClient committeeClient, CommitteeFiles files, int threshold) {
    String want = files.publicKey().groupKey().toHex();
    try {
      String have = currentKey(committeeClient).toHex();
      if (!have.equals(want)) {
        throw new UserError("the ledger's committee key " + have + " is not the key in " + files.dir() + " (" + want + ")");
      }
      return "committee key already set";
    } catch (UserError e) {
      if (!e.getMessage().contains("not set yet")) {
        throw e;
      }
    }
    committeeClient.setCommitteeKey(want, threshold);
    return "committee key set (" + files.publicKey().threshold() + "-of-" + files.publicKey().members()
        + " shares; redactions endorsed by " + threshold + " committee orgs)";
  }

  public static JsonNode publish(LedgerClient client, ChameleonPublicKey pk, List<Model> models, SecureRandom rnd) {
    List<NewModel> in = new ArrayList<>();
    for (Model m : models) {
      in.add(LedgerRequests.newModel(pk, client.channel(), m.id(), m.uri(), m.zkDigest(), m.refs(), rnd));
    }
    return client.publish(new Inputs.Publish(in, LedgerRequests.headerRandomness(pk, rnd)));
  }

  /** Builds (with committee collisions) a redaction of {@code ids} to synthetic payloads tagged {@code tag}. */
  public static Redaction planSynthetic(
      LedgerClient client, CommitteeFiles committee, String requestId, List<String> ids, String tag, boolean close,
      SecureRandom rnd) {
    Map<String, NewPayload> updates = new LinkedHashMap<>();
    for (String id : ids) {
      updates.put(id, new NewPayload(SyntheticModels.uri(id + "@" + tag), SyntheticModels.digest(id + "@" + tag)));
    }
    return plan(client, committee, requestId, updates, close, rnd);
  }

  public static Redaction plan(
      LedgerClient client, CommitteeFiles committee, String requestId, Map<String, NewPayload> updates, boolean close,
      SecureRandom rnd) {
    Map<String, LiveTransaction> txs = new HashMap<>();
    Map<Long, LiveBlock> blocks = new HashMap<>();
    for (String id : updates.keySet()) {
      LiveTransaction t = client.tx(id);
      txs.put(id, t);
      blocks.computeIfAbsent(t.block(), client::block);
    }
    return LedgerRequests.redaction(client.channel(), requestId, updates, txs, blocks, committee.collider(rnd), close);
  }

  public static Redaction forge(Redaction r, Forgery forgery) {
    switch (forgery) {
      case NONE:
        return r;
      case RANDOMNESS: {
        List<Rewrite> rw = new ArrayList<>(r.rewrites());
        Rewrite a = rw.get(0);
        // s + 1: still a valid scalar, no longer an opening of C.
        byte[] s = java.util.HexFormat.of().parseHex(a.s());
        s[31]++;
        rw.set(0, new Rewrite(a.id(), a.modelUri(), a.zkDigest(), a.refs(), a.r(), java.util.HexFormat.of().formatHex(s)));
        return new Redaction(r.requestId(), rw, r.headers(), r.close());
      }
      case REFS: {
        List<Rewrite> rw = new ArrayList<>(r.rewrites());
        Rewrite a = rw.get(0);
        List<String> refs = new ArrayList<>(a.refs());
        if (refs.isEmpty()) {
          throw new UserError("model " + a.id() + " has no refs to change; pick a model with refs");
        }
        refs.remove(refs.size() - 1);
        rw.set(0, new Rewrite(a.id(), a.modelUri(), a.zkDigest(), refs, a.r(), a.s()));
        return new Redaction(r.requestId(), rw, r.headers(), r.close());
      }
      case HEADER: {
        List<Inputs.HeaderAdapt> hs = new ArrayList<>(r.headers());
        Inputs.HeaderAdapt h = hs.get(0);
        byte[] s = java.util.HexFormat.of().parseHex(h.s());
        s[31]++;
        hs.set(0, new Inputs.HeaderAdapt(h.height(), h.r(), java.util.HexFormat.of().formatHex(s)));
        return new Redaction(r.requestId(), r.rewrites(), hs, r.close());
      }
      default:
        throw new IllegalArgumentException(forgery.name());
    }
  }

  public static String[] committeeOrgs() {
    return Orgs.COMMITTEE.toArray(String[]::new);
  }
}
