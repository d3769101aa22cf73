#!/usr/bin/env python3
"""EZKL on the chunk-cascade relation, for `lethe bench zkml` (prover-native/bench/ZKMLOPS.md).

The relation of gnark's chunk-cascade (CHUNKS.md) on one chunk of --weights weights (1,024):
    w' = w + sum_s round(k_s * delta_s)        s = 1..4 starts
as an ONNX graph (Mul, ReduceSum, Add) with every input and the output "hashed": EZKL publishes
Poseidon hashes of w, delta_1..4, k_1..4 and w' (Poseidon over BN254 in Halo2 — our zkDigest is
Poseidon2 over BLS12-381, so the field and the hash differ; the binding is the same in kind:
the proof's public values are hashes of the hidden vectors). k is hashed too (EZKL gives all
inputs one visibility); in gnark k is public in the clear.

Fixed point: input and parameter scale --scale (log2, default 16 = our 2^16, if EZKL accepts it);
EZKL rescales the products with its own rounding rule, not FixedPoint's half-away-from-zero
per start, so its w' may differ from ours by a few units at 2^-scale: the script measures the
largest difference against the exact integer relation and reports it ("maxUlpDiff").

Pipeline: gen_settings, calibrate_settings (at --scale only; it sizes the hashing module), compile, gen_srs (a LOCAL dev SRS: its
secret is known to this process; a real deployment takes a public powers-of-tau file), setup
(Halo2 keys of this circuit shape from the SRS: universal, no per-circuit ceremony), then per
chunk gen_witness + prove + verify for --chunks distinct random chunks (stopping early once
--budget-s seconds of proving are spent). Prints one JSON object on stdout with the keys of
`lethe-prover bench --chunk ... --json`; progress on stderr. Needs: pip install ezkl onnx numpy.

usage: ezkl_chunk.py [--weights 1024] [--starts 4] [--scale 16] [--chunks 1] [--budget-s 0]
"""
import argparse, json, os, resource, shutil, sys, tempfile, time

import numpy as np
import onnx
from onnx import TensorProto, helper
import ezkl


def build(n, starts, path):
    g = helper.make_graph(
        [helper.make_node("Mul", ["K", "D"], ["KD"]),
         helper.make_node("ReduceSum", ["KD", "axis"], ["S"], keepdims=1),
         helper.make_node("Add", ["W", "S"], ["Wnew"])],
        "chunk_cascade",
        [helper.make_tensor_value_info("W", TensorProto.FLOAT, [1, n]),
         helper.make_tensor_value_info("D", TensorProto.FLOAT, [starts, n]),
         helper.make_tensor_value_info("K", TensorProto.FLOAT, [starts, 1])],
        [helper.make_tensor_value_info("Wnew", TensorProto.FLOAT, [1, n])],
        [helper.make_tensor("axis", TensorProto.INT64, [1], [0])])
    onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]), path)


def cpu_ms():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return int((r.ru_utime + r.ru_stime) * 1000)


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def log(msg):
    print("ezkl_chunk: " + msg, file=sys.stderr, flush=True)


def sample(rng, n, starts, scale):
    """Integer fixed-point values drawn like chunks.Sample (w ~ N(0, 0.2), delta ~ N(0, 0.01), k in [0, 1))."""
    one = 1 << scale
    w = np.round(rng.normal(0, 0.2, n) * one).astype(np.int64)
    d = np.round(rng.normal(0, 0.01, (starts, n)) * one).astype(np.int64)
    k = rng.integers(0, one, starts).astype(np.int64)
    return w, d, k


def exact(w, d, k, scale):
    """Our relation on integers: w + sum_s round_half_away(k_s * d_s / 2^scale)."""
    p = k[:, None] * d
    q = (np.abs(p) + (1 << (scale - 1))) >> scale
    return w + np.sum(np.sign(p) * q, axis=0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--weights", type=int, default=1024)
    ap.add_argument("--starts", type=int, default=4)
    ap.add_argument("--scale", type=int, default=16)
    ap.add_argument("--chunks", type=int, default=1)
    ap.add_argument("--budget-s", type=float, default=0)
    ap.add_argument("--keep", help="keep the work directory here (default: a temporary one, removed)")
    a = ap.parse_args()
    n, s, sc = a.weights, a.starts, a.scale
    d = a.keep or tempfile.mkdtemp(prefix="ezkl-chunk-")
    os.makedirs(d, exist_ok=True)
    f = lambda name: os.path.join(d, name)
    row = {"keyId": "chunk-cascade", "backend": "ezkl", "version": getattr(ezkl, "__version__", "?"),
           "weights": n, "starts": s, "scale": sc, "visibility": "hashed (Poseidon, BN254)", "cores": os.cpu_count()}
    try:
        build(n, s, f("cascade.onnx"))
        args = ezkl.PyRunArgs()
        args.input_visibility = "hashed"
        args.output_visibility = "hashed"
        args.param_visibility = "fixed"
        args.input_scale = sc
        args.param_scale = sc
        t, c = time.time(), cpu_ms()
        assert ezkl.gen_settings(f("cascade.onnx"), f("settings.json"), py_run_args=args)
        # calibration at our scale only: it sizes the circuit with the Poseidon hashing module
        # (gen_settings alone leaves too few rows for it), from one sample chunk
        rng = np.random.default_rng(1)
        w, dl, k = sample(rng, n, s, sc)
        one = float(1 << sc)
        data = {"input_data": [(w / one).tolist(), (dl / one).ravel().tolist(), (k / one).tolist()]}
        json.dump(data, open(f("input0.json"), "w"))
        assert ezkl.calibrate_settings(f("input0.json"), f("cascade.onnx"), f("settings.json"), "resources",
                                       scales=[sc], scale_rebase_multiplier=[1])
        assert ezkl.compile_circuit(f("cascade.onnx"), f("compiled"), f("settings.json"))
        st = json.load(open(f("settings.json")))
        row["logrows"] = st["run_args"]["logrows"]
        row["constraints"] = 1 << row["logrows"]  # Halo2 rows (2^logrows), not R1CS constraints
        row["compileMs"] = int((time.time() - t) * 1000)
        row["scale"] = st["run_args"]["input_scale"]
        log(f"compiled: logrows {row['logrows']}, scale {row['scale']}")
        t = time.time()
        ezkl.gen_srs(f("srs"), row["logrows"])
        row["srsMs"] = int((time.time() - t) * 1000)
        row["srsPoints"] = 1 << row["logrows"]
        log(f"dev SRS in {row['srsMs']} ms")
        ezkl.gen_witness(f("input0.json"), f("compiled"), f("witness0.json"))
        t = time.time()
        assert ezkl.setup(f("compiled"), f("vk.key"), f("pk.key"), f("srs"))
        row["setupMs"] = row["srsMs"] + int((time.time() - t) * 1000)
        row["setupCpuMs"] = cpu_ms() - c
        row["setup"] = "insecure-local-srs"
        row["vkBytes"], row["pkBytes"] = os.path.getsize(f("vk.key")), os.path.getsize(f("pk.key"))
        log(f"keys in {row['setupMs']} ms (pk {row['pkBytes']} B)")
        each_ms, each_cpu, wit_ms, ver_ms, max_diff = [], [], 0, 0.0, 0
        start = time.time()
        for i in range(a.chunks):
            if i > 0 and a.budget_s > 0 and time.time() - start > a.budget_s:
                log(f"proving budget {a.budget_s} s spent after {i} of {a.chunks} chunks")
                break
            if i > 0:
                w, dl, k = sample(rng, n, s, sc)
                data = {"input_data": [(w / one).tolist(), (dl / one).ravel().tolist(), (k / one).tolist()]}
                json.dump(data, open(f(f"input{i}.json"), "w"))
            t = time.time()
            wit = ezkl.gen_witness(f(f"input{i}.json"), f("compiled"), f(f"witness{i}.json"))
            wit_ms += int((time.time() - t) * 1000)
            out = np.array(json.load(open(f(f"witness{i}.json")))["pretty_elements"]["rescaled_outputs"][0], dtype=float)
            max_diff = max(max_diff, int(np.max(np.abs(np.round(out * one).astype(np.int64) - exact(w, dl, k, sc)))))
            t, c = time.time(), cpu_ms()
            ezkl.prove(f(f"witness{i}.json"), f("compiled"), f("pk.key"), f("proof.json"), f("srs"))
            each_ms.append(int((time.time() - t) * 1000))
            each_cpu.append(cpu_ms() - c)
            t = time.time()
            assert ezkl.verify(f("proof.json"), f("settings.json"), f("vk.key"), f("srs"))
            ver_ms += (time.time() - t) * 1000
            log(f"chunk {i + 1}/{a.chunks} proven in {each_ms[-1]} ms, verified")
        m = len(each_ms)
        proof = json.load(open(f("proof.json")))
        raw = proof.get("proof")
        row["proofBytes"] = len(raw) if isinstance(raw, list) else len(bytes.fromhex(str(raw).removeprefix("0x")))
        row.update({"chunksProven": m, "proveMsEach": each_ms, "proveCpuMsEach": each_cpu,
                    "proveMs": sum(each_ms) // m, "proveCpuMs": sum(each_cpu) // m, "witnessMs": wit_ms // m,
                    "proveMsTotal": sum(each_ms), "proveCpuMsTotal": sum(each_cpu),
                    "verifyMs": round(ver_ms / m, 3), "maxUlpDiff": max_diff, "peakRssMiB": peak_mib()})
        print(json.dumps(row))
    finally:
        if not a.keep:
            shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    main()
