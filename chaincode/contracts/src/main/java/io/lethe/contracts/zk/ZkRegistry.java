package io.lethe.contracts.zk;

import io.lethe.contracts.Check;
import io.lethe.ledger.ErrorCode;
import io.lethe.zk.Groth16Verifier;
import io.lethe.zk.VerifyingKey;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Verifying keys registered on the ledger (world state key {@code zk.vk\u0000<keyId>}) and
 * verification against them. Contracts that need a proof (e.g. redactions) call
 * {@link #requireValid}; only keys the committee registered are ever used.
 */
public final class ZkRegistry {
  private ZkRegistry() {}

  static String stateKey(String keyId) {
    return "zk.vk\u0000" + keyId;
  }

  static void checkKeyId(String keyId) {
    if (keyId == null || !keyId.matches("[a-z0-9-]{1,64}")) {
      throw Check.fail(ErrorCode.INVALID_ARGUMENT, "invalid key id " + keyId);
    }
  }

  /** The registered key's encoding, or NOT_FOUND. */
  public static byte[] registered(ChaincodeStub stub, String keyId) {
    checkKeyId(keyId);
    byte[] vk = stub.getState(stateKey(keyId));
    if (vk == null || vk.length == 0) {
      throw Check.fail(ErrorCode.NOT_FOUND, "no verifying key registered as " + keyId);
    }
    return vk;
  }

  /** Stores a key (validated, immutable once written); returns its SHA-256 hex. */
  public static String register(ChaincodeStub stub, String keyId, byte[] vkBytes) {
    checkKeyId(keyId);
    VerifyingKey vk;
    try {
      vk = VerifyingKey.parse(vkBytes);
    } catch (IllegalArgumentException e) {
      throw Check.fail(ErrorCode.INVALID_ARGUMENT, "malformed verifying key: " + e.getMessage());
    }
    byte[] existing = stub.getState(stateKey(keyId));
    if (existing != null && existing.length > 0) {
      if (java.util.Arrays.equals(existing, vkBytes)) {
        return HexFormat.of().formatHex(vk.sha256());
      }
      throw Check.fail(ErrorCode.ALREADY_EXISTS, "key id " + keyId + " is already registered with another key");
    }
    stub.putState(stateKey(keyId), vkBytes);
    return HexFormat.of().formatHex(vk.sha256());
  }

  /** Verifies against the registered key; malformed proofs or inputs are a rejection. */
  public static Groth16Verifier.Result verify(ChaincodeStub stub, String keyId, byte[] proof, List<BigInteger> inputs) {
    return Groth16Verifier.check(registered(stub, keyId), proof, inputs);
  }

  /** Throws VERIFICATION_FAILED unless the proof verifies under the registered key. */
  public static void requireValid(ChaincodeStub stub, String keyId, byte[] proof, List<BigInteger> inputs) {
    Groth16Verifier.Result r = verify(stub, keyId, proof, inputs);
    if (!r.valid()) {
      throw Check.fail(ErrorCode.VERIFICATION_FAILED, "proof rejected under " + keyId + ": " + r.reason());
    }
  }
}
