package io.lethe.contracts.zk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.lethe.ledger.ErrorCode;
import io.lethe.zk.FieldBytes;
import io.lethe.zk.GnarkProofFixtures;
import io.lethe.zk.VerifyingKey;
import java.math.BigInteger;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.junit.jupiter.api.Test;

class ZkContractTest {
  final Map<String, byte[]> state = new HashMap<>();

  Context ctx(String msp) {
    ChaincodeStub stub = mock(ChaincodeStub.class);
    when(stub.getState(anyString())).thenAnswer(a -> state.get(a.getArgument(0, String.class)));
    doAnswer(a -> state.put(a.getArgument(0), a.getArgument(1))).when(stub).putState(anyString(), any());
    ClientIdentity id = mock(ClientIdentity.class);
    when(id.getMSPID()).thenReturn(msp);
    Context ctx = mock(Context.class);
    when(ctx.getStub()).thenReturn(stub);
    when(ctx.getClientIdentity()).thenReturn(id);
    return ctx;
  }

  String committeeMsp() {
    return io.lethe.ledger.Orgs.COMMITTEE.iterator().next();
  }

  @Test
  void registersAndVerifiesAgainstRegisteredKey() throws Exception {
    GnarkProofFixtures.Fixture f = GnarkProofFixtures.load("obs-n100-b64-p2");
    ZkContract c = new ZkContract();
    String vk64 = Base64.getEncoder().encodeToString(f.vk());
    String hash = ZkContract.registerVerifyingKey(ctx(committeeMsp()).getStub(), "obs-n100-b64-p2", vk64);
    assertEquals(HexFormat.of().formatHex(VerifyingKey.parse(f.vk()).sha256()), hash);
    assertEquals(hash, c.verifyingKeyHash(ctx("UsersMSP"), "obs-n100-b64-p2"));
    String inputs = f.inputs().stream().map(FieldBytes::toHex).collect(Collectors.joining(","));
    String proof64 = Base64.getEncoder().encodeToString(f.proof());
    assertTrue(c.verifyProof(ctx("AuditorMSP"), "obs-n100-b64-p2", proof64, inputs).startsWith("{\"valid\":true"));
    byte[] flipped = f.proof().clone();
    flipped[5] ^= 1;
    assertTrue(c.verifyProof(ctx("AuditorMSP"), "obs-n100-b64-p2", Base64.getEncoder().encodeToString(flipped), inputs)
        .startsWith("{\"valid\":false"));
    ChaincodeException e = assertThrows(ChaincodeException.class,
        () -> ZkRegistry.requireValid(ctx("x").getStub(), "obs-n100-b64-p2", flipped, f.inputs()));
    assertArrayEquals(ErrorCode.VERIFICATION_FAILED.payload(), e.getPayload());
    ZkRegistry.requireValid(ctx("x").getStub(), "obs-n100-b64-p2", f.proof(), f.inputs());
  }

  @Test
  void keysAreImmutable() throws Exception {
    GnarkProofFixtures.Fixture a = GnarkProofFixtures.load("obs-n100-b64-p2");
    GnarkProofFixtures.Fixture b = GnarkProofFixtures.load("obs-n200-b64-p2");
    ZkContract c = new ZkContract();
    ZkContract.registerVerifyingKey(ctx(committeeMsp()).getStub(), "k1", Base64.getEncoder().encodeToString(a.vk()));
    ZkContract.registerVerifyingKey(ctx(committeeMsp()).getStub(), "k1", Base64.getEncoder().encodeToString(a.vk())); // idempotent
    ChaincodeException dup = assertThrows(ChaincodeException.class,
        () -> ZkContract.registerVerifyingKey(ctx(committeeMsp()).getStub(), "k1", Base64.getEncoder().encodeToString(b.vk())));
    assertArrayEquals(ErrorCode.ALREADY_EXISTS.payload(), dup.getPayload());
    ChaincodeException bad = assertThrows(ChaincodeException.class,
        () -> ZkContract.registerVerifyingKey(ctx(committeeMsp()).getStub(), "k2", Base64.getEncoder().encodeToString(new byte[10])));
    assertArrayEquals(ErrorCode.INVALID_ARGUMENT.payload(), bad.getPayload());
    ChaincodeException missing = assertThrows(ChaincodeException.class,
        () -> c.verifyProof(ctx("AuditorMSP"), "nope", "AA==", ""));
    assertArrayEquals(ErrorCode.NOT_FOUND.payload(), missing.getPayload());
    assertEquals(BigInteger.ONE, ZkContract.parseInputs(FieldBytes.toHex(BigInteger.ONE)).get(0));
  }
}
