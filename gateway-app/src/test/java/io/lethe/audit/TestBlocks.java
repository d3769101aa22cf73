package io.lethe.audit;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.IdentifierHeader;
import org.hyperledger.fabric.protos.common.LastConfig;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeSpec;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;

/**
 * A block holding one transaction, laid out and signed as Fabric commits it: the creator in the
 * signature header and its signature over the envelope, the chaincode arguments, an endorsed
 * (empty) read-write set whose proposal hash binds them, one endorsement per given endorser signed
 * over {@code proposalResponsePayload ‖ endorser}, the data hash in the header and the validation
 * code in the block's transaction filter, and the test orderer's ({@link AuditFixtures#orderer})
 * signature over the block header in metadata index 0. What the auditor reads out of a QSCC block,
 * made by test code.
 */
final class TestBlocks {
  /** An identity: its MSP, certificate and signing key. */
  record Party(String msp, X509Certificate cert, PrivateKey key) {
    static Party of(String msp, AuditFixtures.Pki pki) {
      return new Party(msp, pki.leaf(), pki.leafKeys().getPrivate());
    }
  }

  private TestBlocks() {}

  static LedgerTransaction tx(String label, String function, int validationCode, Party creator, Party... endorsers)
      throws Exception {
    byte[] block = block(label, function, validationCode, creator, endorsers);
    return LedgerTransaction.fromBlock(block, txIdOf(block));
  }

  /** The tx id of the block's (first) transaction: Fabric derives it from the nonce and the creator. */
  static String txIdOf(byte[] block) {
    try {
      return ChannelHeader.parseFrom(payloadOf(block).getHeader().getChannelHeader()).getTxId();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static byte[] block(String label, String function, int validationCode, Party creator, Party... endorsers)
      throws Exception {
    return block(label, function, validationCode, creator, "lethe", endorsers);
  }

  /**
   * The block as Fabric lays it out and signs it: the endorsers sign a response whose proposal hash
   * is SHA-256(channel header ‖ signature header ‖ chaincode proposal payload), the creator signs the
   * envelope payload, the header's data hash covers the block's one transaction, the tx id is
   * hex(SHA-256(nonce ‖ creator)) with {@code label} as the nonce ({@link #txIdOf}), and the test
   * orderer signs the block.
   */
  static byte[] block(String label, String function, int validationCode, Party creator, String channel,
      Party... endorsers) throws Exception {
    ByteString creatorId = identity(creator);
    ByteString nonce = ByteString.copyFromUtf8(label);
    String txId = java.util.HexFormat.of().formatHex(sha256(nonce, creatorId));
    ChaincodeInvocationSpec spec = ChaincodeInvocationSpec.newBuilder().setChaincodeSpec(ChaincodeSpec.newBuilder()
        .setChaincodeId(ChaincodeID.newBuilder().setName("lethe"))
        .setInput(ChaincodeInput.newBuilder().addArgs(ByteString.copyFromUtf8("LiveLedger:" + function)))).build();
    ByteString proposalPayload = ChaincodeProposalPayload.newBuilder().setInput(spec.toByteString()).build()
        .toByteString();
    ByteString signatureHeader = SignatureHeader.newBuilder().setCreator(creatorId).setNonce(nonce).build()
        .toByteString();
    ByteString channelHeader = ChannelHeader.newBuilder().setType(3).setChannelId(channel).setTxId(txId)
        .setTimestamp(Timestamp.newBuilder().setSeconds(1_700_000_000L)).build().toByteString();

    TxReadWriteSet rwset = TxReadWriteSet.newBuilder().setDataModel(TxReadWriteSet.DataModel.KV)
        .addNsRwset(NsReadWriteSet.newBuilder().setNamespace("lethe").setRwset(KVRWSet.getDefaultInstance().toByteString()))
        .build();
    byte[] prp = ProposalResponsePayload.newBuilder()
        .setProposalHash(ByteString.copyFrom(sha256(channelHeader, signatureHeader, proposalPayload)))
        .setExtension(ChaincodeAction.newBuilder().setChaincodeId(ChaincodeID.newBuilder().setName("lethe"))
            .setResults(rwset.toByteString()).build().toByteString())
        .build().toByteArray();
    ChaincodeEndorsedAction.Builder endorsed = ChaincodeEndorsedAction.newBuilder()
        .setProposalResponsePayload(ByteString.copyFrom(prp));
    for (Party endorser : endorsers) {
      ByteString endorserId = identity(endorser);
      endorsed.addEndorsements(Endorsement.newBuilder().setEndorser(endorserId)
          .setSignature(ByteString.copyFrom(sign(endorser, prp, endorserId.toByteArray()))));
    }
    Transaction tx = Transaction.newBuilder().addActions(TransactionAction.newBuilder().setHeader(signatureHeader)
        .setPayload(ChaincodeActionPayload.newBuilder().setChaincodeProposalPayload(proposalPayload)
            .setAction(endorsed).build().toByteString())).build();
    ByteString payload = Payload.newBuilder().setHeader(Header.newBuilder().setChannelHeader(channelHeader)
        .setSignatureHeader(signatureHeader)).setData(tx.toByteString()).build().toByteString();
    ByteString envelope = Envelope.newBuilder().setPayload(payload)
        .setSignature(ByteString.copyFrom(sign(creator, payload.toByteArray()))).build().toByteString();
    byte[] unsigned = Block.newBuilder().setHeader(BlockHeader.newBuilder().setNumber(7)
            .setPreviousHash(ByteString.copyFrom(sha256(ByteString.copyFromUtf8("block 6"))))
            .setDataHash(ByteString.copyFrom(sha256(envelope))))
        .setData(BlockData.newBuilder().addData(envelope))
        .setMetadata(BlockMetadata.newBuilder().addMetadata(ByteString.EMPTY).addMetadata(ByteString.EMPTY)
            .addMetadata(ByteString.copyFrom(new byte[] {(byte) validationCode})))
        .build().toByteArray();
    return ordered(unsigned, AuditFixtures.orderer());
  }

  /** What a Raft orderer signs as the metadata value: {@code OrdererBlockMetadata{last_config: 0}}. */
  static final ByteString ORDERER_VALUE = OrdererBlockMetadata.newBuilder()
      .setLastConfig(LastConfig.newBuilder().setIndex(0)).build().toByteString();

  /**
   * {@code block} signed by {@code orderer} alone, as a Raft orderer signs it (a signature header): its
   * SIGNATURES metadata replaced, the value it held kept ({@link #ORDERER_VALUE} if none).
   */
  static byte[] ordered(byte[] block, Party orderer) throws Exception {
    Block b = Block.parseFrom(block);
    ByteString value = ORDERER_VALUE;
    if (b.getMetadata().getMetadataCount() > 0 && !b.getMetadata().getMetadata(0).isEmpty()) {
      value = Metadata.parseFrom(b.getMetadata().getMetadata(0)).getValue();
    }
    return withSignatures(block, value, signedBy(b.getHeader(), value, orderer));
  }

  /** {@code block} with SIGNATURES metadata {value, signatures}. */
  static byte[] withSignatures(byte[] block, ByteString value, MetadataSignature... signatures) throws Exception {
    Block b = Block.parseFrom(block);
    Metadata.Builder md = Metadata.newBuilder().setValue(value);
    for (MetadataSignature s : signatures) {
      md.addSignatures(s);
    }
    BlockMetadata.Builder meta = b.getMetadata().toBuilder();
    while (meta.getMetadataCount() < 1) {
      meta.addMetadata(ByteString.EMPTY);
    }
    return b.toBuilder().setMetadata(meta.setMetadata(0, md.build().toByteString())).build().toByteArray();
  }

  /** {@code signer}'s signature over {@code value ‖ signature header ‖ BlockHeaderBytes(header)}, as Raft signs. */
  static MetadataSignature signedBy(BlockHeader header, ByteString value, Party signer) throws Exception {
    ByteString shdr = SignatureHeader.newBuilder().setCreator(identity(signer))
        .setNonce(ByteString.copyFromUtf8("orderer nonce")).build().toByteString();
    return MetadataSignature.newBuilder().setSignatureHeader(shdr).setSignature(ByteString.copyFrom(sign(signer,
        value.toByteArray(), shdr.toByteArray(), BlockSignatures.headerBytes(header)))).build();
  }

  /** Consenter {@code id}'s signature, as SmartBFT signs: an identifier header in place of a signature header. */
  static MetadataSignature signedByConsenter(BlockHeader header, ByteString value, long id, Party signer)
      throws Exception {
    ByteString idhdr = IdentifierHeader.newBuilder().setIdentifier((int) id)
        .setNonce(ByteString.copyFromUtf8("consenter nonce " + id)).build().toByteString();
    return MetadataSignature.newBuilder().setIdentifierHeader(idhdr).setSignature(ByteString.copyFrom(sign(signer,
        value.toByteArray(), idhdr.toByteArray(), BlockSignatures.headerBytes(header)))).build();
  }

  /**
   * {@code block} with its first transaction's payload replaced by {@code payload}, the envelope signed
   * by {@code signer}, the header's data hash recomputed and the block signed again by the test
   * orderer: what a forger holding {@code signer}'s key can serve (an orderer that orders it included),
   * so that only the edited payload can fail.
   */
  static byte[] withPayload(byte[] block, Payload payload, Party signer) throws Exception {
    Block b = Block.parseFrom(block);
    ByteString env = Envelope.newBuilder().setPayload(payload.toByteString())
        .setSignature(ByteString.copyFrom(sign(signer, payload.toByteArray()))).build().toByteString();
    return ordered(b.toBuilder().setHeader(b.getHeader().toBuilder().setDataHash(ByteString.copyFrom(sha256(env))))
        .setData(b.getData().toBuilder().setData(0, env)).build().toByteArray(), AuditFixtures.orderer());
  }

  /** The payload of {@code block}'s first transaction. */
  static Payload payloadOf(byte[] block) throws com.google.protobuf.InvalidProtocolBufferException {
    return Payload.parseFrom(Envelope.parseFrom(Block.parseFrom(block).getData().getData(0)).getPayload());
  }

  /** P-256's group order n. */
  private static final java.math.BigInteger P256_N = new java.math.BigInteger(
      "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  /** {@code p}'s ECDSA signature over {@code parts}, low-S as Fabric's bccsp makes and requires (s ≤ n/2). */
  static byte[] sign(Party p, byte[]... parts) throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(p.key());
    for (byte[] part : parts) {
      s.update(part);
    }
    return lowS(s.sign());
  }

  /** {@code der} (an ECDSA P-256 signature) with s replaced by n − s when s &gt; n/2: the same signature, low-S. */
  static byte[] lowS(byte[] der) throws Exception {
    org.bouncycastle.asn1.ASN1Sequence seq = org.bouncycastle.asn1.ASN1Sequence.getInstance(der);
    java.math.BigInteger r = org.bouncycastle.asn1.ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
    java.math.BigInteger s = org.bouncycastle.asn1.ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
    if (s.compareTo(P256_N.shiftRight(1)) > 0) {
      s = P256_N.subtract(s);
    }
    return new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
        new org.bouncycastle.asn1.ASN1Integer(r), new org.bouncycastle.asn1.ASN1Integer(s)}).getEncoded("DER");
  }

  static ByteString identity(Party p) throws Exception {
    String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
        .encodeToString(p.cert().getEncoded()) + "\n-----END CERTIFICATE-----\n";
    return SerializedIdentity.newBuilder().setMspid(p.msp()).setIdBytes(ByteString.copyFromUtf8(pem)).build()
        .toByteString();
  }

  static byte[] sha256(ByteString... parts) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (ByteString p : parts) {
      md.update(p.toByteArray());
    }
    return md.digest();
  }
}
