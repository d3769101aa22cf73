package io.lethe.fl.model;

import org.nd4j.linalg.factory.Nd4j;

/**
 * One-time ND4J set-up before the first model runs. Threads default to 1
 * ({@code LETHE_ND4J_THREADS} overrides): our matrices are small, and on a shared 2-core machine
 * OpenMP/OpenBLAS worker threads spin against other processes (measured 7× slower training
 * with 2 threads under load). JavaCPP's physical-memory check reads /proc on every allocation,
 * which dominates small ops, so it is off unless the caller set it. The natives are nd4j-native's
 * {@code linux-x86_64-onednn} build (oneDNN convolution kernels: 2–4× faster float
 * convolutions for the long-run variants than the default build); JavaCPP picks a build by
 * platform extension, set here before ND4J loads.
 */
final class Nd4jRuntime {
  private static volatile boolean ready;

  private Nd4jRuntime() {}

  static void ensure() {
    if (ready) {
      return;
    }
    synchronized (Nd4jRuntime.class) {
      if (ready) {
        return;
      }
      if (System.getProperty("org.bytedeco.javacpp.platform.extension") == null) {
        System.setProperty("org.bytedeco.javacpp.platform.extension", "-onednn");
      }
      if (System.getProperty("org.bytedeco.javacpp.maxphysicalbytes") == null) {
        System.setProperty("org.bytedeco.javacpp.maxphysicalbytes", "0");
      }
      if (System.getProperty("org.bytedeco.javacpp.maxbytes") == null) {
        System.setProperty("org.bytedeco.javacpp.maxbytes", "0");
      }
      int threads = 1;
      String env = System.getenv("LETHE_ND4J_THREADS");
      if (env != null && !env.isBlank()) {
        threads = Math.max(1, Integer.parseInt(env.trim()));
      }
      Nd4j.getEnvironment().setMaxThreads(threads);
      Nd4j.getEnvironment().setMaxMasterThreads(threads);
      Nd4j.factory().blas().setMaxThreads(threads);
      ready = true;
    }
  }
}
