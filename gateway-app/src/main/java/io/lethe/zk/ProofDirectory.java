package io.lethe.zk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A proof on disk, as {@code lethe zk demo} writes it and {@code lethe zk verify} reads it:
 * {@code proof.bin} and {@code vk.bin} (gnark encodings) and {@code public.json}.
 */
public record ProofDirectory(byte[] proof, byte[] vk, PublicFile publicFile) {
  /**
   * {@code public.json}: the key, the circuit and the public inputs as 64-digit hex field elements.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PublicFile(String keyId, String circuit, String vkSha256, List<String> names, List<String> publicInputs) {
    /** The public inputs as field elements; IllegalArgumentException when one is malformed. */
    public List<BigInteger> fieldElements() {
      if (publicInputs == null) {
        throw new IllegalArgumentException("public.json has no publicInputs");
      }
      List<BigInteger> out = new ArrayList<>();
      for (String hex : publicInputs) {
        out.add(FieldBytes.fromHex(hex));
      }
      return out;
    }
  }

  public void write(Path dir, ObjectMapper json) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve("proof.bin"), proof);
    Files.write(dir.resolve("vk.bin"), vk);
    json.writeValue(dir.resolve("public.json").toFile(), publicFile);
  }

  public static ProofDirectory read(Path dir, ObjectMapper json) throws IOException {
    return new ProofDirectory(Files.readAllBytes(dir.resolve("proof.bin")), Files.readAllBytes(dir.resolve("vk.bin")),
        json.readValue(dir.resolve("public.json").toFile(), PublicFile.class));
  }
}
