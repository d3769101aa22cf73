#!/usr/bin/env bash
# The validation sweep that chose scrub's and salun's defaults (issue 13): fmnist-14, --quick, MLP,
# forget 5, seeds 1 and 2, numbers on the validation split (never the test set). Run from the
# repository root; writes <config>.json / .md here. About 1-2 min per run on the 2-core machine.
set -u
L=gateway-app/lethe
here=gateway-app/experiments/fmnist-14/validation-sweep
base="experiment --scenario fmnist-14 --quick --model mlp --forget 5 --seeds 1,2 --eval validation --no-progress"
# scrub: learning rate x (epochs : epochs with max-steps)
for lr in 0.005 0.01 0.02; do for e in 3:2 5:3; do
  n=$here/scrub-lr$lr-e${e/:/-}
  nice -n 10 $L $base --methods scrub --scrub-lr $lr --scrub-epochs ${e%:*} --scrub-max-epochs ${e#*:} \
    --json-out $n.json --markdown-out $n.md
done; done
# salun: mask fraction : learning rate : passes over the forget set (the last four extend the
# first eight past the grid's edge, where relearn A_f was still falling)
for c in 0.1:0.01:2 0.1:0.01:5 0.1:0.02:2 0.1:0.02:5 0.5:0.01:2 0.5:0.01:5 0.5:0.02:2 0.5:0.02:5 \
    0.5:0.02:10 0.5:0.05:5 0.1:0.05:5 0.5:0.02:20; do
  IFS=: read m lr e <<< "$c"
  n=$here/salun-m$m-lr$lr-e$e
  nice -n 10 $L $base --methods salun --salun-mask $m --salun-lr $lr --salun-epochs $e \
    --json-out $n.json --markdown-out $n.md
done
# scrub with three forgotten classes (forget 2,4,6): does a gentler setting avoid its collapse?
base246="experiment --scenario fmnist-14 --quick --model mlp --forget 2,4,6 --seeds 1,2 --eval validation --no-progress"
for c in 0.01:5:3 0.01:3:2 0.005:5:3 0.005:3:2 0.002:5:3; do
  IFS=: read lr e m <<< "$c"
  n=$here/scrub246-lr$lr-e$e-$m
  nice -n 10 $L $base246 --methods scrub --scrub-lr $lr --scrub-epochs $e --scrub-max-epochs $m \
    --json-out $n.json --markdown-out $n.md
done
python3 $here/table.py $here
