package io.lethe.fl.model;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A whole model as one ND4J SameDiff graph behind the {@link Layer} interface, so that the
 * parameters stay one flat {@code double[]} in the {@link Network} (aggregation, gradient
 * passing, OBS, model files) while forward and backward passes run on ND4J (native OpenBLAS /
 * libnd4j). The graph's variables are laid out in the flat vector in declaration order, each
 * in C order.
 *
 * <p>{@link #backward} differentiates {@code Σ out ⊙ gradOut} (a placeholder), which yields the
 * vector–Jacobian product the {@link Network} needs for any loss it builds. SameDiff graphs
 * are not thread-safe, so every thread gets its own copy.
 */
public final class SameDiffLayer implements Layer {
  private static final String INPUT = "input";
  private static final String GRAD_OUT = "gradOut";

  /** Builds the model on {@code input} ({@code [batch, inSize]}) and returns {@code [batch, outSize]} logits. */
  public interface Graph {
    SDVariable build(SameDiff sd, SDVariable input, Params params);
  }

  /** Declares the graph's trainable variables (and how to initialise them) in flat order. */
  public static final class Params {
    private final SameDiff sd;
    private final DataType type;
    private final List<Spec> specs = new ArrayList<>();

    Params(SameDiff sd, DataType type) {
      this.sd = sd;
      this.type = type;
    }

    /** He-normal weights ({@code N(0, 2/fanIn)}), the plain-Java layers' initialisation. */
    public SDVariable weight(String name, long fanIn, long... shape) {
      return declare(name, Math.sqrt(2.0 / fanIn), shape);
    }

    /** Zero-initialised (biases). */
    public SDVariable zeros(String name, long... shape) {
      return declare(name, 0.0, shape);
    }

    private SDVariable declare(String name, double std, long... shape) {
      specs.add(new Spec(name, shape.clone(), std));
      return sd.var(name, type, shape);
    }
  }

  private record Spec(String name, long[] shape, double initStd) {
    int length() {
      return Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b));
    }
  }

  private final int in;
  private final int out;
  private final DataType type;
  private final Graph graph;
  private final List<Spec> specs;
  private final int paramCount;
  private final ThreadLocal<Compiled> compiled = ThreadLocal.withInitial(this::compile);

  /** A double-precision graph (what the cross-checks against the plain-Java layers need). */
  public SameDiffLayer(int in, int out, Graph graph) {
    this(in, out, DataType.DOUBLE, graph);
  }

  /**
   * A graph computing in {@code type}; the parameters stay {@code double[]}. {@code FLOAT}
   * lets libnd4j use its oneDNN convolution kernels (double convolutions run on the generic
   * im2col path).
   */
  public SameDiffLayer(int in, int out, DataType type, Graph graph) {
    Nd4jRuntime.ensure();
    this.in = in;
    this.out = out;
    this.type = type;
    this.graph = graph;
    Compiled probe = compile();
    this.specs = probe.specs;
    this.paramCount = specs.stream().mapToInt(Spec::length).sum();
    compiled.set(probe);
  }

  private final class Compiled {
    final SameDiff sd = SameDiff.create();
    final List<Spec> specs;
    final String outName;
    final String[] varNames;
    final String[] varNamesAndInput;
    boolean gradientReady;

    Compiled() {
      SDVariable x = sd.placeHolder(INPUT, type, -1, in);
      Params params = new Params(sd, type);
      SDVariable logits = graph.build(sd, x, params);
      this.specs = List.copyOf(params.specs);
      this.outName = logits.name();
      SDVariable gy = sd.placeHolder(GRAD_OUT, type, -1, out);
      SDVariable vjp = logits.mul(gy).sum();
      vjp.markAsLoss();
      varNames = specs.stream().map(Spec::name).toArray(String[]::new);
      varNamesAndInput = Arrays.copyOf(varNames, varNames.length + 1);
      varNamesAndInput[varNames.length] = INPUT;
    }

    void load(double[] p, int off) {
      int o = off;
      for (Spec s : specs) {
        int n = s.length();
        INDArray arr = Nd4j.create(Arrays.copyOfRange(p, o, o + n), s.shape(), 'c');
        sd.getVariable(s.name()).setArray(type == DataType.DOUBLE ? arr : arr.castTo(type));
        o += n;
      }
    }

    void ensureGradient() {
      if (!gradientReady) {
        // SameDiff prints one line per differentiated op to stdout; stdout carries our JSON.
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
          sd.createGradFunction();
        } finally {
          System.setOut(stdout);
        }
        gradientReady = true;
      }
    }
  }

  private Compiled compile() {
    return new Compiled();
  }

  @Override public int inSize() { return in; }
  @Override public int outSize() { return out; }
  @Override public int paramCount() { return paramCount; }

  @Override
  public void init(double[] p, int off, Random rnd) {
    int o = off;
    for (Spec s : specs) {
      int n = s.length();
      if (s.initStd() != 0.0) {
        for (int i = 0; i < n; i++) {
          p[o + i] = rnd.nextGaussian() * s.initStd();
        }
      }
      o += n;
    }
  }

  private INDArray matrix(double[] data, int rows, int cols) {
    double[] d = data.length == rows * cols ? data : Arrays.copyOf(data, rows * cols);
    INDArray m = Nd4j.create(d, new long[] {rows, cols}, 'c');
    return type == DataType.DOUBLE ? m : m.castTo(type);
  }

  @Override
  public void forward(double[] p, int off, double[] x, double[] y, int batch) {
    Compiled c = compiled.get();
    c.load(p, off);
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(INPUT, matrix(x, batch, in));
    INDArray logits = c.sd.output(ph, c.outName).get(c.outName);
    double[] v = logits.dup('c').data().asDouble();
    System.arraycopy(v, 0, y, 0, batch * out);
  }

  @Override
  public void backward(double[] p, int off, double[] x, double[] y, double[] gy, double[] gx,
      double[] g, int batch) {
    Compiled c = compiled.get();
    c.load(p, off);
    c.ensureGradient();
    Map<String, INDArray> ph = new HashMap<>();
    ph.put(INPUT, matrix(x, batch, in));
    ph.put(GRAD_OUT, matrix(gy, batch, out));
    Map<String, INDArray> grads = c.sd.calculateGradients(ph, gx == null ? c.varNames : c.varNamesAndInput);
    int o = off;
    for (Spec s : c.specs) {
      double[] d = grads.get(s.name()).dup('c').data().asDouble();
      for (int i = 0; i < d.length; i++) {
        g[o + i] += d[i];
      }
      o += d.length;
    }
    if (gx != null) {
      double[] d = grads.get(INPUT).dup('c').data().asDouble();
      System.arraycopy(d, 0, gx, 0, batch * in);
    }
  }
}
