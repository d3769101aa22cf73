#!/usr/bin/env python3
"""EZKL baseline for the OBS masked-update relation W' = M ⊙ (W − C·z) (per Fisher block).

Builds the relation as an ONNX graph (MatMul, Reshape, Sub, Mul), then runs EZKL's
gen_settings → calibrate → compile → gen_srs (local dev SRS, no download) → witness → setup →
prove → verify, timing each step. Inputs/outputs use visibility --visibility (default "hashed":
EZKL publishes Poseidon hashes of W, M, C, z and W', the closest match to our zkDigest
commitments). Prints one JSON line. Needs: pip install ezkl onnx numpy.

usage: ezkl_obs.py --params 1000 --block 64 --pruned 2 [--visibility hashed|private|public]
"""
import argparse, json, os, resource, sys, tempfile, time

import numpy as np
import onnx
from onnx import TensorProto, helper
import ezkl


def build(n, b, p, path):
    nb = n // b
    g = helper.make_graph(
        [helper.make_node("MatMul", ["C", "Z"], ["CZ"]),
         helper.make_node("Reshape", ["CZ", "shape"], ["delta"]),
         helper.make_node("Sub", ["W", "delta"], ["diff"]),
         helper.make_node("Mul", ["M", "diff"], ["Wnew"])],
        "obs",
        [helper.make_tensor_value_info("W", TensorProto.FLOAT, [1, n]),
         helper.make_tensor_value_info("M", TensorProto.FLOAT, [1, n]),
         helper.make_tensor_value_info("C", TensorProto.FLOAT, [nb, b, p]),
         helper.make_tensor_value_info("Z", TensorProto.FLOAT, [nb, p, 1])],
        [helper.make_tensor_value_info("Wnew", TensorProto.FLOAT, [1, n])],
        [helper.make_tensor("shape", TensorProto.INT64, [2], [1, n])])
    onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]), path)


def step(row, key, t):
    row[key] = int((time.time() - t) * 1000)
    print(json.dumps(row), file=sys.stderr, flush=True)  # partial results survive a timeout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--params", type=int, default=1000)
    ap.add_argument("--block", type=int, default=64)
    ap.add_argument("--pruned", type=int, default=2)
    ap.add_argument("--visibility", default="hashed")
    a = ap.parse_args()
    n = (a.params // a.block) * a.block
    rng = np.random.default_rng(n)
    d = tempfile.mkdtemp(prefix="ezkl-obs-")
    f = lambda name: os.path.join(d, name)
    build(n, a.block, a.pruned, f("obs.onnx"))
    nb = n // a.block
    w = rng.normal(0, 0.1, n)
    m = np.ones(n)
    c = rng.normal(0, 0.05, (nb, a.block, a.pruned))
    z = rng.normal(0, 0.1, (nb, a.pruned, 1))
    for blk in range(nb):
        for j, pos in enumerate(rng.choice(a.block, a.pruned, replace=False)):
            m[blk * a.block + pos] = 0
    data = {"input_data": [w.tolist(), m.tolist(), c.ravel().tolist(), z.ravel().tolist()]}
    json.dump(data, open(f("input.json"), "w"))
    args = ezkl.PyRunArgs()
    args.input_visibility = a.visibility
    args.output_visibility = a.visibility
    args.param_visibility = "fixed"
    row = {"tool": "ezkl", "version": getattr(ezkl, "__version__", "?"), "params": n, "block": a.block,
           "pruned": a.pruned, "visibility": a.visibility}
    t = time.time()
    assert ezkl.gen_settings(f("obs.onnx"), f("settings.json"), py_run_args=args)
    ezkl.calibrate_settings(f("input.json"), f("obs.onnx"), f("settings.json"), "resources")
    step(row, "calibrateMs", t)
    assert ezkl.compile_circuit(f("obs.onnx"), f("compiled"), f("settings.json"))
    s = json.load(open(f("settings.json")))
    row["logrows"] = s["run_args"]["logrows"]
    t = time.time()
    ezkl.gen_srs(f("srs"), row["logrows"])
    step(row, "srsMs", t)
    t = time.time()
    ezkl.gen_witness(f("input.json"), f("compiled"), f("witness.json"))
    step(row, "witnessMs", t)
    t = time.time()
    assert ezkl.setup(f("compiled"), f("vk.key"), f("pk.key"), f("srs"))
    step(row, "setupMs", t)
    t = time.time()
    ezkl.prove(f("witness.json"), f("compiled"), f("pk.key"), f("proof.json"), f("srs"))
    step(row, "proveMs", t)
    t = time.time()
    assert ezkl.verify(f("proof.json"), f("settings.json"), f("vk.key"), f("srs"))
    step(row, "verifyMs", t)
    proof = json.load(open(f("proof.json")))
    raw = proof.get("proof")
    row["proofBytes"] = len(raw) if isinstance(raw, list) else len(bytes.fromhex(str(raw).removeprefix("0x")))
    row["pkBytes"] = os.path.getsize(f("pk.key"))
    row["peakRssMiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps(row))


if __name__ == "__main__":
    main()
