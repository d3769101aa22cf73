package io.lethe.audit;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Orderers;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.orderer.ConsensusType;

/**
 * A channel's ordering service as its config block states it (the block {@code network.sh}
 * created the channel with, {@code <network>/<channel>.block}): the consensus type and, for
 * SmartBFT, the consenters by numeric id — a SmartBFT orderer names itself in a block signature
 * by that id only ({@code IdentifierHeader}), so the id → identity map is part of the trust
 * anchors, read from the network folder, never from the evidence.
 */
public record OrdererConfig(String channel, boolean bft, List<Consenter> consenters) {
  /** A SmartBFT consenter: its id, MSP and signing certificate ({@code common.Consenter.identity}, PEM). */
  public record Consenter(long id, String mspId, X509Certificate certificate) {}

  public OrdererConfig {
    consenters = List.copyOf(consenters);
  }

  /**
   * The number of distinct consenters whose signatures a SmartBFT block needs. configtxgen replaces
   * the orderer group's BlockValidation policy of a BFT channel by {@code NOutOf(q, SignedBy(each
   * consenter identity))} with q = ⌈(n + f + 1) / 2⌉, f = ⌊(n − 1) / 3⌋ (Fabric's
   * {@code policies.EncodeBFTBlockVerificationPolicy} and {@code ComputeBFTQuorum}): 3 of 4 here.
   */
  public int quorum() {
    int n = consenters.size();
    int f = (n - 1) / 3;
    return (n + f + 2) / 2;
  }

  /** The consenter of {@code id}, or null. */
  public Consenter consenter(long id) {
    return consenters.stream().filter(c -> c.id() == id).findFirst().orElse(null);
  }

  /** The ordering service {@code configBlock} (a block holding one CONFIG transaction) configures. */
  public static OrdererConfig parse(byte[] configBlock) {
    try {
      Block block = Block.parseFrom(configBlock);
      if (block.getData().getDataCount() != 1) {
        throw new IllegalArgumentException("a config block holds one transaction, this one " + block.getData()
            .getDataCount());
      }
      Payload payload = Payload.parseFrom(Envelope.parseFrom(block.getData().getData(0)).getPayload());
      ChannelHeader ch = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
      if (ch.getType() != HeaderType.CONFIG_VALUE) {
        throw new IllegalArgumentException("not a config block (header type " + ch.getType() + ")");
      }
      ConfigGroup orderer = ConfigEnvelope.parseFrom(payload.getData()).getConfig().getChannelGroup().getGroupsMap()
          .get("Orderer");
      if (orderer == null) {
        throw new IllegalArgumentException("the config has no Orderer group");
      }
      ConfigValue type = orderer.getValuesMap().get("ConsensusType");
      boolean bft = type != null && "BFT".equals(ConsensusType.parseFrom(type.getValue()).getType());
      List<Consenter> consenters = new ArrayList<>();
      ConfigValue orderers = orderer.getValuesMap().get("Orderers");
      if (bft && orderers != null) {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        for (org.hyperledger.fabric.protos.common.Consenter c : Orderers.parseFrom(orderers.getValue())
            .getConsenterMappingList()) {
          X509Certificate cert = (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(
              c.getIdentity().toByteArray()));
          consenters.add(new Consenter(Integer.toUnsignedLong(c.getId()), c.getMspId(), cert));
        }
      }
      return new OrdererConfig(ch.getChannelId(), bft, consenters);
    } catch (InvalidProtocolBufferException | CertificateException e) {
      throw new IllegalArgumentException("not a channel config block: " + e.getMessage(), e);
    }
  }
}
