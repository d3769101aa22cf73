package io.lethe.fabric;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionArgs;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionResult;

/**
 * Asks every peer for its own ledger height (qscc GetChainInfo, evaluated on that peer's
 * gateway and targeted at its org) and the gateway peer for the chaincode definition (_lifecycle
 * QueryChaincodeDefinition).
 */
public final class NetworkStatusProbe {
  private final FabricSession session;
  private final ConnectionProfile.IdentityEntry identity;
  private final ConnectionProfile.Peer gatewayPeer;

  public NetworkStatusProbe(FabricSession session, ConnectionProfile.IdentityEntry identity, ConnectionProfile.Peer gatewayPeer) {
    this.session = session;
    this.identity = identity;
    this.gatewayPeer = gatewayPeer;
  }

  public NetworkStatus probe() {
    ConnectionProfile profile = session.profile();
    List<NetworkStatus.PeerStatus> peers = new ArrayList<>();
    for (ConnectionProfile.Peer p : profile.peers()) {
      peers.add(peerStatus(p));
    }
    return NetworkStatus.of(profile.channel(), peers, chaincodeStatus());
  }

  private NetworkStatus.PeerStatus peerStatus(ConnectionProfile.Peer p) {
    String channel = session.profile().channel();
    try {
      LetheGateway g = session.connectDirect(identity, p, Deadlines.quick());
      byte[] raw =
          g.network().getContract("qscc").newProposal("GetChainInfo")
              .addArguments(channel)
              .setEndorsingOrganizations(p.mspId())
              .build()
              .evaluate();
      long height = BlockchainInfo.parseFrom(raw).getHeight();
      return new NetworkStatus.PeerStatus(p.name(), p.mspId(), p.endpoint(), height, null);
    } catch (GatewayException e) {
      String why = GatewayErrors.translate("GetChainInfo", e).getMessage();
      return new NetworkStatus.PeerStatus(p.name(), p.mspId(), p.endpoint(), null, why);
    } catch (InvalidProtocolBufferException e) {
      return new NetworkStatus.PeerStatus(p.name(), p.mspId(), p.endpoint(), null, "bad GetChainInfo answer: " + e.getMessage());
    }
  }

  private NetworkStatus.ChaincodeStatus chaincodeStatus() {
    String name = session.profile().chaincode();
    try {
      LetheGateway g = session.connect(identity, gatewayPeer, Deadlines.quick());
      byte[] raw =
          g.network().getContract("_lifecycle")
              .evaluateTransaction(
                  "QueryChaincodeDefinition",
                  QueryChaincodeDefinitionArgs.newBuilder().setName(name).build().toByteArray());
      QueryChaincodeDefinitionResult def = QueryChaincodeDefinitionResult.parseFrom(raw);
      return new NetworkStatus.ChaincodeStatus(name, def.getVersion(), def.getSequence(), true, null);
    } catch (GatewayException e) {
      String why = GatewayErrors.translate("QueryChaincodeDefinition", e).getMessage();
      return new NetworkStatus.ChaincodeStatus(name, null, 0, false, why);
    } catch (InvalidProtocolBufferException e) {
      return new NetworkStatus.ChaincodeStatus(name, null, 0, false, "bad answer: " + e.getMessage());
    }
  }
}
