package io.lethe.audit;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;

/**
 * One Fabric transaction read out of the block that holds it (the block bytes the peer's QSCC
 * {@code GetBlockByTxID} returns): where and when it was committed, whether it was valid, who
 * submitted it, the chaincode arguments, and its endorsements with the bytes they sign.
 */
public record LedgerTransaction(String fabricTxId, long block, Instant timestamp, int validationCode,
    Identity creator, List<String> args, byte[] proposalResponsePayload, List<Endorsement> endorsements,
    Binding binding) {

  /**
   * What ties the readable parts above to the signatures over them (checked by {@link TransactionBinding}):
   * the channel and chaincode named in the proposal, the chaincode whose results the endorsers signed,
   * whether the endorsed proposal hash is SHA-256(channel header ‖ signature header ‖ proposal payload) of
   * this transaction (Fabric's own validation rule: it binds the arguments, the submitter and the tx id to
   * the endorsements), whether the tx id is hex(SHA-256(nonce ‖ creator)) (Fabric's rule: a tx id belongs
   * to one submitter), whether the block's data hash covers its transactions, why its data entries are
   * not each exactly one envelope (empty if they are: Fabric's {@code VerifyTransactionsAreWellFormed},
   * which makes the data hash bind the list of envelopes, not only their concatenation), the envelope payload
   * with the submitter's signature over it, and the block's header with its orderer signatures
   * (metadata index 0, the bytes as served; empty if none) for {@link BlockSignatures}.
   */
  public record Binding(String channel, String chaincode, String endorsedChaincode, boolean proposalHashMatches,
      boolean txIdDerivedFromCreator, boolean blockDataHashMatches, String blockDataProblem, byte[] envelopePayload,
      byte[] envelopeSignature, BlockHeader blockHeader, ByteString ordererSignatures) {}

  public record Identity(String mspId, X509Certificate certificate, byte[] serialized) {
    public String subject() {
      return certificate == null ? "" : certificate.getSubjectX500Principal().getName();
    }
  }

  /** An endorsement: the endorser and its signature over {@code proposalResponsePayload ‖ endorser}. */
  public record Endorsement(Identity endorser, byte[] signature) {}

  /** The chaincode function (without its contract prefix), e.g. {@code RedactBatch}. */
  public String function() {
    if (args.isEmpty()) {
      return "";
    }
    String f = args.get(0);
    return f.substring(f.indexOf(':') + 1);
  }

  /** In ledger order (block, then tx id): the same order whichever way the transactions were gathered. */
  public static List<LedgerTransaction> inOrder(List<LedgerTransaction> txs) {
    return txs.stream().sorted(java.util.Comparator.comparingLong(LedgerTransaction::block)
        .thenComparing(LedgerTransaction::fabricTxId)).toList();
  }

  public boolean valid() {
    return validationCode == 0;
  }

  /** One public-state write of the transaction's endorsed results (chaincode namespace, key, value). */
  public record Write(String namespace, String key, byte[] value) {}

  /**
   * The public-state writes the endorsers signed (the read-write set inside the proposal response
   * payload): what the transaction wrote, as committed. Private-data writes appear only as hashes
   * and are not listed.
   */
  public List<Write> writes() {
    List<Write> out = new ArrayList<>();
    try {
      var prp = ProposalResponsePayload.parseFrom(proposalResponsePayload);
      var action = ChaincodeAction.parseFrom(prp.getExtension());
      var rwset = org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet.parseFrom(action.getResults());
      for (var ns : rwset.getNsRwsetList()) {
        var kv = org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet.parseFrom(ns.getRwset());
        for (var w : kv.getWritesList()) {
          if (!w.getIsDelete()) {
            out.add(new Write(ns.getNamespace(), w.getKey(), w.getValue().toByteArray()));
          }
        }
      }
    } catch (InvalidProtocolBufferException e) {
      // a response payload that does not parse carries no readable writes; the endorsement check judges it
    }
    return out;
  }

  /** The transaction {@code txId} of {@code blockBytes}; throws if the block does not hold it. */
  public static LedgerTransaction fromBlock(byte[] blockBytes, String txId) {
    try {
      Block block = Block.parseFrom(blockBytes);
      boolean dataHashMatches = MessageDigest.isEqual(block.getHeader().getDataHash().toByteArray(),
          sha256(block.getData().getDataList().toArray(new ByteString[0])));
      String dataProblem = wellFormed(block);
      byte[] filter = block.getMetadata().getMetadataCount() > 2 ? block.getMetadata().getMetadata(2).toByteArray()
          : new byte[0];
      for (int i = 0; i < block.getData().getDataCount(); i++) {
        Envelope env = Envelope.parseFrom(block.getData().getData(i));
        Payload payload = Payload.parseFrom(env.getPayload());
        ChannelHeader ch = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
        if (!ch.getTxId().equals(txId)) {
          continue;
        }
        SignatureHeader sh = SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader());
        Identity creator = identity(sh.getCreator());
        Transaction tx = Transaction.parseFrom(payload.getData());
        List<String> args = new ArrayList<>();
        List<Endorsement> endorsements = new ArrayList<>();
        byte[] prp = new byte[0];
        String chaincode = "";
        String endorsedChaincode = "";
        boolean proposalHashMatches = false;
        if (tx.getActionsCount() > 0) {
          TransactionAction action = tx.getActions(0);
          ChaincodeActionPayload cap = ChaincodeActionPayload.parseFrom(action.getPayload());
          ChaincodeProposalPayload cpp = ChaincodeProposalPayload.parseFrom(cap.getChaincodeProposalPayload());
          ChaincodeInvocationSpec spec = ChaincodeInvocationSpec.parseFrom(cpp.getInput());
          for (ByteString a : spec.getChaincodeSpec().getInput().getArgsList()) {
            args.add(a.toStringUtf8());
          }
          chaincode = spec.getChaincodeSpec().getChaincodeId().getName();
          prp = cap.getAction().getProposalResponsePayload().toByteArray();
          ProposalResponsePayload response = ProposalResponsePayload.parseFrom(prp);
          endorsedChaincode = ChaincodeAction.parseFrom(response.getExtension()).getChaincodeId().getName();
          proposalHashMatches = MessageDigest.isEqual(response.getProposalHash().toByteArray(), sha256(
              payload.getHeader().getChannelHeader(), payload.getHeader().getSignatureHeader(),
              cap.getChaincodeProposalPayload()));
          for (org.hyperledger.fabric.protos.peer.Endorsement e : cap.getAction().getEndorsementsList()) {
            endorsements.add(new Endorsement(identity(e.getEndorser()), e.getSignature().toByteArray()));
          }
        }
        int code = i < filter.length ? filter[i] & 0xff : -1;
        Instant ts = Instant.ofEpochSecond(ch.getTimestamp().getSeconds(), ch.getTimestamp().getNanos());
        boolean txIdDerived = ch.getTxId().equals(java.util.HexFormat.of().formatHex(sha256(sh.getNonce(),
            sh.getCreator())));
        Binding binding = new Binding(ch.getChannelId(), chaincode, endorsedChaincode, proposalHashMatches,
            txIdDerived, dataHashMatches, dataProblem, env.getPayload().toByteArray(), env.getSignature().toByteArray(),
            block.getHeader(), block.getMetadata().getMetadataCount() > 0 ? block.getMetadata().getMetadata(0)
            : ByteString.EMPTY);
        return new LedgerTransaction(txId, block.getHeader().getNumber(), ts, code, creator, args, prp, endorsements,
            binding);
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not a Fabric block: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("the block does not hold transaction " + txId);
  }

  /**
   * Why {@code block}'s data entries are not each exactly one envelope, or "" if they are: as Fabric's
   * {@code protoutil.VerifyTransactionsAreWellFormed}, each entry parses as an {@code Envelope} with a
   * payload and a signature, and serialising it again gives the entry's bytes (no unknown fields, nothing
   * appended: entries regrouped under the same data hash, [A, B] served as [A‖B], do not pass).
   */
  static String wellFormed(Block block) {
    if (block.getData().getDataCount() == 0) {
      return "the block holds no transaction";
    }
    for (int i = 0; i < block.getData().getDataCount(); i++) {
      ByteString raw = block.getData().getData(i);
      Envelope env;
      try {
        env = Envelope.parseFrom(raw);
      } catch (InvalidProtocolBufferException e) {
        return "data entry " + i + " is not an envelope";
      }
      if (env.getPayload().isEmpty() || env.getSignature().isEmpty()) {
        return "data entry " + i + " has no payload or no signature";
      }
      if (!env.getUnknownFields().asMap().isEmpty() || !Envelope.newBuilder().setPayload(env.getPayload())
          .setSignature(env.getSignature()).build().toByteString().equals(raw)) {
        return "data entry " + i + " does not match its raw form (not exactly one envelope: entries regrouped or"
            + " extended under the same data hash)";
      }
    }
    return "";
  }

  private static byte[] sha256(ByteString... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (ByteString p : parts) {
        md.update(p.asReadOnlyByteBuffer());
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Identity identity(ByteString serialized) throws InvalidProtocolBufferException {
    SerializedIdentity id = SerializedIdentity.parseFrom(serialized);
    X509Certificate cert = null;
    try {
      cert = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(id.getIdBytes().toByteArray()));
    } catch (java.security.cert.CertificateException e) {
      // an identity whose certificate does not parse: left null, the endorsement check reports it
    }
    return new Identity(id.getMspid(), cert, serialized.toByteArray());
  }
}
