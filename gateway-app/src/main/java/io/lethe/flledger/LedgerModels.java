package io.lethe.flledger;

import com.fasterxml.jackson.databind.JsonNode;
import io.lethe.fabric.LedgerClient;
import io.lethe.store.ContentStore;
import java.io.IOException;

/** Reading a model's current version off the ledger and its file out of a content store. */
public final class LedgerModels {
  private LedgerModels() {}

  /** A model's current version: ledger record, the file it names, and the seconds the store read took. */
  public record Current(String id, String owner, long version, String cid, String zkDigest, FixedPointModel model,
      double storeSeconds) {}

  /**
   * Fetches the file the ledger names for {@code id} from {@code store} (which re-hashes it
   * against the CID) and checks that the file's zkDigest is the ledger's.
   */
  public static Current fetch(LedgerClient client, ContentStore store, String id) throws IOException {
    JsonNode m = client.evaluate("GetModel", id);
    String cid = m.get("payload").get("modelUri").asText();
    String digest = m.get("payload").get("zkDigest").asText();
    long t0 = System.nanoTime();
    byte[] file = store.get(cid).orElseThrow(() -> new IOException(
        "model " + id + ": its file " + cid + " is not in the live store"));
    double storeSeconds = (System.nanoTime() - t0) / 1e9;
    FixedPointModel fm = FixedPointModel.read(file);
    if (!fm.cid().equals(cid)) {
      throw new IOException("model " + id + ": the store returned a file whose CID is " + fm.cid() + ", not " + cid);
    }
    if (!fm.zkDigestHex().equals(digest)) {
      throw new IOException("model " + id + ": the file's zkDigest " + fm.zkDigestHex() + " is not the ledger's " + digest);
    }
    return new Current(id, m.get("transaction").get("owner").asText(), m.get("transaction").get("version").asLong(),
        cid, digest, fm, storeSeconds);
  }
}
