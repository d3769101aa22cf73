package io.lethe.attack;

import static io.lethe.ledger.ErrorCode.INVALID_ARGUMENT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.ledger.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.regex.Matcher;

/**
 * The valid redaction's JSON, malformed: broken or trailing syntax, not an object, unknown,
 * repeated, missing or null fields, values of the wrong JSON type, bytes that are not UTF-8,
 * strings that are not hex, ids and URIs that break their rules. Every one is INVALID_ARGUMENT.
 */
public enum MalformedInput implements Mutation {
  TRUNCATED {
    @Override
    byte[] mutate(Base b, Random random) {
      byte[] json = b.json();
      return Arrays.copyOf(json, 1 + random.nextInt(json.length - 1));
    }
  },
  /** Valid JSON followed by more: a second value, a stray bracket, garbage. */
  TRAILING_CONTENT {
    @Override
    byte[] mutate(Base b, Random random) {
      String json = text(b);
      return utf8(json + Encodings.pick(random, "}", "]", " x", "{}", ",", " null", " " + json, "\u0000", "0"));
    }
  },
  NOT_JSON {
    @Override
    byte[] mutate(Base b, Random random) {
      return utf8(Encodings.pick(random, "redaction", "x" + Encodings.hex(Encodings.bytes(random, 8)),
          "{requestId: r-open}", "<redaction/>", "'r-open'", "requestId=r-open&rewrites=", "\u0000"));
    }
  },
  /** A JSON value that is not an object. */
  NOT_AN_OBJECT {
    @Override
    byte[] mutate(Base b, Random random) {
      return utf8(Encodings.pick(random, "null", "[]", "42", "\"r-open\"", "true", "[" + text(b) + "]", " null "));
    }
  },
  /** No transient field at all, or an empty one. */
  EMPTY_INPUT {
    @Override
    public Attempt apply(Base b, Random random) {
      return b.expect(INVALID_ARGUMENT, random.nextBoolean() ? new byte[0] : null);
    }
  },
  EMPTY_OBJECT {
    @Override
    byte[] mutate(Base b, Random random) {
      return utf8("{}");
    }
  },
  UNKNOWN_FIELD {
    @Override
    byte[] mutate(Base b, Random random) {
      ObjectNode tree = tree(b);
      ObjectNode target = Encodings.pick(random, tree, anyRewrite(tree, random), anyHeader(tree, random));
      target.put(Encodings.pick(random, "version", "requestID", "Id", "close ", "extra", "proof"), 1);
      return bytes(tree);
    }
  },
  /** A field given twice with the same value (the last one would win in a lenient parser). */
  DUPLICATE_FIELD {
    @Override
    byte[] mutate(Base b, Random random) {
      String json = text(b);
      String field = Encodings.pick(random, "\"requestId\":\"" + b.valid().requestId() + "\"",
          "\"id\":\"" + b.rewrites().get(0).id() + "\"", "\"height\":" + b.headers().get(0).height(),
          "\"s\":\"" + b.rewrites().get(0).s() + "\"");
      int at = json.indexOf(field);
      return utf8(json.substring(0, at) + field + "," + json.substring(at));
    }
  },
  /** Bytes that are not UTF-8 inside a string value. */
  INVALID_UTF8 {
    @Override
    byte[] mutate(Base b, Random random) {
      byte[] json = b.json();
      String text = new String(json, StandardCharsets.UTF_8);
      int at = text.indexOf("\"modelUri\":\"") + "\"modelUri\":\"".length() + 2; // ASCII up to here: bytes = chars
      byte[] bad = Encodings.pick(random, new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc3, 0x28},
          new byte[] {(byte) 0x80}, new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
          new byte[] {(byte) 0xc0, (byte) 0xaf});
      byte[] out = new byte[json.length + bad.length];
      System.arraycopy(json, 0, out, 0, at);
      System.arraycopy(bad, 0, out, at, bad.length);
      System.arraycopy(json, at, out, at + bad.length, json.length - at);
      return out;
    }
  },
  /** A value of the wrong JSON type (a lenient parser would coerce some of them back). */
  WRONG_TYPE {
    @Override
    byte[] mutate(Base b, Random random) {
      ObjectNode tree = tree(b);
      JsonNodeFactory nf = JsonNodeFactory.instance;
      switch (random.nextInt(8)) {
        case 0 -> tree.set("requestId", Encodings.pick(random, nf.numberNode(1), nf.booleanNode(true),
            nf.arrayNode().add(b.valid().requestId()), nf.objectNode()));
        case 1 -> tree.set("rewrites", Encodings.pick(random, nf.objectNode(), nf.textNode("a"), nf.numberNode(1),
            (JsonNode) tree.get("rewrites").get(0)));
        case 2 -> ((ArrayNode) tree.get("rewrites")).set(0, Encodings.pick(random, nf.textNode("a"), nf.arrayNode(),
            nf.numberNode(0)));
        case 3 -> {
          ObjectNode h = anyHeader(tree, random);
          long height = h.get("height").asLong();
          h.set("height", Encodings.pick(random, nf.textNode(Long.toString(height)), nf.numberNode((double) height),
              nf.numberNode(height + 0.5), nf.booleanNode(height != 0), nf.arrayNode().add(height),
              nf.textNode("0x" + Long.toHexString(height))));
        }
        case 4 -> {
          ObjectNode target = Encodings.pick(random, anyRewrite(tree, random), anyHeader(tree, random));
          target.set(Encodings.pick(random, "r", "s"), Encodings.pick(random, nf.numberNode(5), nf.arrayNode(),
              nf.objectNode(), nf.booleanNode(false)));
        }
        case 5 -> {
          ObjectNode rw = anyRewrite(tree, random);
          rw.set("refs", Encodings.pick(random, rw.get("refs").isEmpty() ? nf.textNode("a") : rw.get("refs").get(0),
              nf.objectNode(), nf.numberNode(0), nf.booleanNode(false)));
        }
        case 6 -> tree.set("close", Encodings.pick(random, nf.textNode("false"), nf.numberNode(0), nf.textNode("no"),
            nf.textNode(""), nf.arrayNode()));
        default -> anyRewrite(tree, random).set(Encodings.pick(random, "modelUri", "zkDigest", "id"),
            Encodings.pick(random, nf.numberNode(12), nf.arrayNode().add("x"), nf.booleanNode(true)));
      }
      return bytes(tree);
    }
  },
  MISSING_FIELD {
    @Override
    byte[] mutate(Base b, Random random) {
      ObjectNode tree = tree(b);
      switch (random.nextInt(3)) {
        case 0 -> tree.remove(Encodings.pick(random, "requestId", "rewrites", "headers"));
        case 1 -> anyRewrite(tree, random).remove(Encodings.pick(random, "id", "modelUri", "zkDigest", "r", "s"));
        default -> anyHeader(tree, random).remove(Encodings.pick(random, "height", "r", "s"));
      }
      return bytes(tree);
    }
  },
  NULL_FIELD {
    @Override
    byte[] mutate(Base b, Random random) {
      ObjectNode tree = tree(b);
      switch (random.nextInt(3)) {
        case 0 -> tree.putNull(Encodings.pick(random, "requestId", "rewrites", "headers"));
        case 1 -> anyRewrite(tree, random).putNull(Encodings.pick(random, "id", "modelUri", "zkDigest", "r", "s"));
        default -> anyHeader(tree, random).putNull(Encodings.pick(random, "height", "r", "s"));
      }
      return bytes(tree);
    }
  },
  NULL_ELEMENT {
    @Override
    byte[] mutate(Base b, Random random) {
      ObjectNode tree = tree(b);
      ArrayNode list = (ArrayNode) tree.get(Encodings.pick(random, "rewrites", "headers"));
      list.insertNull(random.nextInt(list.size() + 1));
      return bytes(tree);
    }
  },
  REWRITES_EMPTY {
    @Override
    byte[] mutate(Base b, Random random) {
      ObjectNode tree = tree(b);
      tree.putArray("rewrites");
      return bytes(tree);
    }
  },
  /** A hex field (R, s, zkDigest of a rewrite; R, s of a header) that is not hex of whole bytes. */
  NOT_HEX {
    @Override
    byte[] mutate(Base b, Random random) {
      ObjectNode tree = tree(b);
      ObjectNode target;
      String field;
      if (random.nextBoolean()) {
        target = anyRewrite(tree, random);
        field = Encodings.pick(random, "r", "s", "zkDigest");
      } else {
        target = anyHeader(tree, random);
        field = Encodings.pick(random, "r", "s");
      }
      String hex = target.get(field).asText();
      int at = random.nextInt(hex.length());
      String bad = switch (random.nextInt(4)) {
        case 0 -> hex.substring(0, hex.length() - 1);
        case 1 -> hex.substring(0, at) + Encodings.pick(random, "g", "z", " ", "-", "x", "\u0663", "\uff21", "+")
            + hex.substring(at + 1);
        case 2 -> "0x" + hex;
        default -> "";
      };
      target.put(field, bad);
      return bytes(tree);
    }
  },
  /** A model URI that is empty or holds a control character. */
  URI_NOT_PRINTABLE {
    @Override
    byte[] mutate(Base b, Random random) {
      ObjectNode tree = tree(b);
      ObjectNode rw = anyRewrite(tree, random);
      String uri = rw.get("modelUri").asText();
      int at = random.nextInt(uri.length() + 1);
      rw.put("modelUri", random.nextInt(5) == 0 ? "" : uri.substring(0, at)
          + Encodings.pick(random, "\n", "\t", "\r", "\u0000", "\u007f", "\u0085", "\u009b", "\u001b") + uri.substring(at));
      return bytes(tree);
    }
  },
  /** A model or request id outside {@code [A-Za-z0-9._:-]{1,128}}. */
  ID_MALFORMED {
    @Override
    byte[] mutate(Base b, Random random) {
      ObjectNode tree = tree(b);
      String bad = Encodings.pick(random, "", " ", "a b", "a/b", "\u00e4", "a\u0000", "a\nb", "*", "a#b",
          b.valid().requestId() + " ", "\u0430");
      if (random.nextBoolean()) {
        tree.put("requestId", bad);
      } else {
        anyRewrite(tree, random).put("id", bad);
      }
      return bytes(tree);
    }
  },
  /** JSON syntax Jackson's defaults refuse: comments, single quotes, NaN, trailing commas, unquoted names. */
  NON_STANDARD_SYNTAX {
    @Override
    byte[] mutate(Base b, Random random) {
      String json = text(b);
      String req = b.valid().requestId();
      return utf8(switch (random.nextInt(5)) {
        case 0 -> "{/* committee */" + json.substring(1);
        case 1 -> json.replace("\"requestId\":\"" + req + "\"", "'requestId':'" + req + "'");
        case 2 -> json.replaceFirst("\"height\":\\d+", "\"height\":NaN");
        case 3 -> json.substring(0, json.length() - 1) + ",}";
        default -> json.replaceFirst("\"requestId\"", Matcher.quoteReplacement("requestId"));
      });
    }
  },
  /** Thousands of nested arrays where a rewrite belongs. */
  DEEP_NESTING {
    @Override
    byte[] mutate(Base b, Random random) {
      int depth = 1_001 + random.nextInt(20_000);
      String json = text(b);
      int at = json.indexOf("\"rewrites\":[") + "\"rewrites\":[".length();
      return utf8(json.substring(0, at) + "[".repeat(depth) + "]".repeat(depth) + "," + json.substring(at));
    }
  };

  byte[] mutate(Base b, Random random) {
    throw new UnsupportedOperationException(name());
  }

  @Override
  public Attempt apply(Base b, Random random) {
    return b.expect(INVALID_ARGUMENT, mutate(b, random));
  }

  static String text(Base b) {
    return new String(b.json(), StandardCharsets.UTF_8);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static ObjectNode tree(Base b) {
    return Json.MAPPER.valueToTree(b.valid());
  }

  static byte[] bytes(JsonNode tree) {
    return Json.bytes(tree);
  }

  static ObjectNode anyRewrite(ObjectNode tree, Random random) {
    JsonNode list = tree.get("rewrites");
    return (ObjectNode) list.get(random.nextInt(list.size()));
  }

  static ObjectNode anyHeader(ObjectNode tree, Random random) {
    JsonNode list = tree.get("headers");
    return (ObjectNode) list.get(random.nextInt(list.size()));
  }
}
