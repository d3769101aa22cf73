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
  private final Map<Integer, DkgShare> received = new TreeMap<>();

  DkgMemberSession(String id, int keyIndex, DkgParticipant participant, Map<Integer, Endpoint> endpoints) {
    this.id = id;
    this.keyIndex = keyIndex;
    this.participant = participant;
    this.endpoints = Map.copyOf(endpoints);
  }

  synchronized void receive(DkgShare share) {
    if (received.containsKey(share.from())) {
      throw new IllegalStateException("a share from member " + share.from() + " was already received");
    }
    received.put(share.from(), share);
  }

  synchronized List<DkgShare> received() {
    return List.copyOf(received.values());
  }
}
