package io.lethe.fl;

/** Mini-batch SGD with momentum. */
public record TrainConfig(int epochs, int batchSize, double learningRate, double momentum) {
  public TrainConfig withEpochs(int e) {
    return new TrainConfig(e, batchSize, learningRate, momentum);
  }
}
