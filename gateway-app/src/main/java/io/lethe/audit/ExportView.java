package io.lethe.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.ledger.CanonicalBytes;
import io.lethe.ledger.Hex;
import io.lethe.ledger.LiveChainView;
import io.lethe.ledger.Records.CommitteeConfig;
import io.lethe.ledger.Records.KeyEpoch;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import io.lethe.ledger.Records.Payload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code lethe live export --json} read back as a {@link LiveChainView}, so the auditor checks
 * it with the chaincode's own {@link io.lethe.ledger.ChainVerifier}. The export carries no
 * payload hash: it is recomputed from the exported payload (the chameleon digest binds the
 * payload itself, so nothing is taken on trust by doing so).
 */
final class ExportView implements LiveChainView {
  private final String channel;
  private final CommitteeConfig config;
  private final List<LiveBlock> blocks = new ArrayList<>();
  private final Map<String, LiveTransaction> txs = new HashMap<>();
  private final Map<String, Payload> payloads = new HashMap<>();

  ExportView(JsonNode live) {
    channel = live.get("channel").asText();
    List<KeyEpoch> keys = new ArrayList<>();
    int i = 0;
    for (JsonNode k : live.get("chPublicKeys")) {
      keys.add(new KeyEpoch(i++, k.asText(), 0, null, null, null));
    }
    config = keys.isEmpty() ? null : new CommitteeConfig(keys, 0);
    for (JsonNode b : live.get("blocks")) {
      List<String> ids = new ArrayList<>();
      int index = 0;
      for (JsonNode t : b.get("transactions")) {
        String id = t.get("txId").asText();
        ids.add(id);
        List<String> refs = new ArrayList<>();
        t.get("refs").forEach(r -> refs.add(r.asText()));
        long version = t.get("version").asLong();
        String requestId = t.path("requestId").isNull() ? "" : t.path("requestId").asText("");
        Payload p = new Payload(t.get("modelUri").asText(), t.get("zkDigest").asText(), refs, version, requestId);
        byte[] msg = CanonicalBytes.payload(version, requestId, p.modelUri(), Hex.decode(p.zkDigest()), refs);
        txs.put(id, new LiveTransaction(id, t.path("owner").asText(), b.get("height").asLong(), index++,
            t.get("C").asText(), t.get("R").asText(), t.get("s").asText(), version, refs, t.get("keyIndex").asInt(),
            Hex.encode(CanonicalBytes.sha256(msg)), null, null, requestId));
        payloads.put(id, p);
      }
      blocks.add(new LiveBlock(b.get("height").asLong(), b.get("parentHash").asText(), b.get("merkleRoot").asText(),
          b.get("timestamp").asLong(), b.get("version").asLong(), b.get("chCurr").asText(),
          b.get("rCurr").get("R").asText(), b.get("rCurr").get("s").asText(), b.get("keyIndex").asInt(), ids, null));
    }
  }

  @Override
  public String channel() {
    return channel;
  }

  @Override
  public CommitteeConfig config() {
    return config;
  }

  @Override
  public long blockCount() {
    return blocks.size();
  }

  @Override
  public LiveBlock block(long height) {
    return height >= 0 && height < blocks.size() ? blocks.get((int) height) : null;
  }

  @Override
  public LiveTransaction tx(String id) {
    return txs.get(id);
  }

  @Override
  public Payload payload(String id, long version) {
    Payload p = payloads.get(id);
    return p != null && p.version() == version ? p : null;
  }
}
