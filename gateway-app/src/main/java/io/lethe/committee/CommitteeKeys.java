package io.lethe.committee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.chameleon.ChameleonPublicKey;
import io.lethe.chameleon.HexCodec;
import io.lethe.chameleon.P256;
import io.lethe.chameleon.committee.CommitteePublicKey;
import io.lethe.chameleon.committee.Dealer;
import io.lethe.chameleon.committee.KeyShare;
import io.lethe.json.JsonText;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Committee key files. {@code DIR/public.json}:
 *
 * <pre>
 * {"scheme": "lethe-ch-p256-v1", "Y": hex SEC1c, "threshold": T, "members": N,
 *  "memberKeys": {"1": hex SEC1c, …}, "commitments": [hex SEC1c A_0, …, A_{T−1}]}
 * </pre>
 *
 * and one {@code DIR/share-<i>.json} per member (mode 0600), so each member can be handed its
 * own file:
 *
 * <pre>
 * {"scheme": "lethe-ch-p256-v1", "member": i, "share": hex 32-byte x_i, "memberKey": hex Y_i,
 *  "Y": hex SEC1c, "threshold": T, "members": N}
 * </pre>
 */
public final class CommitteeKeys {
  public static final String SCHEME = "lethe-ch-p256-v1";
  private static final ObjectMapper JSON = JsonText.PRETTY;

  private CommitteeKeys() {}

  /** Deals a fresh {@code t}-of-{@code n} key set and writes it into {@code dir}. */
  public static Dealer.Dealt generate(Path dir, int threshold, int members, java.security.SecureRandom rnd)
      throws IOException {
    Dealer.Dealt dealt = Dealer.deal(threshold, members, rnd);
    write(dir, dealt);
    return dealt;
  }

  /** Writes public.json and share-&lt;i&gt;.json into {@code dir}; returns the files written. */
  public static List<Path> write(Path dir, Dealer.Dealt dealt) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    Path pub = dir.resolve("public.json");
    Files.writeString(pub, JSON.writeValueAsString(publicJson(dealt.publicKey())) + "\n");
    written.add(pub);
    for (KeyShare share : dealt.shares()) {
      Path file = dir.resolve("share-" + share.member() + ".json");
      Files.deleteIfExists(file);
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
      Files.writeString(file, JSON.writeValueAsString(shareJson(share)) + "\n");
      written.add(file);
    }
    return written;
  }

  public static ObjectNode publicJson(CommitteePublicKey pk) {
    ObjectNode root = JSON.createObjectNode();
    root.put("scheme", SCHEME);
    root.put("Y", pk.groupKey().toHex());
    root.put("threshold", pk.threshold());
    root.put("members", pk.members());
    ObjectNode keys = root.putObject("memberKeys");
    pk.memberKeys().forEach((i, key) -> keys.put(Integer.toString(i), hex(key)));
    ArrayNode commitments = root.putArray("commitments");
    pk.commitments().forEach(a -> commitments.add(hex(a)));
    return root;
  }

  public static ObjectNode shareJson(KeyShare share) {
    ObjectNode root = JSON.createObjectNode();
    root.put("scheme", SCHEME);
    root.put("member", share.member());
    root.put("share", HexCodec.encode(share.shareBytes()));
    root.put("memberKey", hex(share.memberKey()));
    root.put("Y", share.groupKey().toHex());
    root.put("threshold", share.threshold());
    root.put("members", share.members());
    return root;
  }

  public static CommitteePublicKey readPublic(Path file) throws IOException {
    return parsePublic(JSON.readTree(file.toFile()), file.toString());
  }

  public static CommitteePublicKey parsePublic(JsonNode root, String source) {
    try {
      checkScheme(root);
      ChameleonPublicKey y = ChameleonPublicKey.fromHex(text(root, "Y"));
      int t = integer(root, "threshold");
      int n = integer(root, "members");
      JsonNode keysNode = root.get("memberKeys");
      if (keysNode == null || !keysNode.isObject()) {
        throw new IllegalArgumentException("memberKeys is missing");
      }
      Map<Integer, ECPoint> keys = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = keysNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        int i;
        try {
          i = Integer.parseInt(entry.getKey());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("memberKeys has a non-numeric member \"" + entry.getKey() + "\"");
        }
        keys.put(i, point(entry.getValue().asText(), "member key " + i));
      }
      List<ECPoint> commitments = new ArrayList<>();
      JsonNode cNode = root.get("commitments");
      if (cNode != null && cNode.isArray()) {
        for (JsonNode a : cNode) {
          commitments.add(point(a.asText(), "Feldman commitment"));
        }
      }
      return new CommitteePublicKey(y, t, n, keys, commitments);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  public static KeyShare readShare(Path file) throws IOException {
    return parseShare(JSON.readTree(file.toFile()), file.toString());
  }

  public static KeyShare parseShare(JsonNode root, String source) {
    try {
      checkScheme(root);
      int member = integer(root, "member");
      BigInteger x = P256.decodeScalar(HexCodec.decode(text(root, "share"), "share"), "share");
      ChameleonPublicKey y = ChameleonPublicKey.fromHex(text(root, "Y"));
      KeyShare share = new KeyShare(member, x, y, integer(root, "threshold"), integer(root, "members"));
      if (root.has("memberKey")
          && !point(text(root, "memberKey"), "memberKey").equals(share.memberKey())) {
        throw new IllegalArgumentException("memberKey does not match the share (x_i·G ≠ Y_i)");
      }
      return share;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private static void checkScheme(JsonNode root) {
    JsonNode scheme = root.get("scheme");
    if (scheme != null && !SCHEME.equals(scheme.asText())) {
      throw new IllegalArgumentException("unknown scheme \"" + scheme.asText() + "\" (expected " + SCHEME + ")");
    }
  }

  private static String text(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || !node.isTextual()) {
      throw new IllegalArgumentException(field + " is missing or not a string");
    }
    return node.asText();
  }

  private static int integer(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
      throw new IllegalArgumentException(field + " is missing or not an integer");
    }
    return node.asInt();
  }

  private static ECPoint point(String hex, String what) {
    return P256.decodePoint(HexCodec.decode(hex, what), what);
  }

  private static String hex(ECPoint p) {
    return HexCodec.encode(P256.encodePoint(p));
  }
}
