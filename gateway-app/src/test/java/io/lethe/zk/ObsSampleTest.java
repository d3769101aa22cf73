package io.lethe.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.lethe.json.JsonText;
import io.lethe.proto.SampleObsInstanceResponse;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObsSampleTest {
  private static SampleObsInstanceResponse answer(String json) {
    return SampleObsInstanceResponse.newBuilder().setKeyId("obs-n3-b3-p1").setWitness(ByteString.copyFromUtf8(json)).build();
  }

  @Test
  void publicInputsAreTheJavaDigestsOfWWPrimeAndMask() throws IOException {
    String json = "{\"shape\":{\"params\":3,\"block\":3,\"pruned\":1},\"w\":[5,-6,7],\"mask\":[1,0,1],"
        + "\"c\":[1,65536,2],\"z\":[-6],\"w_new\":[5,0,7]}";
    ObsSample s = ObsSample.of(answer(json), JsonText.COMPACT);
    assertEquals("obs-n3-b3-p1", s.keyId());
    assertEquals(List.of(ZkDigest.digest(new long[] {5, -6, 7}), ZkDigest.digest(new long[] {5, 0, 7}),
        ZkDigest.digest(new long[] {1, 0, 1})), s.publicInputs());
    assertEquals(json, new String(s.witness(), java.nio.charset.StandardCharsets.UTF_8)); // sent back unchanged
  }

  @Test
  void aWitnessWithoutWPrimeIsRejected() {
    assertThrows(IOException.class, () -> ObsSample.of(answer("{\"w\":[1],\"mask\":[1]}"), JsonText.COMPACT));
  }
}
