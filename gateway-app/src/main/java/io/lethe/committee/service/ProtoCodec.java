package io.lethe.committee.service;

import com.google.protobuf.ByteString;
import io.lethe.chameleon.P256;
import io.lethe.chameleon.committee.AdaptTarget;
import io.lethe.chameleon.committee.DkgRound1;
import io.lethe.chameleon.committee.NonceCommitment;
import io.lethe.chameleon.committee.SigningPackage;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;

/** Conversions between the wire messages of {@code committee.proto} and the core types (decoding validates). */
final class ProtoCodec {
  private ProtoCodec() {}

  static io.lethe.proto.AdaptTarget target(KeyedTarget t) {
    return io.lethe.proto.AdaptTarget.newBuilder()
        .setCtx(ByteString.copyFrom(t.target().ctx()))
        .setC(ByteString.copyFrom(t.target().c()))
        .setNewMessage(ByteString.copyFrom(t.target().newMessage()))
        .setKeyIndex(t.keyIndex())
        .build();
  }

  static KeyedTarget target(io.lethe.proto.AdaptTarget t) {
    return new KeyedTarget(t.getKeyIndex(),
        new AdaptTarget(t.getCtx().toByteArray(), t.getC().toByteArray(), t.getNewMessage().toByteArray()));
  }

  static io.lethe.proto.NonceCommitment commitment(NonceCommitment c) {
    return io.lethe.proto.NonceCommitment.newBuilder()
        .setMember(c.member())
        .setD(ByteString.copyFrom(c.dBytes()))
        .setE(ByteString.copyFrom(c.eBytes()))
        .build();
  }

  static NonceCommitment commitment(io.lethe.proto.NonceCommitment c) {
    return NonceCommitment.fromBytes(c.getMember(), c.getD().toByteArray(), c.getE().toByteArray());
  }

  static io.lethe.proto.SigningPackage signingPackage(int keyIndex, SigningPackage p) {
    io.lethe.proto.SigningPackage.Builder b = io.lethe.proto.SigningPackage.newBuilder()
        .setTarget(target(new KeyedTarget(keyIndex, p.target())));
    p.commitments().forEach(c -> b.addCommitments(commitment(c)));
    return b.build();
  }

  record KeyedPackage(int keyIndex, SigningPackage pkg) {}

  static KeyedPackage signingPackage(io.lethe.proto.SigningPackage p) {
    KeyedTarget t = target(p.getTarget());
    List<NonceCommitment> cs = new ArrayList<>();
    p.getCommitmentsList().forEach(c -> cs.add(commitment(c)));
    return new KeyedPackage(t.keyIndex(), new SigningPackage(t.target(), cs));
  }

  static io.lethe.proto.DkgCommitments dkgRound1(DkgRound1 r) {
    io.lethe.proto.DkgCommitments.Builder b = io.lethe.proto.DkgCommitments.newBuilder()
        .setMember(r.member())
        .setPokR(ByteString.copyFrom(P256.encodePoint(r.pokR())))
        .setPokMu(ByteString.copyFrom(P256.encodeScalar(r.pokMu())));
    r.commitments().forEach(a -> b.addCommitments(ByteString.copyFrom(P256.encodePoint(a))));
    return b.build();
  }

  static DkgRound1 dkgRound1(io.lethe.proto.DkgCommitments p) {
    List<ECPoint> cs = new ArrayList<>();
    for (ByteString a : p.getCommitmentsList()) {
      cs.add(P256.decodePoint(a.toByteArray(), "DKG commitment of member " + p.getMember()));
    }
    return new DkgRound1(p.getMember(), cs, P256.decodePoint(p.getPokR().toByteArray(), "DKG proof R"),
        P256.decodeScalar(p.getPokMu().toByteArray(), "DKG proof mu"));
  }
}
