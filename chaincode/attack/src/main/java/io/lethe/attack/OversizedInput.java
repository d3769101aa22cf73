package io.lethe.attack;

import static io.lethe.ledger.ErrorCode.FAILED_PRECONDITION;
import static io.lethe.ledger.ErrorCode.INVALID_ARGUMENT;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Inputs.HeaderAdapt;
import io.lethe.ledger.Inputs.Rewrite;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Inputs past a size limit: the whole JSON (past the chaincode's 4 MiB input cap), the batch, a
 * URI, a digest, an id, a hex field, refs, headers, a number.
 */
public enum OversizedInput implements Mutation {
  /** The valid JSON padded with whitespace past the chaincode's input cap (refused before parsing). */
  JSON_OVER_LIMIT {
    @Override
    public Attempt apply(Base b, Random random) {
      byte[] json = b.json();
      int size = MAX_INPUT_BYTES + 1 + random.nextInt(64 * 1024);
      byte[] padded = new byte[size];
      padded[0] = '{';
      Arrays.fill(padded, 1, size - json.length + 1, (byte) ' ');
      System.arraycopy(json, 1, padded, size - json.length + 1, json.length - 1);
      return b.expect(INVALID_ARGUMENT, padded);
    }
  },
  /** More rewrites than one transaction may carry (the valid ones, repeated). */
  TOO_MANY_REWRITES {
    @Override
    public Attempt apply(Base b, Random random) {
      int n = 513 + random.nextInt(200);
      List<Rewrite> many = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        many.add(b.rewrites().get(i % b.rewrites().size()));
      }
      return b.expect(INVALID_ARGUMENT, b.withRewrites(many));
    }
  },
  URI_TOO_LONG {
    @Override
    void edit(ObjectNode tree, Random random) {
      MalformedInput.anyRewrite(tree, random).put("modelUri", "u".repeat(513 + random.nextInt(100_000)));
    }
  },
  DIGEST_TOO_LONG {
    @Override
    void edit(ObjectNode tree, Random random) {
      MalformedInput.anyRewrite(tree, random).put("zkDigest", "ab".repeat(65 + random.nextInt(20_000)));
    }
  },
  MODEL_ID_TOO_LONG {
    @Override
    void edit(ObjectNode tree, Random random) {
      MalformedInput.anyRewrite(tree, random).put("id", "m".repeat(129 + random.nextInt(10_000)));
    }
  },
  REQUEST_ID_TOO_LONG {
    @Override
    void edit(ObjectNode tree, Random random) {
      tree.put("requestId", "r".repeat(129 + random.nextInt(10_000)));
    }
  },
  /** R or s (of a rewrite or a header) far longer than a point or a scalar. */
  HEX_FIELD_TOO_LONG {
    @Override
    void edit(ObjectNode tree, Random random) {
      ObjectNode target = random.nextBoolean() ? MalformedInput.anyRewrite(tree, random) : MalformedInput.anyHeader(tree, random);
      target.put(Encodings.pick(random, "r", "s"), "02".repeat(34 + random.nextInt(50_000)));
    }
  },
  /** Thousands of refs (refs are compared with the stored ones first: FAILED_PRECONDITION). */
  TOO_MANY_REFS(FAILED_PRECONDITION) {
    @Override
    void edit(ObjectNode tree, Random random) {
      ArrayNode refs = MalformedInput.anyRewrite(tree, random).putArray("refs");
      for (int i = 17 + random.nextInt(5_000); i > 0; i--) {
        refs.add("m-" + i);
      }
    }
  },
  /** Header randomness for thousands of heights besides the affected blocks. */
  TOO_MANY_HEADERS {
    @Override
    public Attempt apply(Base b, Random random) {
      List<HeaderAdapt> headers = new ArrayList<>(b.headers());
      HeaderAdapt h = headers.get(0);
      for (long height = 1_000_000; height < 1_000_000 + 1_000 + random.nextInt(20_000); height++) {
        headers.add(new HeaderAdapt(height, h.r(), h.s()));
      }
      return b.expect(INVALID_ARGUMENT, b.withHeaders(headers));
    }
  },
  /** A header height with more digits than a long holds. */
  NUMBER_TOO_LONG {
    @Override
    public Attempt apply(Base b, Random random) {
      String json = MalformedInput.text(b);
      String digits = "9".repeat(20 + random.nextInt(5_000));
      return b.expect(INVALID_ARGUMENT, MalformedInput.utf8(json.replaceFirst("\"height\":\\d+", "\"height\":" + digits)));
    }
  };

  /** The chaincode's cap on one JSON input (InputJson.MAX_BYTES in the contracts: 4 MiB). */
  static final int MAX_INPUT_BYTES = 4 << 20;

  private final ErrorCode code;

  OversizedInput() {
    this(INVALID_ARGUMENT);
  }

  OversizedInput(ErrorCode code) {
    this.code = code;
  }

  void edit(ObjectNode tree, Random random) {
    throw new UnsupportedOperationException(name());
  }

  @Override
  public Attempt apply(Base b, Random random) {
    ObjectNode tree = MalformedInput.tree(b);
    edit(tree, random);
    return b.expect(code, MalformedInput.bytes(tree));
  }
}
