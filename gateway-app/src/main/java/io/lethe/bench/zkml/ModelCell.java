package io.lethe.bench.zkml;

/**
 * One (backend, statement, model) cell: the dense update's proofs, ⌈n/1024⌉ chunks.
 *
 * @param basis MEASURED (that many chunk proofs were made in this run: the sums of their own
 *     times), COMPUTED (per-chunk mean × chunks) or UNAVAILABLE (the backend did not run; see {@code why})
 * @param fits whether the model's proofs fit the budget: prove CPU time ≤ the cell budget (so on
 *     an idle 2-core machine the wall time is within it too) and peak memory ≤ the memory limit
 * @param why the reason it does not fit or did not run; empty when it fits
 */
public record ModelCell(String backend, String statement, String model, long weights, int chunks, Basis basis,
    double proveSeconds, double proveCpuSeconds, long peakRssMiB, long bundleBytes, boolean fits, String why) {

  public enum Basis { MEASURED, COMPUTED, UNAVAILABLE }
}
