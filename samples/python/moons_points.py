#!/usr/bin/env python3
"""The two moons of Micrograd.Core.Data.Moons, drawn in plain Python 3, as CSV (x,y,label).

As Moons.fs documents it: n // 2 points on the outer moon (cos t, sin t; label -1), the rest on
the inner one (1 - cos t, 1 - sin t - 0.5; label +1), t evenly spaced over [0, pi] on each
(numpy's linspace); then every point in that order gets random.gauss(0, noise) on x, then on y,
from random.seed(seed). Fed to micrograd's demo loop in plain Python, it gives the numbers
Moons.cs/.fsx check:

    python3 samples/python/moons_points.py > moons.csv
    python3 tests/Micrograd.Cli.Tests/python/micrograd_demo.py moons.csv --steps 100 --ordered
"""

import math
import random
import sys


def moons(samples=100, noise=0.1, seed=1337):
    outer = samples // 2
    inner = samples - outer

    def angle(i, count):
        return 0.0 if count == 1 else math.pi * i / (count - 1)

    points = [(math.cos(angle(i, outer)), math.sin(angle(i, outer)), -1) for i in range(outer)]
    points += [(1 - math.cos(angle(i, inner)), 1 - math.sin(angle(i, inner)) - 0.5, 1) for i in range(inner)]
    random.seed(seed)
    noisy = []
    for x, y, label in points:
        x = x + random.gauss(0.0, noise)
        y = y + random.gauss(0.0, noise)
        noisy.append((x, y, label))
    return noisy


if __name__ == '__main__':
    out = sys.stdout
    out.write('x,y,label\n')
    for x, y, label in moons():
        out.write(f'{x!r},{y!r},{label}\n')
