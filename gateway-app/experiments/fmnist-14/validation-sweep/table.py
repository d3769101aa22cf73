"""Prints the sweep's table (README): each run's method row, validation split, mean over seeds 1, 2."""
import glob
import json
import os
import sys

here = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
print("| config | A_f | A_r | relearn A_f (8 steps) | probe A_f | KL forget | original A_r |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for f in sorted(glob.glob(os.path.join(here, "scrub-*.json"))) + sorted(glob.glob(os.path.join(here, "salun-*.json"))):
    r = json.load(open(f))
    name, s = next(iter(r["methods"].items()))
    print("| %s | %.3f | %.3f | %.3f ± %.3f | %.3f | %.3f | %.3f |" % (
        os.path.basename(f)[:-5], s["A_f"], s["A_r"], s["relearn_A_f"], s["sd"]["relearn_A_f"],
        s["probe_A_f"], s["kl_forget"], r["original"]["A_r"]))
