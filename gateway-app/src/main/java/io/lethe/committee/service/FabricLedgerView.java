package io.lethe.committee.service;

import io.lethe.fabric.ChaincodeRefusal;
import io.lethe.fabric.ConnectionProfile;
import io.lethe.fabric.Deadlines;
import io.lethe.fabric.FabricSession;
import io.lethe.fabric.LedgerClient;
import io.lethe.ledger.ErrorCode;
import io.lethe.ledger.Json;
import io.lethe.ledger.Records.LiveBlock;
import io.lethe.ledger.Records.LiveTransaction;
import io.lethe.ledger.Records.UnlearningRequest;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A committee member's own reading of the ledger: as its org's client identity
 * ({@code committee<i>} in the connection profile), through the peer that identity is bound to.
 * Nothing here comes from the coordinator. A record the chaincode reports NOT_FOUND is empty;
 * any other failure propagates and the member refuses the target.
 */
public final class FabricLedgerView implements LedgerView, AutoCloseable {
  private final FabricSession session;
  private final LedgerClient ledger;

  public FabricLedgerView(Path connectionProfile, int member) {
    this.session = new FabricSession(ConnectionProfile.load(connectionProfile), null, Deadlines.standard());
    this.ledger = session.ledger("committee" + member);
  }

  @Override
  public String channel() {
    return ledger.channel();
  }

  @Override
  public Optional<UnlearningRequest> request(String id) {
    return found(() -> Json.read(Json.bytes(ledger.evaluate("GetRequest", id)), UnlearningRequest.class));
  }

  @Override
  public Optional<LiveTransaction> tx(String id) {
    return found(() -> ledger.tx(id));
  }

  @Override
  public Optional<LiveBlock> block(long height) {
    return found(() -> ledger.block(height));
  }

  private static <T> Optional<T> found(Supplier<T> read) {
    try {
      return Optional.of(read.get());
    } catch (ChaincodeRefusal e) {
      if (e.code() == ErrorCode.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public void close() {
    session.close();
  }
}
