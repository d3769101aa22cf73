package io.lethe.fl.train;

/**
 * Mini-batch SGD with momentum. With {@code cosineDecay} the learning rate anneals from
 * {@code learningRate} to 0 over the call's steps ({@code lr·½(1+cos(π·t/T))}); without it, it
 * stays constant.
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, double momentum,
    boolean cosineDecay) {

  public TrainConfig(int epochs, int batchSize, double learningRate, double momentum) {
    this(epochs, batchSize, learningRate, momentum, false);
  }

  public TrainConfig withEpochs(int e) {
    return new TrainConfig(e, batchSize, learningRate, momentum, cosineDecay);
  }

  public TrainConfig withLearningRate(double lr) {
    return new TrainConfig(epochs, batchSize, lr, momentum, cosineDecay);
  }

  /** The learning rate of step {@code t} of {@code total}. */
  public double learningRateAt(long t, long total) {
    return cosineDecay && total > 0 ? learningRate * 0.5 * (1 + Math.cos(Math.PI * t / total)) : learningRate;
  }
}
