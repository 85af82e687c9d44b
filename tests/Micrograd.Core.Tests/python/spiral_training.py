"""The numbers of docs/multiclass.md, computed again in plain Python (no numpy, nothing from .NET).

Run:  python3 tests/Micrograd.Core.Tests/python/spiral_training.py    (about 20 s)
The spiral of spiral_values.py (100 points an arm, 3 arms, noise 0.2, seed 1337); micrograd's
MLP(2, [16, 16, 3]) after random.seed(1337) (each neuron's weights random.uniform(-1, 1), its bias
0; ReLU between layers, the last layer linear); the mean softmax cross-entropy over the 300
points; Adam with PyTorch's formula and defaults (betas 0.9, 0.999, eps 1e-8). The forward and
backward passes are written out by hand, so sums come in another order than backprop's: expect
the page's losses within a few ulps, and the same counts of points right (the largest logit is
the right class's).
"""
import math
import random
import sys


from spiral_values import spiral  # the same points as the tests' (the file beside this one)


def train(steps, l2, rate):
    """Prints the loss before each of the given steps' updates, and how many points are right."""
    data = spiral(100, 3, 0.2, 1337)
    random.seed(1337)
    sizes = [2, 16, 16, 3]
    # One flat list per layer and neuron: its weights, then its bias (micrograd's parameters() order).
    net = [[[random.uniform(-1, 1) for _ in range(sizes[l])] + [0.0] for _ in range(sizes[l + 1])]
           for l in range(3)]
    m = [[[0.0] * len(n) for n in layer] for layer in net]
    v = [[[0.0] * len(n) for n in layer] for layer in net]
    for step in range(steps):
        grad = [[[0.0] * len(n) for n in layer] for layer in net]
        total, right = 0.0, 0
        for x, y, c in data:
            acts, pre = [[x, y]], []
            for l, layer in enumerate(net):
                z = [sum(n[j] * acts[-1][j] for j in range(sizes[l])) + n[-1] for n in layer]
                pre.append(z)
                acts.append([max(0.0, t) for t in z] if l < 2 else z)
            logits = acts[-1]
            top = max(logits)
            e = [math.exp(t - top) for t in logits]
            p = [t / sum(e) for t in e]
            total += -math.log(p[c])
            right += logits.index(max(logits)) == c
            d = [(p[k] - (k == c)) / len(data) for k in range(3)]
            for l in (2, 1, 0):
                if l < 2:
                    d = [d[o] if pre[l][o] > 0 else 0.0 for o in range(sizes[l + 1])]
                for o in range(sizes[l + 1]):
                    for j in range(sizes[l]):
                        grad[l][o][j] += d[o] * acts[l][j]
                    grad[l][o][-1] += d[o]
                d = [sum(net[l][o][j] * d[o] for o in range(sizes[l + 1])) for j in range(sizes[l])]
        squares = sum(w * w for layer in net for n in layer for w in n)
        loss = total / len(data) + l2 * squares
        if step in (0, 9, steps - 1):
            print(f"step {step}: loss {loss!r}, {right} of 300 right")
        t, lr = step + 1, rate(step)
        for l, layer in enumerate(net):
            for o, n in enumerate(layer):
                for j in range(len(n)):
                    g = grad[l][o][j] + 2 * l2 * n[j]
                    m[l][o][j] = 0.9 * m[l][o][j] + 0.1 * g
                    v[l][o][j] = 0.999 * v[l][o][j] + 0.001 * g * g
                    mhat, vhat = m[l][o][j] / (1 - 0.9 ** t), v[l][o][j] / (1 - 0.999 ** t)
                    n[j] -= lr * mhat / (math.sqrt(vhat) + 1e-8)


print("#", sys.version.split()[0])
print("# ten steps, no L2, learning rate 0.01 (the page's hand-written loop and its Trainer run)")
train(10, 0.0, lambda k: 0.01)
print("# micrograd spiral: 300 steps, 1e-4 L2, learning rate 0.01 * (1 - 0.9 k / 300)")
train(300, 1e-4, lambda k: 0.01 * (1.0 - 0.9 * k / 300))
