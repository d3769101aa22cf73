package io.lethe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lethe.fabric.ConnectionProfile;
import io.lethe.fabric.ProfileError;
import io.lethe.fabric.ProfileLocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayOptionsTest {
  @TempDir Path dir;

  static final String PROFILE =
      """
      {"name": "lethe", "channel": "lethe", "chaincode": "lethe", "consensus": "raft", "portBase": 7000,
       "peers": [
         {"name": "committee1", "mspId": "Committee1MSP", "endpoint": "127.0.0.1:7200",
          "hostOverride": "peer0.committee1.lethe.local", "tlsRootCert": "/c1/ca.crt"},
         {"name": "auditor", "mspId": "AuditorMSP", "endpoint": "127.0.0.1:7230",
          "hostOverride": "peer0.auditor.lethe.local", "tlsRootCert": "/a/ca.crt"}],
       "orderers": [{"name": "orderer0", "mspId": "OrdererMSP", "endpoint": "127.0.0.1:7100", "tlsRootCert": "/o.pem"}],
       "identities": [
         {"name": "committee1", "mspId": "Committee1MSP", "cert": "/c1.pem", "keyDir": "/c1ks", "gatewayPeer": "committee1"},
         {"name": "user1", "mspId": "UsersMSP", "cert": "/u1.pem", "keyDir": "/u1ks", "gatewayPeer": "committee1"},
         {"name": "auditor", "mspId": "AuditorMSP", "cert": "/a.pem", "keyDir": "/aks", "gatewayPeer": "auditor"}],
       "someFutureField": 1}
      """;

  Path write(String json) throws IOException {
    Path f = dir.resolve("connection-profile.json");
    Files.writeString(f, json);
    return f;
  }

  GatewayOptions options(Path profile, Map<String, String> env, String as, String peer) {
    GatewayOptions o = new GatewayOptions().withEnvironment(env);
    o.profilePath = profile;
    o.as = as;
    o.peer = peer;
    return o;
  }

  @Test
  void loadsPeersAndIdentities() throws IOException {
    ConnectionProfile p = ConnectionProfile.load(write(PROFILE));
    assertEquals("lethe", p.channel());
    assertEquals(2, p.peers().size());
    assertEquals("UsersMSP", p.identity("user1").mspId());
    assertEquals("127.0.0.1:7230", p.peer("auditor").endpoint());
  }

  @Test
  void unknownIdentityListsTheKnownOnes() throws IOException {
    ConnectionProfile p = ConnectionProfile.load(write(PROFILE));
    ProfileError e = assertThrows(ProfileError.class, () -> p.identity("user99"));
    assertTrue(e.getMessage().contains("committee1, user1, auditor"), e.getMessage());
  }

  @Test
  void missingProfileSaysHowToCreateOne() {
    ProfileError e = assertThrows(ProfileError.class, () -> ConnectionProfile.load(dir.resolve("absent.json")));
    assertTrue(e.getMessage().contains("network.sh up"), e.getMessage());
  }

  @Test
  void incompleteProfileIsRejected() throws IOException {
    Path f = write("{\"channel\": \"lethe\", \"peers\": []}");
    assertThrows(ProfileError.class, () -> ConnectionProfile.load(f));
  }

  @Test
  void identityDefaultsToEnvThenCommittee1AndPicksItsGatewayPeer() throws IOException {
    Path f = write(PROFILE);
    assertEquals("committee1", options(f, Map.of(), null, null).identityName());
    GatewayOptions auditor = options(f, Map.of("LETHE_AS", "auditor"), null, null);
    assertEquals("auditor", auditor.identityName());
    assertEquals("auditor", auditor.gatewayPeer().name());
    assertEquals("user1", options(f, Map.of("LETHE_AS", "auditor"), "user1", null).identityName());
    assertEquals("auditor", options(f, Map.of(), "user1", "auditor").gatewayPeer().name());
  }

  @Test
  void endpointOverrideFromEnvironmentIsValidated() throws IOException {
    Path f = write(PROFILE);
    assertEquals("localhost:17200", options(f, Map.of("LETHE_PEER_ENDPOINT", "localhost:17200"), "user1", null).endpointOverride());
    assertEquals(null, options(f, Map.of(), "user1", null).endpointOverride());
    GatewayOptions bad = options(f, Map.of("LETHE_PEER_ENDPOINT", "no-port"), "user1", null);
    assertThrows(UserError.class, bad::endpointOverride);
  }

  @Test
  void profileLocationPrecedence() throws IOException {
    Path explicit = dir.resolve("x.json");
    assertEquals(explicit, ProfileLocator.locate(explicit, Map.of("LETHE_PROFILE", "/env.json"), "/root", dir));
    assertEquals(Path.of("/env.json"), ProfileLocator.locate(null, Map.of("LETHE_PROFILE", "/env.json"), "/root", dir));
    assertEquals(Path.of("/root/.network/connection-profile.json"), ProfileLocator.locate(null, Map.of(), "/root", dir));
    Path nested = dir.resolve("a/b");
    Files.createDirectories(nested);
    Files.createDirectories(dir.resolve(".network"));
    Path found = Files.writeString(dir.resolve(ProfileLocator.RELATIVE), PROFILE);
    assertEquals(found.toAbsolutePath(), ProfileLocator.locate(null, Map.of(), null, nested));
  }
}
