# A tiny model trained with the standard library only: a physweep command task (docs/spec.md).
# Fits y = sin(x) on [-3, 3] with a polynomial of degree `degree` by gradient descent.
import json, os, random, sys

task = json.load(sys.stdin)                      # also in the file $PHYSWEEP_CONFIG
cfg = task["config"]
lr, degree, steps = float(sys.argv[1]), int(sys.argv[2]), int(cfg["iterations"])
rng = random.Random(cfg["seed"])
xs = [rng.uniform(-3, 3) for _ in range(200)]
data = [([(x / 3) ** k for k in range(degree + 1)], __import__("math").sin(x)) for x in xs]
train, test = data[:150], data[150:]
w = [0.0] * (degree + 1)
mse = lambda rows: sum((sum(a * b for a, b in zip(w, f)) - y) ** 2 for f, y in rows) / len(rows)
first = mse(train)
for step in range(steps):
    grad = [0.0] * len(w)
    for f, y in train:
        err = sum(a * b for a, b in zip(w, f)) - y
        grad = [g + 2 * err * v / len(train) for g, v in zip(grad, f)]
    w = [a - lr * g for a, g in zip(w, grad)]
    if step % 100 == 0:
        print("physweep:progress " + json.dumps({"step": step, "total_steps": steps, "loss": mse(train)}), flush=True)
result = {"initial_loss": first, "final_loss": mse(train), "test_mse": mse(test), "params": len(w)}
json.dump(result, open(os.environ["PHYSWEEP_RESULT_FILE"], "w"))
