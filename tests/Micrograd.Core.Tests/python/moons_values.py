"""Expected values for Data/MoonsTests.fs: the moons of Micrograd.Core.Data.Moons, in CPython.

Run:  python3 tests/Micrograd.Core.Tests/python/moons_values.py
The same construction as Moons.generate, step for step: the outer moon (cos t, sin t), label -1,
then the inner moon (1 - cos t, 1 - sin t - 0.5), label +1, t = pi * i / (count - 1); then, point
by point, random.gauss(0, noise) added to x and then to y, after random.seed(seed). The printed
points are pasted into MoonsTests.fs as literals; nothing here depends on the .NET code.
"""
import math
import random
import sys

print("#", sys.version.split()[0])


def angle(i, count):
    return 0.0 if count == 1 else math.pi * i / (count - 1)


def moons(samples, noise, seed):
    outer = samples // 2
    inner = samples - outer
    points = [(math.cos(angle(i, outer)), math.sin(angle(i, outer)), -1.0) for i in range(outer)]
    points += [(1.0 - math.cos(angle(i, inner)), 1.0 - math.sin(angle(i, inner)) - 0.5, 1.0) for i in range(inner)]
    random.seed(seed)
    noisy = []
    for x, y, label in points:
        x = x + random.gauss(0.0, noise)
        y = y + random.gauss(0.0, noise)
        noisy.append((x, y, label))
    return noisy


for samples, noise, seed in ((7, 0.1, 1337), (2, 0.3, 5)):
    print(f"moons({samples}, {noise}, {seed}) =")
    for x, y, label in moons(samples, noise, seed):
        print(f"    {x!r}, {y!r}, {label!r}")
points = moons(100, 0.1, 1337)
print("moons(100, 0.1, 1337): points 0, 49, 50, 99 =", [points[i] for i in (0, 49, 50, 99)])
