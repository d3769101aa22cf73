package io.lethe.fl;

import io.lethe.fl.data.Dataset;
import io.lethe.fl.data.Partitioner;
import io.lethe.fl.train.TrainConfig;
import io.lethe.ledger.InheritanceDag;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The {@code fmnist-14} scenario: 14 users, 15 models in an inheritance DAG shaped like
 * BlockFUL's Fig. 4 (depth 5, 1–3 refs per model). User {@code u01} publishes two starting
 * models ({@code u01a} a root, {@code u01b} inheriting from {@code u03}) and is the only user
 * holding samples of the classes to forget; the retained classes are spread IID over all users.
 */
public final class Scenario {
  public static final String NAME = "fmnist-14";
  public static final String FORGETTING_USER = "u01";

  /** One model: id, owning user, refs. */
  public record ModelSpec(String id, String user, List<String> refs) {}

  public static final List<ModelSpec> MODELS = List.of(
      new ModelSpec("u01a", "u01", List.of()),
      new ModelSpec("u02", "u02", List.of()),
      new ModelSpec("u03", "u03", List.of()),
      new ModelSpec("u04", "u04", List.of("u01a", "u02")),
      new ModelSpec("u05", "u05", List.of("u02", "u03")),
      new ModelSpec("u01b", "u01", List.of("u03")),
      new ModelSpec("u06", "u06", List.of("u04", "u05")),
      new ModelSpec("u07", "u07", List.of("u04", "u01b")),
      new ModelSpec("u08", "u08", List.of("u05", "u01b", "u03")),
      new ModelSpec("u09", "u09", List.of("u06", "u07")),
      new ModelSpec("u10", "u10", List.of("u07", "u08")),
      new ModelSpec("u11", "u11", List.of("u08")),
      new ModelSpec("u12", "u12", List.of("u09", "u10", "u11")),
      new ModelSpec("u13", "u13", List.of("u10")),
      new ModelSpec("u14", "u14", List.of("u12", "u13")));

  /** How users' retained-class images are drawn from the pool. */
  public enum UserSampling {
    /** Disjoint shares (the paper's setting): each image belongs to at most one user. */
    DISJOINT,
    /** Each user draws its images independently: users may share an image (never a forgotten one). */
    OVERLAPPING,
    /** Disjoint when the pool holds {@code users × retainedPerUser} images, else overlapping (the earlier rule). */
    AUTO;

    public String describe() {
      return switch (this) {
        case DISJOINT -> "disjoint";
        case OVERLAPPING -> "independent draws (users may share retained-class images)";
        case AUTO -> "disjoint if the pool is large enough, else independent draws";
      };
    }
  }

  /**
   * Sizes and training recipe. {@code retainedPerUser} 0 means "an equal disjoint share of the
   * pool"; {@code validation} training images (all classes) are held out before anything else
   * and never given to a user: every tuning decision is taken on them, the test set only gives
   * the final numbers. Training images of the forgotten classes that neither the forgetting user
   * nor the validation split holds stay unused: they are the held-out non-members of the
   * membership-inference attack.
   */
  public record Config(String architecture, Set<Integer> forgetClasses, int retainedPerUser,
      int forgetSamples, int providerReference, int globalTest, double localTestFraction,
      TrainConfig rootTraining, TrainConfig localTraining, long seed, UserSampling userSampling,
      int validation) {
    /** Retained-class training samples per user in the overlapping recipe ({@code --overlapping-users}). */
    public static final int RETAINED_PER_USER = 8000;
    /** Global test images the metrics use in the default recipe (all of Fashion-MNIST's). */
    public static final int GLOBAL_TEST = 10000;
    /** Training images held out as the validation split in the default recipe. */
    public static final int VALIDATION = 5000;
    /** Forget-class training images the forgetting user holds per forgotten class (default recipe). */
    public static final int FORGET_PER_CLASS = 3000;
    /** Initial SGD learning rate of root models (cosine-annealed). */
    public static final double ROOT_LEARNING_RATE = 0.02;
    /** Initial SGD learning rate of inheriting models (cosine-annealed). */
    public static final double LOCAL_LEARNING_RATE = 0.01;

    /** The earlier recipe's shape: no validation split, users disjoint when the pool allows. */
    public Config(String architecture, Set<Integer> forgetClasses, int retainedPerUser,
        int forgetSamples, int providerReference, int globalTest, double localTestFraction,
        TrainConfig rootTraining, TrainConfig localTraining, long seed) {
      this(architecture, forgetClasses, retainedPerUser, forgetSamples, providerReference, globalTest,
          localTestFraction, rootTraining, localTraining, seed, UserSampling.AUTO, 0);
    }

    /**
     * The default recipe: disjoint equal shares of the retained-class pool (≈ 3,400 training
     * images per user with one forgotten class), a 5,000-image validation split, the forgetting
     * user holding 3,000 images per forgotten class. {@code --quick} is a size a CI job runs in
     * about two minutes: 1,000 retained images per user, 1,000 per forgotten class, 2,000
     * validation and test images, fewer epochs. Learning rates anneal with a cosine schedule
     * within each training call.
     */
    public static Config of(String architecture, Set<Integer> forget, boolean quick, long seed) {
      boolean mlp = architecture.startsWith("mlp");
      int rootEpochs = mlp ? (quick ? 8 : 20) : (quick ? 4 : 12);
      int localEpochs = mlp ? (quick ? 2 : 5) : (quick ? 1 : 3);
      TrainConfig root = new TrainConfig(rootEpochs, 32, ROOT_LEARNING_RATE, 0.9, true);
      TrainConfig local = new TrainConfig(localEpochs, 32, LOCAL_LEARNING_RATE, 0.9, true);
      int forgetSamples = (quick ? 1000 : FORGET_PER_CLASS) * forget.size();
      return new Config(architecture, new TreeSet<>(forget), quick ? 1000 : 0, forgetSamples, 500,
          quick ? 2000 : GLOBAL_TEST, 0.1, root, local, seed, UserSampling.DISJOINT,
          quick ? 2000 : VALIDATION);
    }

    public Config withTestSamples(int n) {
      return new Config(architecture, forgetClasses, retainedPerUser, forgetSamples, providerReference,
          n, localTestFraction, rootTraining, localTraining, seed, userSampling, validation);
    }

    public Config withSamplesPerUser(int n) {
      return new Config(architecture, forgetClasses, n, forgetSamples, providerReference,
          globalTest, localTestFraction, rootTraining, localTraining, seed, userSampling, validation);
    }

    /** This recipe with the given training configs (a null keeps the current one). */
    public Config withTraining(TrainConfig root, TrainConfig local) {
      return new Config(architecture, forgetClasses, retainedPerUser, forgetSamples, providerReference,
          globalTest, localTestFraction, root != null ? root : rootTraining,
          local != null ? local : localTraining, seed, userSampling, validation);
    }

    public Config withSeed(long s) {
      return new Config(architecture, forgetClasses, retainedPerUser, forgetSamples, providerReference,
          globalTest, localTestFraction, rootTraining, localTraining, s, userSampling, validation);
    }

    public Config withUserSampling(UserSampling sampling) {
      return new Config(architecture, forgetClasses, retainedPerUser, forgetSamples, providerReference,
          globalTest, localTestFraction, rootTraining, localTraining, seed, sampling, validation);
    }

    public Config withValidation(int n) {
      return new Config(architecture, forgetClasses, retainedPerUser, forgetSamples, providerReference,
          globalTest, localTestFraction, rootTraining, localTraining, seed, userSampling, n);
    }

    public Config withForgetSamples(int n) {
      return new Config(architecture, forgetClasses, retainedPerUser, n, providerReference,
          globalTest, localTestFraction, rootTraining, localTraining, seed, userSampling, validation);
    }
  }

  /**
   * Everything the experiment needs about the data: users' data (the forgetting user's includes
   * the forget set), the forget set, the provider's reference set, the global test images split
   * by forgotten/retained class, the validation split (training images no user holds), and the
   * held-out training images of the forgotten classes (no user holds them either).
   */
  public record Data(Map<String, Partitioner.UserData> users, Dataset forgetSet,
      Dataset providerReference, Dataset testForget, Dataset testRetained, boolean disjointUsers,
      Dataset validation, Dataset heldOutForget, int retainedPerUser) {

    /** The user's training data after its deletion request (forget samples removed). */
    public Dataset trainAfterForgetting(String user, Set<Integer> forgetClasses) {
      return users.get(user).train().filterLabels(l -> !forgetClasses.contains(l));
    }
  }

  private Scenario() {}

  public static InheritanceDag dag() {
    InheritanceDag dag = new InheritanceDag();
    for (ModelSpec m : MODELS) {
      dag.add(m.id(), m.refs());
    }
    return dag;
  }

  public static Map<String, String> owners() {
    Map<String, String> o = new LinkedHashMap<>();
    MODELS.forEach(m -> o.put(m.id(), m.user()));
    return o;
  }

  public static List<String> users() {
    return MODELS.stream().map(ModelSpec::user).distinct().sorted().toList();
  }

  /** The starting models of a deletion request by {@link #FORGETTING_USER}. */
  public static List<String> startingModels() {
    return MODELS.stream().filter(m -> m.user().equals(FORGETTING_USER)).map(ModelSpec::id).toList();
  }

  public static Data data(Dataset train, Dataset test, Config cfg) throws IOException {
    Random rnd = new Random(cfg.seed());
    int[] order = Partitioner.shuffled(train.size(), rnd);
    // the validation split comes first and is nobody's (a seeded draw over all classes)
    int validationCount = Math.min(cfg.validation(), train.size() / 5);
    int[] validationIdx = Arrays.copyOf(order, validationCount);
    List<Integer> retained = new ArrayList<>();
    List<Integer> forget = new ArrayList<>();
    for (int k = validationCount; k < order.length; k++) {
      int i = order[k];
      (cfg.forgetClasses().contains(train.label(i)) ? forget : retained).add(i);
    }
    List<String> users = users();
    int forgetCount = Math.min(cfg.forgetSamples(), forget.size());
    int pool = retained.size() - cfg.providerReference();
    boolean disjoint = switch (cfg.userSampling()) {
      case DISJOINT -> true;
      case OVERLAPPING -> false;
      case AUTO -> cfg.retainedPerUser() > 0 && disjoint(pool, users.size(), cfg.retainedPerUser());
    };
    int share = pool / users.size();
    int perUser = cfg.retainedPerUser() <= 0 ? share
        : disjoint ? Math.min(cfg.retainedPerUser(), share) : Math.min(cfg.retainedPerUser(), pool);
    if (perUser < 10 || forgetCount < 1) {
      throw new IOException("not enough training samples for the scenario sizes");
    }
    // the provider's reference set comes next and is never a user's; users partition the rest
    // (or, with overlapping draws, each draws its share independently: users may then hold the
    // same image, never one of the forgotten classes)
    List<Integer> userPool = retained.subList(cfg.providerReference(), retained.size());
    int[][] shares = userShares(userPool, users.size(), perUser, cfg.seed(), disjoint);
    Map<String, Partitioner.UserData> userData = new LinkedHashMap<>();
    for (int u = 0; u < users.size(); u++) {
      Partitioner.UserData ud = Partitioner.split(train, shares[u], cfg.localTestFraction(), cfg.seed() + u);
      userData.put(users.get(u), ud);
    }
    int[] providerIdx = retained.subList(0, cfg.providerReference()).stream().mapToInt(Integer::intValue).toArray();
    int[] forgetIdx = forget.subList(0, forgetCount).stream().mapToInt(Integer::intValue).toArray();
    int[] heldOutIdx = forget.subList(forgetCount, forget.size()).stream().mapToInt(Integer::intValue).toArray();
    Dataset forgetSet = train.select(forgetIdx);
    Partitioner.UserData owner = userData.get(FORGETTING_USER);
    userData.put(FORGETTING_USER, new Partitioner.UserData(owner.train().concat(forgetSet), owner.test()));

    int[] testOrder = Partitioner.shuffled(test.size(), new Random(cfg.seed() ^ 0x5EED));
    int[] testIdx = Arrays.copyOf(testOrder, Math.min(cfg.globalTest(), test.size()));
    Arrays.sort(testIdx);
    Dataset testSet = test.select(testIdx);
    return new Data(userData, forgetSet, train.select(providerIdx),
        testSet.filterLabels(cfg.forgetClasses()::contains),
        testSet.filterLabels(l -> !cfg.forgetClasses().contains(l)),
        disjoint, train.select(validationIdx), train.select(heldOutIdx), perUser);
  }

  /** {@link #userShares(List, int, int, long, boolean)}, disjoint when the pool holds enough. */
  static int[][] userShares(List<Integer> pool, int users, int perUser, long seed) {
    return userShares(pool, users, perUser, seed, disjoint(pool.size(), users, perUser));
  }

  /**
   * Each user's {@code perUser} indices from {@code pool}: consecutive slices (a partition)
   * when {@code disjoint}, else an independent seeded draw per user (distinct within a
   * user; users may share indices).
   */
  static int[][] userShares(List<Integer> pool, int users, int perUser, long seed, boolean disjoint) {
    int[][] shares = new int[users][];
    for (int u = 0; u < users; u++) {
      if (disjoint) {
        shares[u] = pool.subList(u * perUser, (u + 1) * perUser).stream().mapToInt(Integer::intValue).toArray();
      } else {
        int[] draw = Partitioner.shuffled(pool.size(), new Random(seed * 31 + u));
        shares[u] = Arrays.stream(draw, 0, perUser).map(pool::get).toArray();
      }
    }
    return shares;
  }

  private static boolean disjoint(int poolSize, int users, int perUser) {
    return (long) perUser * users <= poolSize;
  }

  static int[] range(int n) {
    return IntStream.range(0, n).toArray();
  }
}
