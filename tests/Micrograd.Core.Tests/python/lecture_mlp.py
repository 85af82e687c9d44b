"""Expected values for MlpTests.fs: micrograd's MLP in plain Python floats, backprop by hand.

Run:  python3 tests/Micrograd.Core.Tests/python/lecture_mlp.py
Independent of the .NET code under test (and of micrograd itself): the network is initialised
with Python's own random module exactly as micrograd's nn.py does (per layer, per neuron:
nin x random.uniform(-1, 1) for the weights, then the bias: 0 in the repository's network,
one more uniform(-1, 1) in the lecture's), and each neuron's activation is summed as
micrograd's sum((wi*xi for wi, xi in zip(self.w, x)), self.b) does: b + w0*x0 + w1*x1 + ...
"""
import math
import random


def init(nin, nouts, random_bias):
    sizes = [nin] + nouts
    layers = []
    for i in range(len(nouts)):
        neurons = []
        for _ in range(sizes[i + 1]):
            w = [random.uniform(-1, 1) for _ in range(sizes[i])]
            b = random.uniform(-1, 1) if random_bias else 0.0
            neurons.append([w, b])
        layers.append(neurons)
    return layers


def act(f, a):
    return {"relu": (0.0 if a < 0 else a), "tanh": math.tanh(a), "linear": a}[f]


def forward(layers, x, hidden, output):
    """Returns the activations of every layer (input first) and the output list."""
    outs = [x]
    for li, neurons in enumerate(layers):
        f = output if li == len(layers) - 1 else hidden
        xs = outs[-1]
        ys = []
        for w, b in neurons:
            a = b
            for wi, xi in zip(w, xs):
                a = a + wi * xi
            ys.append(act(f, a))
        outs.append(ys)
    return outs


def backward(layers, outs, dout):
    """Manual backprop through a tanh network; returns gradients shaped like the layers."""
    grads = [[[[0.0] * len(w), 0.0] for w, _ in neurons] for neurons in layers]
    d = dout
    for li in range(len(layers) - 1, -1, -1):
        xs = outs[li]
        ys = outs[li + 1]
        dx = [0.0] * len(xs)
        for j, (w, _) in enumerate(layers[li]):
            da = d[j] * (1 - ys[j] ** 2)  # d tanh = 1 - tanh^2
            grads[li][j][1] += da
            for i in range(len(w)):
                grads[li][j][0][i] += xs[i] * da
                dx[i] += w[i] * da
        d = dx
    return grads


def lecture():
    xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
    ys = [1.0, -1.0, -1.0, 1.0]
    random.seed(1337)
    layers = init(3, [4, 4, 1], random_bias=True)
    losses, preds = [], []
    for step in range(21):
        total = [[[[0.0] * len(w), 0.0] for w, _ in neurons] for neurons in layers]
        loss = 0
        ypred = []
        for x, ygt in zip(xs, ys):
            outs = forward(layers, x, "tanh", "tanh")
            y = outs[-1][0]
            ypred.append(y)
            loss = loss + (y - ygt) ** 2
            g = backward(layers, outs, [2.0 * (y - ygt)])
            for li, neurons in enumerate(g):
                for j, (gw, gb) in enumerate(neurons):
                    total[li][j][1] += gb
                    for i in range(len(gw)):
                        total[li][j][0][i] += gw[i]
        losses.append(loss)
        preds.append(ypred)
        for li, neurons in enumerate(layers):
            for j, (w, b) in enumerate(neurons):
                for i in range(len(w)):
                    w[i] = w[i] - 0.1 * total[li][j][0][i]
                neurons[j][1] = b - 0.1 * total[li][j][1]
    print("lecture, seed 1337: initial ypred =", [repr(y) for y in preds[0]])
    print("lecture, seed 1337: loss after 0, 1, 10, 20 steps =", [repr(losses[k]) for k in (0, 1, 10, 20)])
    print("lecture, seed 1337: ypred after 20 steps =", [repr(y) for y in preds[20]])


def repository():
    random.seed(1337)
    layers = init(2, [16, 16, 1], random_bias=False)
    print("repository MLP(2, [16, 16, 1]), seed 1337: first two weights =", repr(layers[0][0][0][0]), repr(layers[0][0][0][1]))
    for x in ([1.0, -0.5], [0.3, 0.7], [-2.0, 1.5]):
        print(f"repository MLP(2, [16, 16, 1]), seed 1337: forward({x}) =", repr(forward(layers, x, "relu", "linear")[-1][0]))


def convergence():
    """Loss after each of 50 steps for seeds 0..9 (only to check the law the tests state)."""
    xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
    ys = [1.0, -1.0, -1.0, 1.0]
    for seed in range(10):
        random.seed(seed)
        layers = init(3, [4, 4, 1], random_bias=True)
        first = None
        for step in range(51):
            total = [[[[0.0] * len(w), 0.0] for w, _ in neurons] for neurons in layers]
            loss = 0
            for x, ygt in zip(xs, ys):
                outs = forward(layers, x, "tanh", "tanh")
                y = outs[-1][0]
                loss = loss + (y - ygt) ** 2
                g = backward(layers, outs, [2.0 * (y - ygt)])
                for li, neurons in enumerate(g):
                    for j, (gw, gb) in enumerate(neurons):
                        total[li][j][1] += gb
                        for i in range(len(gw)):
                            total[li][j][0][i] += gw[i]
            if loss < 0.05 and first is None:
                first = step
            for li, neurons in enumerate(layers):
                for j, (w, b) in enumerate(neurons):
                    for i in range(len(w)):
                        w[i] = w[i] - 0.1 * total[li][j][0][i]
                    neurons[j][1] = b - 0.1 * total[li][j][1]
        print(f"lecture, seed {seed}: first step with loss < 0.05 = {first}")


lecture()
repository()
convergence()
