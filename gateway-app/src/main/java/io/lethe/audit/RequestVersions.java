package io.lethe.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The model versions one request touched, read off the exports: for each rewrite, the version
 * it superseded (archive) and the version it wrote (live, or archive if a later request
 * rewrote it again).
 */
record RequestVersions(List<Pair> pairs, List<StoreAudit.Version> superseded, List<StoreAudit.Version> current) {
  record Version(long version, String cid, String zkDigest) {}

  record Pair(String model, Version before, Version after, boolean afterSuperseded) {}

  static RequestVersions of(JsonNode live, JsonNode archive, List<ChainAudit.Change> changes) {
    Map<String, JsonNode> liveTx = new HashMap<>();
    for (JsonNode b : live.get("blocks")) {
      for (JsonNode t : b.get("transactions")) {
        liveTx.put(t.get("txId").asText(), t);
      }
    }
    Map<String, JsonNode> archived = new HashMap<>();
    for (JsonNode b : archive.get("blocks")) {
      for (JsonNode e : b.get("entries")) {
        archived.put(e.get("txId").asText() + "@" + e.get("version").asLong(), e);
      }
    }
    List<Pair> pairs = new ArrayList<>();
    List<StoreAudit.Version> superseded = new ArrayList<>();
    List<StoreAudit.Version> current = new ArrayList<>();
    for (ChainAudit.Change c : changes) {
      JsonNode before = archived.get(c.model() + "@" + c.fromVersion());
      JsonNode t = liveTx.get(c.model());
      JsonNode after = t != null && t.get("version").asLong() == c.toVersion() ? t
          : archived.get(c.model() + "@" + c.toVersion());
      if (before == null || after == null) {
        continue; // the chains check names what the archive lacks
      }
      boolean afterSuperseded = after != t;
      Version bv = new Version(c.fromVersion(), before.get("modelUri").asText(), before.get("zkDigest").asText());
      Version av = new Version(c.toVersion(), after.get("modelUri").asText(), after.get("zkDigest").asText());
      pairs.add(new Pair(c.model(), bv, av, afterSuperseded));
      superseded.add(new StoreAudit.Version(c.model(), bv.version(), bv.cid()));
      (afterSuperseded ? superseded : current).add(new StoreAudit.Version(c.model(), av.version(), av.cid()));
    }
    return new RequestVersions(pairs, superseded, current);
  }
}
