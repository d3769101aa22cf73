package io.lethe.committee.service;

import io.lethe.chameleon.committee.DkgParticipant;
import io.lethe.chameleon.committee.DkgShare;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One member's state during a DKG run: its participant, where the others are, the shares received. */
final class DkgMemberSession {
  final String id;
  final int keyIndex;
  final DkgParticipant participant;
  final Map<Integer, Endpoint> endpoints;
  final long createdAt = System.currentTimeMillis();
  private final Map<Integer, DkgShare> received = new TreeMap<>();
  private final Map<Integer, byte[]> transcripts = new TreeMap<>();
  private byte[] ownTranscript;

  DkgMemberSession(String id, int keyIndex, DkgParticipant participant, Map<Integer, Endpoint> endpoints) {
    this.id = id;
    this.keyIndex = keyIndex;
    this.participant = participant;
    this.endpoints = Map.copyOf(endpoints);
  }

  synchronized void receive(DkgShare share, byte[] transcript) {
    if (received.containsKey(share.from())) {
      throw new IllegalStateException("a share from member " + share.from() + " was already received");
    }
    received.put(share.from(), share);
    transcripts.put(share.from(), transcript.clone());
  }

  synchronized void ownTranscript(byte[] t) {
    ownTranscript = t.clone();
  }

  /** Members whose view of round 1 differs from this member's (a coordinator equivocated). */
  synchronized List<Integer> disagreeing() {
    if (ownTranscript == null) {
      throw new IllegalStateException("round 2 has not run on this member");
    }
    return transcripts.entrySet().stream()
        .filter(e -> !java.util.Arrays.equals(e.getValue(), ownTranscript))
        .map(Map.Entry::getKey)
        .toList();
  }

  synchronized List<DkgShare> received() {
    return List.copyOf(received.values());
  }
}
