using FsCheck;
using FsCheck.Xunit;
using Micrograd.Core;
using ReferenceBackprop = Micrograd.Core.Reference.Backprop;

namespace Micrograd.CSharp.Tests;

/// <summary>
/// Random sequences of façade operations, each mirrored on the core's nodes, with bad inputs mixed
/// in on purpose (nulls, a wrong number of inputs, setting the data of a computed value) and awkward
/// numbers (NaN, ±∞, ±0, 1e±300, ±1000). Whatever the sequence: only the bad inputs throw, with a
/// documented exception naming a parameter, the same in the core and the façade; a refused
/// operation changes nothing; every value is the core's to the bit; the gradients of the reference
/// engine, the fast engine and the façade agree to the bit; and a tame graph (finite values of
/// moderate size, no power of a base near 0) has no NaN gradient.
/// </summary>
public class RobustnessProperties
{
    private static readonly double[] Numbers =
    [
        0.0, -0.0, 1.0, -1.0, 2.5, -3.0, 0.5, 1000.0, -1000.0, 1e300, -1e300, 1e-300,
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon,
    ];

    private static readonly double[] Exponents = [0.0, 0.5, -1.0, 2.0, 3.0, 1.0 / 3.0, -0.5];

    private static readonly CustomOp Softplus =
        CustomOp.Unary("softplus", x => Math.Log(1 + Math.Exp(x)), (x, y) => 1 / (1 + Math.Exp(-x)));

    private static readonly CustomOp Mean2 =
        CustomOp.Binary("mean2", (a, b) => (a + b) / 2, (a, b, y) => (0.5, 0.5));

    private static readonly HashSet<Type> Documented =
    [
        typeof(ArgumentNullException), typeof(ArgumentOutOfRangeException), typeof(ArgumentException),
        typeof(InvalidOperationException),
    ];

    /// <summary>A pool entry: the façade's value and its mirror on the core.</summary>
    private sealed class Entry(Value value, Node node)
    {
        public Value Value { get; } = value;
        public Node Node { get; set; } = node;
        public bool Used { get; set; }
        public bool ReassignedAfterUse { get; set; }
    }

    [Property(MaxTest = 3000)]
    public void RandomOperations_WithBadInputsMixedIn_GiveOnlyDocumentedOutcomes(DoNotSize<int> seedOf)
    {
        // Any int, not one bounded by FsCheck's size: each seed is a different sequence.
        var seed = seedOf.Item;
        var random = new Random(seed);
        var pool = new List<Entry>();
        Entry Leaf()
        {
            var x = Numbers[random.Next(Numbers.Length)];
            return new Entry(new Value(x), Node.Leaf(x));
        }
        pool.Add(Leaf());
        pool.Add(Leaf());
        var steps = 1 + random.Next(40);
        for (var step = 0; step < steps; step++)
        {
            // An operand: now and then a null (a bad input), else one from the pool.
            Entry? Pick(bool mayBeNull)
            {
                if (mayBeNull && random.Next(12) == 0)
                {
                    return null;
                }
                var e = pool[random.Next(pool.Count)];
                e.Used = true;
                return e;
            }
            var a = Pick(false)!;
            var b = Pick(true);
            var bad = b is null;
            Func<Value>? facade;
            Func<Node>? core;
            var bv = b?.Value;
            var bn = b?.Node;
            var k = Exponents[random.Next(Exponents.Length)];
            var c = Numbers[random.Next(Numbers.Length)];
            switch (random.Next(20))
            {
                case 0: pool.Add(Leaf()); continue;
                case 1: facade = () => a.Value + bv!; core = () => a.Node + bn!; break;
                case 2: facade = () => bv! - a.Value; core = () => bn! - a.Node; break;
                case 3: facade = () => a.Value * bv!; core = () => a.Node * bn!; break;
                case 4: facade = () => a.Value / bv!; core = () => a.Node / bn!; break;
                case 5: facade = () => c / bv!; core = () => c / bn!; break;
                case 6: facade = () => a.Value.Pow(k); core = () => Node.Pow(a.Node, k); bad = false; break;
                case 7: facade = () => a.Value.Pow(bv!); core = () => Node.Pow(a.Node, bn!); break;
                case 8: facade = () => a.Value.Relu(); core = () => Node.Relu(a.Node); bad = false; break;
                case 9: facade = () => a.Value.Tanh(); core = () => Node.Tanh(a.Node); bad = false; break;
                case 10: facade = () => a.Value.Exp(); core = () => Node.Exp(a.Node); bad = false; break;
                case 11: facade = () => a.Value.Log(); core = () => Node.Log(a.Node); bad = false; break;
                case 12: facade = () => a.Value.Sigmoid(); core = () => Node.Sigmoid(a.Node); bad = false; break;
                case 13:
                    {
                        var terms = Enumerable.Range(0, random.Next(5)).Select(_ => Pick(true)).ToArray();
                        bad = terms.Any(t => t is null);
                        facade = () => Value.Sum(terms.Select(t => t?.Value!));
                        core = () => Node.Sum(terms.Select(t => t?.Node!));
                        break;
                    }
                case 14: facade = () => a.Value.Apply(Softplus); core = () => Softplus.Apply(a.Node); bad = false; break;
                case 15: facade = () => a.Value.Apply(Mean2, bv!); core = () => Mean2.Apply(a.Node, bn!); break;
                case 16:
                    // The wrong number of inputs: always refused.
                    facade = () => a.Value.Apply(Mean2); core = () => Mean2.Apply(a.Node); bad = true; break;
                case 17:
                    {
                        // Setting data: fine on a leaf, refused on a computed value.
                        var leaf = a.Node.IsLeaf;
                        var before = a.Value.Data;
                        var thrown = Record.Exception(() => a.Value.Data = c);
                        if (leaf)
                        {
                            Assert.Null(thrown);
                            a.ReassignedAfterUse |= a.Used;
                            a.Node = Node.Leaf(c);
                        }
                        else
                        {
                            Assert.IsType<InvalidOperationException>(thrown);
                            Assert.Equal(BitConverter.DoubleToInt64Bits(before), BitConverter.DoubleToInt64Bits(a.Value.Data));
                        }
                        continue;
                    }
                default: facade = () => a.Value + c; core = () => a.Node + c; bad = false; break;
            }

            var dataBefore = pool.Select(e => BitConverter.DoubleToInt64Bits(e.Value.Data)).ToArray();
            Value? v = null;
            Node? n = null;
            var facadeThrew = Record.Exception(() => v = facade());
            var coreThrew = Record.Exception(() => n = core());
            Assert.True(bad == (facadeThrew is not null), $"seed {seed}, step {step}: the façade {(bad ? "accepted a bad input" : "refused a good one: " + facadeThrew)}");
            Assert.True(bad == (coreThrew is not null), $"seed {seed}, step {step}: the core {(bad ? "accepted a bad input" : "refused a good one: " + coreThrew)}");
            if (bad)
            {
                foreach (var e in new[] { facadeThrew!, coreThrew! })
                {
                    Assert.Contains(e.GetType(), Documented);
                    Assert.False(string.IsNullOrWhiteSpace(e.Message));
                    if (e is ArgumentException arg)
                    {
                        Assert.False(string.IsNullOrEmpty(arg.ParamName), $"seed {seed}: {e.GetType().Name} without a parameter name: {e.Message}");
                    }
                }
                Assert.Equal(facadeThrew!.GetType(), coreThrew!.GetType());
                // Nothing the refused operation was given has changed.
                Assert.Equal(dataBefore, pool.Select(e => BitConverter.DoubleToInt64Bits(e.Value.Data)).ToArray());
                continue;
            }
            Assert.Equal(BitConverter.DoubleToInt64Bits(n!.Data), BitConverter.DoubleToInt64Bits(v!.Data));
            pool.Add(new Entry(v, n));
        }

        var root = pool[^1];
        foreach (var e in pool)
        {
            e.Value.Grad = 0.0;
        }
        root.Value.Backward();
        var reference = ReferenceBackprop.Gradients(root.Node);
        var fast = Backprop.Gradients(root.Node);
        foreach (var (node, g) in reference)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(g), BitConverter.DoubleToInt64Bits(fast[node]));
        }
        foreach (var e in pool.Where(e => !e.ReassignedAfterUse))
        {
            var expected = reference.TryGetValue(e.Node, out var g) ? g : 0.0;
            Assert.True(
                BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(e.Value.Grad),
                $"seed {seed}: the façade's Grad {e.Value.Grad} is not the core's {expected}");
        }

        // A tame graph: finite values no bigger than 1e6; no power or log of an input within 1e-6
        // of 0 (their local derivatives, such as 1/x, overflow there, and the chain rule's 0 · ∞
        // is NaN, as in PyTorch); and no node exponent of a negative base (whose derivative,
        // a^y · ln a, is NaN: a^y is not real for y near an integer).
        var tame = reference.Keys.All(node =>
            double.IsFinite(node.Data) && Math.Abs(node.Data) <= 1e6
            && !((node.Op.StartsWith("**", StringComparison.Ordinal) || node.Op == "log") && Math.Abs(node.Inputs[0].Data) < 1e-6)
            && !(node.Op == "**" && node.Inputs[0].Data < 0));
        if (tame)
        {
            var graph = string.Join("; ", reference.Select(kv => $"{kv.Key.Op}({string.Join(",", kv.Key.Inputs.Select(i => i.Data))})={kv.Key.Data} g={kv.Value}"));
            Assert.All(reference.Values, g => Assert.False(double.IsNaN(g), $"seed {seed}: a NaN gradient in a tame graph: {graph}"));
        }
    }
}
