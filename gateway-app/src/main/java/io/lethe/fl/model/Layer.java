package io.lethe.fl.model;

import java.util.Random;

/**
 * One layer of a {@link Network}. Parameters live in the network's flat vector at
 * {@code off}; activations are flat {@code batch × size} arrays.
 */
public interface Layer {
  int inSize();

  int outSize();

  int paramCount();

  void init(double[] params, int off, Random rnd);

  void forward(double[] params, int off, double[] in, double[] out, int batch);

  /**
   * Adds this layer's parameter gradient into {@code grad} at {@code off} and, when
   * {@code gradIn} is not null, writes the gradient with respect to the input.
   */
  void backward(double[] params, int off, double[] in, double[] out, double[] gradOut,
      double[] gradIn, double[] grad, int batch);

  /**
   * Where this layer's parameters go in the published order ({@link PublishedOrder}): element
   * {@code p} is the layer-local index of the parameter at published position {@code p}; null
   * when the published order is the layer's own.
   */
  default int[] publishedOrder() {
    return null;
  }
}
