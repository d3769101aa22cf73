"""Prints obs-feature's validation sweep (README) and applies the rule fixed before looking:
among settings with A_f <= 0.05 and A_r >= original - 0.03, the lowest relearn A_f (8 steps);
settings within 0.01 of it go to the higher A_r. Validation split, mean over seeds 1, 2."""
import glob
import json
import os
import sys

here = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
# "246": the check for forget 2,4,6 (obs-feature246-*), otherwise forget 5 (obs-feature-*)
tag = "obs-feature246" if len(sys.argv) > 2 and sys.argv[2] == "246" else "obs-feature"
PREFIXES = (tag + "-meanref-u", tag + "-random-u", tag + "-u")
rows = []
refs = os.path.join(here, tag + "-refs.json")
if os.path.exists(refs):
    r = json.load(open(refs))
    rows.append(("original", r["original"], r["original"]["A_r"], None))
    for name, s in r["methods"].items():
        rows.append((name, s, r["original"]["A_r"], None))
groups = {}
for prefix in PREFIXES:
    runs = sorted(glob.glob(os.path.join(here, prefix + "*.json")),
                  key=lambda f: float(os.path.basename(f)[len(prefix):-5]))
    for f in runs:
        r = json.load(open(f))
        s = r["methods"]["obs-feature"]
        rows.append((os.path.basename(f)[:-5], s, r["original"]["A_r"], prefix))
print("| setting | A_f | A_r | relearn A_f (8 steps) | relearn steps to 50 % | probe A_f | KL forget | KL test |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for name, s, orig_ar, _ in rows:
    sd = s.get("sd", {})
    print("| %s | %.3f | %.3f | %.3f ± %.3f | %.1f | %.3f ± %.3f | %.3f | %.3f |" % (
        name, s["A_f"], s["A_r"], s["relearn_A_f"], sd.get("relearn_A_f") or 0, s["relearn_steps"],
        s["probe_A_f"], sd.get("probe_A_f") or 0, s["kl_forget"] or 0, s["kl_test"] or 0))
for prefix in (PREFIXES[0], PREFIXES[2]):
    ok = [(n, s) for n, s, o, sweep in rows if sweep == prefix and s["A_f"] <= 0.05 and s["A_r"] >= o - 0.03]
    if ok:
        best = min(s["relearn_A_f"] for _, s in ok)
        near = [(n, s) for n, s in ok if s["relearn_A_f"] <= best + 0.01]
        pick = max(near, key=lambda t: t[1]["A_r"])
        print("\nrule (%s*): eligible %s; lowest relearn %.3f; within 0.01: %s; chosen %s" % (
            prefix, [n for n, _ in ok], best, [n for n, _ in near], pick[0]))
