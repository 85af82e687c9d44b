#!/usr/bin/env python3
"""micrograd's demo (demo.ipynb), reproduced in plain Python 3 to check `micrograd moons` against.

The engine and nn below are written after karpathy/micrograd (engine.py, nn.py): Value with
+, *, **, relu and backward() over a topological sort, whose inputs are kept in a set (_prev) as
micrograd keeps them; Neuron/Layer/MLP with random.uniform(-1, 1) weights and bias Value(0).
The demo loop is the notebook's: random.seed(seed); model = MLP(2, [16, 16, 1]); max-margin loss
+ 1e-4 L2; `steps` steps with learning rate 1.0 - 0.9*k/steps. The data is read from a CSV
(x,y,label with labels -1/1 or 0/1), since this machine has no numpy or scikit-learn.

With --batch-size N, each step takes a minibatch as `micrograd moons --batch-size N` does:
idx = list(range(n)); random.shuffle(idx); idx[:N], drawing from the same random module that
drew the weights (the notebook uses numpy's permutation instead).

--ordered keeps each Value's inputs in operand order (a tuple) instead of a set, which is what
the .NET core does; with it the topological order, and so every sum of gradients, is the same.

Prints the log as CSV, the format of `micrograd moons --log`:
    step,loss,accuracy,learning_rate
with Python's repr of each float (shortest round-trip). The committed expectations were made with

    python3 micrograd_demo.py moons.csv --steps 100 > demo_full_batch.csv
    python3 micrograd_demo.py moons.csv --steps 100 --ordered > demo_full_batch_ordered.csv
    python3 micrograd_demo.py moons.csv --steps 30 --batch-size 20 > demo_batch_20.csv
"""

import argparse
import csv
import random
import sys


# ---- engine.py --------------------------------------------------------------------------------

ORDERED = False


class Value:
    """ stores a single scalar value and its gradient """

    def __init__(self, data, _children=(), _op=''):
        self.data = data
        self.grad = 0
        # internal variables used for autograd graph construction
        self._backward = lambda: None
        self._prev = tuple(dict.fromkeys(_children)) if ORDERED else set(_children)
        self._op = _op  # the op that produced this node, for graphviz / debugging / etc

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), '+')

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward

        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), '*')

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward

        return out

    def __pow__(self, other):
        assert isinstance(other, (int, float)), "only supporting int/float powers for now"
        out = Value(self.data**other, (self,), f'**{other}')

        def _backward():
            self.grad += (other * self.data**(other-1)) * out.grad
        out._backward = _backward

        return out

    def relu(self):
        out = Value(0 if self.data < 0 else self.data, (self,), 'ReLU')

        def _backward():
            self.grad += (out.data > 0) * out.grad
        out._backward = _backward

        return out

    def backward(self):
        # topological order all of the children in the graph
        topo = []
        visited = set()

        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)
        build_topo(self)

        # go one variable at a time and apply the chain rule to get its gradient
        self.grad = 1
        for v in reversed(topo):
            v._backward()

    def __neg__(self):  # -self
        return self * -1

    def __radd__(self, other):  # other + self
        return self + other

    def __sub__(self, other):  # self - other
        return self + (-other)

    def __rsub__(self, other):  # other - self
        return other + (-self)

    def __rmul__(self, other):  # other * self
        return self * other

    def __truediv__(self, other):  # self / other
        return self * other**-1

    def __rtruediv__(self, other):  # other / self
        return other * self**-1

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"


# ---- nn.py ------------------------------------------------------------------------------------

class Module:

    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0

    def parameters(self):
        return []


class Neuron(Module):

    def __init__(self, nin, nonlin=True):
        self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(0)
        self.nonlin = nonlin

    def __call__(self, x):
        act = sum((wi*xi for wi, xi in zip(self.w, x)), self.b)
        return act.relu() if self.nonlin else act

    def parameters(self):
        return self.w + [self.b]


class Layer(Module):

    def __init__(self, nin, nout, **kwargs):
        self.neurons = [Neuron(nin, **kwargs) for _ in range(nout)]

    def __call__(self, x):
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]


class MLP(Module):

    def __init__(self, nin, nouts):
        sz = [nin] + nouts
        self.layers = [Layer(sz[i], sz[i+1], nonlin=i != len(nouts)-1) for i in range(len(nouts))]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]


# ---- demo.ipynb -------------------------------------------------------------------------------

def read_data(path):
    X, y = [], []
    with open(path, newline='') as f:
        rows = csv.reader(f)
        header = next(rows)
        assert [h.strip() for h in header] == ['x', 'y', 'label'], header
        for row in rows:
            if not row:
                continue
            X.append([float(row[0]), float(row[1])])
            label = float(row[2])
            y.append(-1.0 if label <= 0 else 1.0)
    return X, y


def main():
    global ORDERED
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('data', help='CSV with header x,y,label')
    parser.add_argument('--steps', type=int, default=100)
    parser.add_argument('--seed', type=int, default=1337)
    parser.add_argument('--batch-size', type=int, default=None)
    parser.add_argument('--ordered', action='store_true', help="keep inputs in operand order, not in a set")
    args = parser.parse_args()
    ORDERED = args.ordered

    X, y = read_data(args.data)
    random.seed(args.seed)
    model = MLP(2, [16, 16, 1])  # 2-layer neural network

    # loss function
    def loss(batch_size=None):

        # inline DataLoader :)
        if batch_size is None:
            Xb, yb = X, y
        else:
            ri = list(range(len(X)))
            random.shuffle(ri)
            ri = ri[:batch_size]
            Xb, yb = [X[i] for i in ri], [y[i] for i in ri]
        inputs = [list(map(Value, xrow)) for xrow in Xb]

        # forward the model to get scores
        scores = list(map(model, inputs))

        # svm "max-margin" loss
        losses = [(1 + -yi*scorei).relu() for yi, scorei in zip(yb, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        # L2 regularization
        alpha = 1e-4
        reg_loss = alpha * sum((p*p for p in model.parameters()))
        total_loss = data_loss + reg_loss

        # also get accuracy
        accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(yb, scores)]
        return total_loss, sum(accuracy) / len(accuracy)

    print('step,loss,accuracy,learning_rate')
    for k in range(args.steps):

        # forward
        total_loss, acc = loss(args.batch_size)

        # backward
        model.zero_grad()
        total_loss.backward()

        # update (sgd)
        learning_rate = 1.0 - 0.9*k/args.steps
        for p in model.parameters():
            p.data -= learning_rate * p.grad

        print(f'{k},{total_loss.data!r},{acc!r},{learning_rate!r}', flush=True)
        print(f'step {k} loss {total_loss.data}, accuracy {acc*100}%', file=sys.stderr, flush=True)


if __name__ == '__main__':
    main()
