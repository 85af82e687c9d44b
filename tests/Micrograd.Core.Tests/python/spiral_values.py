"""Expected values for Data/SpiralTests.fs: the CS231n spiral with Python's random.gauss noise.

Run:  python3 tests/Micrograd.Core.Tests/python/spiral_values.py
CS231n's construction, with numpy's linspace written out (i * step + start, the last exactly
stop) and random.gauss(0.0, noise) in place of np.random.randn(N) * noise, class by class, point
by point, after random.seed(seed). Nothing here depends on the .NET code.
"""
import math
import random
import sys

def linspace(start, stop, count, i):
    if count == 1:
        return start
    if i == count - 1:
        return stop
    return i * ((stop - start) / (count - 1)) + start


def spiral(n, k, noise, seed):
    random.seed(seed)
    points = []
    for j in range(k):
        for i in range(n):
            r = linspace(0.0, 1.0, n, i)
            t = linspace(4.0 * j, 4.0 * (j + 1), n, i) + random.gauss(0.0, noise)
            points.append((r * math.sin(t), r * math.cos(t), j))
    return points


if __name__ == "__main__":
    print("#", sys.version.split()[0])
    for args in [(4, 3, 0.2, 1337), (1, 2, 0.5, 7)]:
        print("#", args)
        for x, y, j in spiral(*args):
            print(f"    {x!r}, {y!r}, {j}")
