package io.lethe.fabric;

import java.util.List;

/** A model version to publish: its id, the content identifier and zkDigest of its weights, its refs. */
public record ModelToPublish(String id, String uri, byte[] zkDigest, List<String> refs) {
  public ModelToPublish {
    refs = List.copyOf(refs);
  }
}
