package io.lethe.flledger;

import io.lethe.fl.Scenario;
import io.lethe.fl.data.Dataset;
import io.lethe.fl.data.FashionMnist;
import io.lethe.fl.data.Partitioner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The federation's data as each party sees it: a client's own partition (by its scenario user),
 * the provider's reference set, and the evaluator's test set split by the classes a request
 * forgets. Partitions are a deterministic function of {@link FlSetup}, so every client derives
 * its own share without anyone shipping data.
 */
public final class FlData {
  private final Scenario.Data data;
  private final Dataset test;

  private FlData(Scenario.Data data, Dataset test) {
    this.data = data;
    this.test = test;
  }

  public static FlData load(FlSetup setup, Path dataDir) throws IOException {
    Scenario.Config cfg = setup.config();
    Dataset train = FashionMnist.train(dataDir);
    Dataset test = FashionMnist.test(dataDir);
    Scenario.Data d = Scenario.data(train, test, cfg);
    return new FlData(d, d.testForget().concat(d.testRetained()));
  }

  /** The client's own partition (train and local test). */
  public Partitioner.UserData own(String scenarioUser) {
    return data.users().get(scenarioUser);
  }

  /** The client's own training samples of the forgotten classes (empty for users that hold none). */
  public Dataset ownForgetSamples(String scenarioUser, Set<Integer> forget) {
    return own(scenarioUser).train().filterLabels(forget::contains);
  }

  /** The client's own training samples once the forgotten classes are removed. */
  public Dataset ownRetained(String scenarioUser, Set<Integer> forget) {
    return own(scenarioUser).train().filterLabels(l -> !forget.contains(l));
  }

  /** The provider's reference set (retained classes, never a user's). */
  public Dataset providerReference() {
    return data.providerReference();
  }

  /** Test samples of the given classes (the evaluator's A_f set). */
  public Dataset testOf(Set<Integer> classes) {
    return test.filterLabels(classes::contains);
  }

  /** Test samples of every other class (the evaluator's A_r set). */
  public Dataset testWithout(Set<Integer> classes) {
    return test.filterLabels(l -> !classes.contains(l));
  }
}
