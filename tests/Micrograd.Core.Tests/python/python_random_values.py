"""Expected values for PythonRandomTests.fs, straight from CPython's random module.

Run:  python3 tests/Micrograd.Core.Tests/python/python_random_values.py
The numbers printed here are pasted into PythonRandomTests.fs as literals; nothing here
depends on the .NET code under test.
"""
import random
import sys

print("#", sys.version.split()[0])

SEEDS = [0, 1, 42, 1337, 2**31 - 1, -42, 2**40 + 12345, 2**63 - 1, 2**100 + 7]

for s in SEEDS:
    random.seed(s)
    first = [random.random() for _ in range(10)]
    for _ in range(989):
        random.random()
    thousandth = random.random()
    print(f"seed {s}: first ten random() = {[repr(x) for x in first]}")
    print(f"seed {s}: 1000th random() = {thousandth!r}")

random.seed(1337)
print("seed 1337: uniform(-1, 1) x2 =", repr(random.uniform(-1, 1)), repr(random.uniform(-1, 1)))

random.seed(42)
print("seed 42: uniform(2.5, -3) x3 =", [repr(random.uniform(2.5, -3)) for _ in range(3)])

random.seed(42)
print("seed 42: randrange(10) x10 =", [random.randrange(10) for _ in range(10)])
random.seed(42)
print("seed 42: randrange(-5, 5) x10 =", [random.randrange(-5, 5) for _ in range(10)])
random.seed(42)
print("seed 42: randrange(1) x3 then random() =", [random.randrange(1) for _ in range(3)], repr(random.random()))
random.seed(42)
print("seed 42: randrange(2**31 - 1) x5 =", [random.randrange(2**31 - 1) for _ in range(5)])
random.seed(42)
print("seed 42: randrange(-2**31, 2**31 - 1) x5 =", [random.randrange(-2**31, 2**31 - 1) for _ in range(5)])
random.seed(42)
print("seed 42: randrange(2**63 - 1) x5 =", [random.randrange(2**63 - 1) for _ in range(5)])
random.seed(42)
print("seed 42: randrange(-2**63, 2**63 - 1) x5 =", [random.randrange(-2**63, 2**63 - 1) for _ in range(5)])
random.seed(42)
print("seed 42: randrange(10**12) x5 =", [random.randrange(10**12) for _ in range(5)])
random.seed(42)
print("seed 42: getrandbits k=0,1,7,32,33,64 =", [random.getrandbits(k) for k in (0, 1, 7, 32, 33, 64)])
random.seed(42)
print("seed 42: randbytes(7) =", list(random.randbytes(7)))
random.seed(42)
print("seed 42: randbytes(0), randbytes(4) =", list(random.randbytes(0)), list(random.randbytes(4)))
random.seed(42)
print("seed 42: getrandbits(24) x3 =", [random.getrandbits(24) for _ in range(3)])
random.seed(42)
print("seed 42: gauss(0, 1) x5 =", [repr(random.gauss(0.0, 1.0)) for _ in range(5)])
random.seed(42)
print("seed 42: gauss(10, 2) x3 =", [repr(random.gauss(10.0, 2.0)) for _ in range(3)])
random.seed(42)
print("seed 42: normalvariate(0, 1) x5 =", [repr(random.normalvariate(0.0, 1.0)) for _ in range(5)])
for s in (-2**31, -2**63):
    random.seed(s)
    print(f"seed {s}: first three random() =", [repr(random.random()) for _ in range(3)])
for s, n in ((42, 10), (1337, 10), (1, 2), (7, 1), (1337, 100)):
    random.seed(s)
    order = list(range(n))
    random.shuffle(order)
    print(f"seed {s}: shuffle(list(range({n}))) =", order)
random.seed(42)
order = list(range(5))
random.shuffle(order)
random.shuffle(order)
print("seed 42: shuffle(list(range(5))) twice, then random() =", order, repr(random.random()))
