#!/usr/bin/env bash
# The validation sweep that chose obs-feature's unit fraction (issue 13, deeper zero-shot
# unlearning): fmnist-14, --quick, MLP, forget 5, seeds 1 and 2, numbers on the validation split
# (never the test set). Run from the repository root; writes obs-feature-u<fraction>.json / .md
# and the references (retrain, row-zero, obs) as obs-feature-refs.json / .md here; about 1 min
# per run on the 2-core machine (refs: 3 min, obs is the slow one).
# Two more series are kept here, made with builds that are not the committed code:
#  - obs-feature-meanref-u*: the first score, E_F[h²] / (E_R[h²] + ε) with the mean over the whole
#    reference set instead of the maximum over its classes (commit 49cdb1b);
#  - obs-feature-random-u*: ablation, the same number of units drawn at random (commit 49cdb1b
#    with scores() replaced by random numbers), same compensation and row zeroing.
set -u
L=gateway-app/lethe
here=gateway-app/experiments/fmnist-14/validation-sweep
base="experiment --scenario fmnist-14 --quick --model mlp --forget 5 --seeds 1,2 --eval validation --no-progress"
nice -n 10 $L $base --methods retrain,row-zero,obs --json-out $here/obs-feature-refs.json --markdown-out $here/obs-feature-refs.md
for u in 0.1 0.2 0.3 0.4 0.5 0.6 0.7; do
  n=$here/obs-feature-u$u
  nice -n 10 $L $base --methods obs-feature --obs-feature-units $u --json-out $n.json --markdown-out $n.md
done
python3 $here/obs-feature-table.py $here
# three forgotten classes (forget 2,4,6): the forget-5 fraction loses A_r on the test split, so the
# same rule picks a fraction for them (obs-feature246-*)
base246="experiment --scenario fmnist-14 --quick --model mlp --forget 2,4,6 --seeds 1,2 --eval validation --no-progress"
nice -n 10 $L $base246 --methods retrain,row-zero --json-out $here/obs-feature246-refs.json --markdown-out $here/obs-feature246-refs.md
for u in 0.1 0.2 0.3 0.4 0.6; do
  n=$here/obs-feature246-u$u
  nice -n 10 $L $base246 --methods obs-feature --obs-feature-units $u --json-out $n.json --markdown-out $n.md
done
python3 $here/obs-feature-table.py $here 246
