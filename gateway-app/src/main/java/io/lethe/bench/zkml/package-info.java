/**
 * {@code lethe bench zkml}: the ZKMLOps benchmark (DESIGN §9). The same chunk statements on
 * models of growing size through each proof backend, side by side in one run: gnark Groth16 and
 * gnark PlonK (the universal chunk circuits, {@code lethe-prover bench --chunk}) and EZKL (the
 * same chunk-cascade relation as an ONNX graph, {@code prover-native/bench/ezkl_chunk.py}).
 *
 * <p>A backend measures real chunk proofs under one setup ({@link ChunkMeasurement}); a model
 * of n weights costs ⌈n/1024⌉ of them ({@link ModelCell}: MEASURED when that many chunks were
 * proven for real in the run, COMPUTED from the per-chunk mean otherwise, never mixed up). A
 * backend that cannot run is a row with its reason ({@link ChunkMeasurement#unavailable}).
 * {@link ZkmlTable} builds the table and the JSON, {@link ZkmlCharts} the plot.
 */
package io.lethe.bench.zkml;
