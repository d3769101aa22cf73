package io.lethe.flledger;

import io.lethe.fl.Scenario;
import io.lethe.fl.model.Backend;
import io.lethe.fl.train.TrainConfig;
import java.util.List;
import java.util.TreeSet;

/**
 * How the federation on the ledger was trained, written by {@code lethe fl train} to
 * {@code <network state>/fl/setup.json} and read back by {@code lethe unlearn run}: every client
 * derives its own data partition from it (the partition is a deterministic function of the seed
 * and the sizes), and the coordinator knows which content stores hold the models.
 *
 * @param privateClasses classes whose training images only {@code user1} holds (what a later request forgets)
 * @param liveStore {@code fs DIR} or {@code kubo URL}
 * @param archiveStore directory of the archive content store
 */
public record FlSetup(String scenario, String architecture, String backend, List<Integer> privateClasses,
    boolean quick, long seed, int samplesPerUser, int testSamples, TrainConfig rootTraining,
    TrainConfig localTraining, String liveStore, String archiveStore) {

  /** The scenario recipe the clients train and unlearn with. */
  public Scenario.Config config() {
    return Scenario.Config.of(architecture, new TreeSet<>(privateClasses), quick, seed)
        .withSamplesPerUser(samplesPerUser)
        .withTestSamples(testSamples)
        .withTraining(rootTraining, localTraining);
  }

  public Backend backendValue() {
    return Backend.parse(backend);
  }
}
