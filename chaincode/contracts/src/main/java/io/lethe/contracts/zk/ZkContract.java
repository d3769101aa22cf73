package io.lethe.contracts.zk;

import io.lethe.contracts.Check;
import io.lethe.ledger.ErrorCode;
import io.lethe.zk.FieldBytes;
import io.lethe.zk.Groth16Verifier;
import io.lethe.zk.VerifyingKey;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Groth16 verifying keys and proof verification. Registration is a governance action
 * (approved by a majority of committee orgs' admins, see {@code Governance}); a key id, once
 * registered, cannot be rebound to another key.
 */
@Contract(name = "ZkContract", info = @Info(title = "Lethe zero-knowledge proofs", version = "1"))
public final class ZkContract implements ContractInterface {

  /**
   * Registers gnark's verifying-key encoding (base64) and returns its SHA-256 (hex); a
   * governance action (a register-verifying-key proposal), never one org's transaction.
   */
  public static String registerVerifyingKey(ChaincodeStub stub, String keyId, String vkBase64) {
    String hash = ZkRegistry.register(stub, keyId, decode(vkBase64, "verifying key"));
    stub.setEvent("zk.vk.registered", (keyId + " " + hash).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return hash;
  }

  /** SHA-256 (hex) of a registered key. */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String verifyingKeyHash(Context ctx, String keyId) {
    return HexFormat.of().formatHex(VerifyingKey.parse(ZkRegistry.registered(ctx.getStub(), keyId)).sha256());
  }

  /**
   * Verifies a proof (gnark encoding, base64) for public inputs given as comma-separated
   * 32-byte hex scalars; returns {"valid":…,"reason":…}.
   */
  @Transaction(intent = Transaction.TYPE.EVALUATE)
  public String verifyProof(Context ctx, String keyId, String proofBase64, String publicInputsHex) {
    Groth16Verifier.Result r = ZkRegistry.verify(ctx.getStub(), keyId, decode(proofBase64, "proof"),
        parseInputs(publicInputsHex));
    return "{\"valid\":" + r.valid() + ",\"reason\":\"" + r.reason().replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
  }

  /** Refuses a key id or verifying key that registration would refuse (checked when a registration is proposed). */
  public static void checkVerifyingKey(String keyId, String vkBase64) {
    ZkRegistry.checkKeyId(keyId);
    try {
      VerifyingKey.parse(decode(vkBase64, "verifying key"));
    } catch (IllegalArgumentException e) {
      throw Check.fail(ErrorCode.INVALID_ARGUMENT, "malformed verifying key: " + e.getMessage());
    }
  }

  static byte[] decode(String b64, String what) {
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw Check.fail(ErrorCode.INVALID_ARGUMENT, what + " is not base64");
    }
  }

  static List<BigInteger> parseInputs(String csv) {
    List<BigInteger> out = new ArrayList<>();
    if (csv == null || csv.isBlank()) {
      return out;
    }
    for (String h : csv.split(",")) {
      try {
        out.add(FieldBytes.fromHex(h.trim()));
      } catch (IllegalArgumentException e) {
        throw Check.fail(ErrorCode.INVALID_ARGUMENT, "public input " + out.size() + ": " + e.getMessage());
      }
    }
    return out;
  }
}
