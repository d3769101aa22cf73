package io.lethe.cli;

import io.lethe.fl.data.Dataset;
import io.lethe.fl.data.FashionMnist;
import io.lethe.fl.model.Architectures;
import io.lethe.fl.model.Backend;
import io.lethe.fl.model.Network;
import io.lethe.fl.train.TrainConfig;
import io.lethe.fl.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code lethe bench fl}: throughput of the ND4J backend against the plain-Java backend on the
 * same model, weights and Fashion-MNIST samples, measured in the same run (interleaved rounds,
 * median round): SGD training, per-sample gradients (what OBS's Fisher needs) and evaluation.
 */
@Command(
    name = "fl",
    mixinStandardHelpOptions = true,
    description = {
      "FL model backends, same run: samples/s of ND4J vs plain Java for training (SGD steps),",
      "per-sample gradients and evaluation; ratio = ND4J throughput / plain-Java throughput.",
      "For alexnet, resnet18 and mobilenetv2 (ND4J only) the baseline is cnn on plain Java.",
      "Uses Fashion-MNIST training images when installed, else seeded random images."
    })
public final class FlBenchCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", defaultValue = "mlp", description = "mlp | cnn | mlp-small | mlp-tiny | alexnet | resnet18 | mobilenetv2 (default ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--batch", defaultValue = "32", description = "training batch size (default ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--steps", defaultValue = "50", description = "SGD steps per round (default ${DEFAULT-VALUE})")
  int steps;

  @Option(names = "--per-sample", defaultValue = "64", description = "per-sample gradients per round (default ${DEFAULT-VALUE})")
  int perSample;

  @Option(names = "--eval", defaultValue = "2000", description = "samples evaluated per round (default ${DEFAULT-VALUE})")
  int eval;

  @Option(names = "--rounds", defaultValue = "3", description = "measured rounds (default ${DEFAULT-VALUE})")
  int rounds;

  @Mixin JsonOption json;

  /** Throughput of one operation: samples per second on ND4J and on the baseline, and their ratio. */
  record Throughput(int samples, double nd4jSamplesPerSecond, double javaSamplesPerSecond, double ratio) {}

  /** The run's set-up and one {@link Throughput} per operation. */
  record Result(String model, int parameters, String baseline, String data, int batch, int rounds,
      Map<String, Throughput> results) {}

  private interface Work {
    void run(Network net, Dataset data);
  }

  @Override
  public Integer call() throws IOException {
    if (!Architectures.NAMES.contains(model)) {
      throw new UserError("unknown --model '" + model + "' (known: " + String.join(", ", Architectures.NAMES) + ")");
    }
    if (batch < 1 || steps < 1 || perSample < 1 || eval < 1 || rounds < 1) {
      throw new UserError("--batch, --steps, --per-sample, --eval and --rounds must be positive");
    }
    int needed = Math.max(batch * steps, Math.max(perSample, eval));
    Path dir = FashionMnist.directory();
    boolean real = FashionMnist.available(dir);
    Dataset data = real ? FashionMnist.train(dir).head(needed) : random(needed, 784, 10, 1);
    // the contender and its baseline: ND4J vs plain Java on the same weights, or for an
    // ND4J-only model that model vs the default cnn on plain Java (what a long run costs more)
    boolean nd4jOnly = Architectures.ND4J_ONLY.contains(model);
    String baselineModel = nd4jOnly ? "cnn" : model;
    double[] weights = Network.create(model, 1, nd4jOnly ? Backend.ND4J : Backend.JAVA).params();
    double[] baselineWeights = nd4jOnly ? Network.create("cnn", 1, Backend.JAVA).params() : weights;
    java.util.function.Supplier<Network> contender = () -> Network.of(model, weights.clone(), Backend.ND4J);
    java.util.function.Supplier<Network> baseline = () -> Network.of(baselineModel, baselineWeights.clone(), Backend.JAVA);
    List<java.util.function.Supplier<Network>> sides = List.of(contender, baseline);

    Map<String, Work> work = new LinkedHashMap<>();
    work.put("train", (net, d) -> Trainer.train(net, d.head(batch * steps), new TrainConfig(1, batch, 0.01, 0.9), 1));
    work.put("perSampleGradient", (net, d) -> {
      double[] g = new double[net.paramCount()];
      for (int i = 0; i < perSample; i++) {
        net.lossGradient(d, new int[] {i}, g, 1.0);
      }
    });
    work.put("evaluate", (net, d) -> net.accuracy(d.head(eval)));
    Map<String, Integer> samples = Map.of("train", batch * steps, "perSampleGradient", perSample, "evaluate", eval);

    Map<String, Throughput> rows = new LinkedHashMap<>();
    for (Map.Entry<String, Work> w : work.entrySet()) {
      List<List<Double>> secs = List.of(new ArrayList<>(), new ArrayList<>());
      for (var side : sides) {
        w.getValue().run(side.get(), data); // warm-up (graph build, JIT)
      }
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < sides.size(); i++) {
          Network net = sides.get(i).get();
          long t0 = System.nanoTime();
          w.getValue().run(net, data);
          secs.get(i).add((System.nanoTime() - t0) / 1e9);
        }
      }
      int n = samples.get(w.getKey());
      double nd4j = n / median(secs.get(0));
      double java = n / median(secs.get(1));
      rows.put(w.getKey(), new Throughput(n, nd4j, java, nd4j / java));
    }
    Result result = new Result(model, weights.length, baselineModel + " on plain Java",
        real ? "fashion-mnist" : "random", batch, rounds, rows);
    PrintWriter out = spec.commandLine().getOut();
    if (json.enabled()) {
      JsonOption.print(out, result);
      return 0;
    }
    out.printf("model %s (%d parameters) on ND4J vs %s, %s data, batch %d, median of %d rounds%n",
        model, result.parameters(), result.baseline(), result.data(), batch, rounds);
    out.printf("%-18s %14s %14s %8s%n", "operation", "ND4J samp/s", "base samp/s", "ratio");
    for (Map.Entry<String, Throughput> e : rows.entrySet()) {
      Throughput t = e.getValue();
      out.printf("%-18s %14.1f %14.1f %7.2fx%n", e.getKey(), t.nd4jSamplesPerSecond(), t.javaSamplesPerSecond(), t.ratio());
    }
    out.flush();
    return 0;
  }

  private static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  private static Dataset random(int n, int features, int classes, long seed) {
    Random r = new Random(seed);
    float[] px = new float[n * features];
    int[] lb = new int[n];
    for (int i = 0; i < px.length; i++) {
      px[i] = r.nextFloat();
    }
    Arrays.setAll(lb, i -> r.nextInt(classes));
    return new Dataset(px, lb, features);
  }
}
