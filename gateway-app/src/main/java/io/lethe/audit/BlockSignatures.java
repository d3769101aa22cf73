package io.lethe.audit;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECPublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.IdentifierHeader;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * Whether a block is signed by the ordering service, as a Fabric peer checks a block it receives
 * ({@code protoutil.BlockSignatureVerifier} under the channel's BlockValidation policy). Each
 * signature of metadata index 0 (SIGNATURES) is over {@code metadata.value ‖ header ‖
 * BlockHeaderBytes(block header)}, where the header is the signer's {@code SignatureHeader}
 * (creator, nonce) or, from a SmartBFT orderer, its {@code IdentifierHeader} (consenter id,
 * nonce), and BlockHeaderBytes is the ASN.1 DER of (number, previous hash, data hash): a signature
 * binds the block's number, its predecessor and its transactions, and no other block's.
 * <ul>
 *   <li>Raft (the network's LetheRaft profile): BlockValidation is {@code ANY Writers} of the
 *       orderer group, i.e. one signature by a member of an orderer org (a certificate under its CA);
 *   <li>SmartBFT: configtxgen replaces BlockValidation by a quorum of distinct consenters
 *       ({@link OrdererConfig#quorum}); a signer is named by its consenter id, or by a creator
 *       whose certificate is a consenter's.
 * </ul>
 * Signatures that do not count are skipped, as Fabric's policy skips them; the block passes when
 * enough distinct signers remain. A signature header (or, on SmartBFT, identifier header) that does
 * not parse fails the whole block, as Fabric's {@code BlockSignatureVerifier} does. A high-S ECDSA
 * signature (s &gt; n/2) does not verify, as in Fabric's bccsp. A signer certificate counts only if it
 * is no CA certificate and carries exactly one Fabric node OU (client, peer, admin or orderer), as
 * the MSP of an org with NodeOUs requires ({@link OrgCas#ordererProblem}). Malformed input is a
 * reason, never an exception.
 */
public final class BlockSignatures {
  private BlockSignatures() {}

  /**
   * The outcome for one block: how many distinct orderer identities validly signed it, how many its
   * channel requires, and what is wrong with each signature that did not count (or with the block).
   */
  public record Result(long block, int signers, int required, List<String> problems) {
    public Result {
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return signers >= required && required > 0;
    }

    /** Why the block is not signed by the orderers, in words (meaningful when not {@link #ok}). */
    public String reason() {
      String counted = signers + " distinct orderer signer(s), " + required + " required";
      if (required == 0) {
        return String.join("; ", problems);
      }
      return problems.isEmpty() ? counted : String.join("; ", problems) + " (" + counted + ")";
    }
  }

  /**
   * The orderer signatures of the block with {@code header} and SIGNATURES metadata bytes
   * {@code signatures}, on {@code channel}, against {@code cas}' orderer CAs and the channel's
   * config; without a config for the channel it fails (which rule applies is not known).
   */
  public static Result check(BlockHeader header, ByteString signatures, String channel, OrgCas cas) {
    long number = header.getNumber();
    OrdererConfig config = cas.ordererConfig(channel);
    if (config == null) {
      String why = cas.configProblem(channel);
      return new Result(number, 0, 0, List.of("no config block for channel " + channel + " in the network folder"
          + (why == null ? "" : " (" + why + ")") + ": cannot tell which block-validation rule applies"));
    }
    boolean bft = config.bft();
    int required = bft ? config.quorum() : 1;
    if (signatures.isEmpty()) {
      return new Result(number, 0, required, List.of("the block carries no orderer signature"));
    }
    Metadata md;
    try {
      md = Metadata.parseFrom(signatures);
    } catch (InvalidProtocolBufferException e) {
      return new Result(number, 0, required, List.of("the block's signature metadata does not parse"));
    }
    if (md.getSignaturesCount() == 0) {
      return new Result(number, 0, required, List.of("the block carries no orderer signature"));
    }
    byte[] headerBytes = headerBytes(header);
    Set<String> signers = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < md.getSignaturesCount(); i++) {
      MetadataSignature s = md.getSignatures(i);
      Signer who = signer(s, bft ? config : null, cas);
      if (who.malformed()) {
        // Fabric's BlockSignatureVerifier returns an error for the whole block, whatever the other entries
        return new Result(number, 0, required, List.of("signature " + i + ": " + who.problem()
            + " (a Fabric peer rejects the whole block)"));
      }
      String problem = who.problem();
      if (problem == null) {
        byte[] signed = concat(md.getValue(), who.header(), headerBytes);
        if (who.certificate().getPublicKey() instanceof ECPublicKey ec
            && !FabricSignatures.lowS(ec, s.getSignature().toByteArray())) {
          problem = "not a low-S ECDSA signature (s > n/2, or not DER), which Fabric's bccsp refuses";
        } else if (!FabricSignatures.verifies(who.certificate().getPublicKey(), s.getSignature().toByteArray(), signed)) {
          problem = "it does not verify over this block's header and metadata (made for another block, or the block"
              + " was edited after it was signed)";
        } else if (!signers.add(HexFormat.of().formatHex(who.encoded()))) {
          problem = "a second signature by " + who.name() + " (counted once)";
        }
      }
      if (problem != null) {
        problems.add("signature " + i + (who.name().isEmpty() ? "" : " (" + who.name() + ")") + ": " + problem);
      }
    }
    if (bft && signers.size() < required) {
      problems.add("below the SmartBFT quorum of " + config.consenters().size() + " consenters");
    }
    return new Result(number, signers.size(), required, problems);
  }

  /** Who signed {@code s}: the certificate and the header bytes under its signature, or why none counts. */
  private record Signer(String name, X509Certificate certificate, ByteString header, String problem,
      boolean malformed) {
    Signer(String name, X509Certificate certificate, ByteString header, String problem) {
      this(name, certificate, header, problem, false);
    }

    static Signer not(String name, String problem) {
      return new Signer(name, null, ByteString.EMPTY, problem, false);
    }

    /** A header that does not unmarshal: Fabric fails the block, not just this entry. */
    static Signer malformed(String problem) {
      return new Signer("", null, ByteString.EMPTY, problem, true);
    }

    byte[] encoded() {
      try {
        return certificate.getEncoded();
      } catch (GeneralSecurityException e) {
        return new byte[0];
      }
    }
  }

  private static Signer signer(MetadataSignature s, OrdererConfig bft, OrgCas cas) {
    if (s.getSignatureHeader().isEmpty() && !s.getIdentifierHeader().isEmpty()) {
      long id;
      try {
        id = Integer.toUnsignedLong(IdentifierHeader.parseFrom(s.getIdentifierHeader()).getIdentifier());
      } catch (InvalidProtocolBufferException e) {
        // Fabric reads an identifier header on a SmartBFT channel only (elsewhere: an empty signature header,
        // no creator, the entry skipped)
        return bft == null ? Signer.not("", "its identifier header does not parse")
            : Signer.malformed("its identifier header does not parse");
      }
      String name = "consenter " + id;
      if (bft == null) {
        return Signer.not(name, "a SmartBFT identifier header, but the network folder names no SmartBFT consenters"
            + " for this channel");
      }
      OrdererConfig.Consenter c = bft.consenter(id);
      if (c == null) {
        return Signer.not(name, "consenter id " + id + " is not a consenter of the channel");
      }
      String problem = cas.ordererProblem(c.mspId(), c.certificate());
      return new Signer(name, c.certificate(), s.getIdentifierHeader(), problem);
    }
    SignatureHeader shdr;
    try {
      shdr = SignatureHeader.parseFrom(s.getSignatureHeader());
    } catch (InvalidProtocolBufferException e) {
      return Signer.malformed("its signature header does not parse");
    }
    SerializedIdentity creator;
    X509Certificate cert;
    try {
      creator = SerializedIdentity.parseFrom(shdr.getCreator());
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(
          creator.getIdBytes().toByteArray()));
    } catch (InvalidProtocolBufferException | GeneralSecurityException | RuntimeException e) {
      return Signer.not("", "its signer identity or certificate does not parse");
    }
    String name = creator.getMspid() + " " + cert.getSubjectX500Principal().getName();
    String problem = cas.ordererProblem(creator.getMspid(), cert);
    if (problem == null && bft != null && bft.consenters().stream().noneMatch(c -> sameCertificate(c.certificate(),
        cert))) {
      problem = "the signer is not a consenter of the channel (SmartBFT counts consenters only)";
    }
    return new Signer(name, cert, s.getSignatureHeader(), problem);
  }

  private static boolean sameCertificate(X509Certificate a, X509Certificate b) {
    try {
      return java.util.Arrays.equals(a.getEncoded(), b.getEncoded());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Fabric's {@code protoutil.BlockHeaderBytes}: DER of SEQUENCE { INTEGER number, OCTET STRING previous hash, OCTET STRING data hash }. */
  static byte[] headerBytes(BlockHeader h) {
    try {
      return new DERSequence(new ASN1Encodable[] {
          new ASN1Integer(new BigInteger(Long.toUnsignedString(h.getNumber()))),
          new DEROctetString(h.getPreviousHash().toByteArray()),
          new DEROctetString(h.getDataHash().toByteArray())}).getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] concat(ByteString value, ByteString signerHeader, byte[] header) {
    return value.concat(signerHeader).concat(ByteString.copyFrom(header)).toByteArray();
  }

}
