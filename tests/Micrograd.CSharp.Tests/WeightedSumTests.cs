using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Micrograd.Core;
using Micrograd.Core.Data;
using Micrograd.CSharp.Tests.Support;

namespace Micrograd.CSharp.Tests;

/// <summary>
/// <see cref="Value.WeightedSum"/> against its oracle: the same graph built with the operators,
/// <c>bias + w0 * x0 + w1 * x1 + ...</c> added left to right. Every law compares bits.
/// </summary>
public class WeightedSumTests
{
    // ---- Random graphs: a recipe is built twice, once with weighted sums, once with the chain ----

    /// <summary>
    /// A random graph: leaves, then steps, each a kind and numbers that pick its operands among
    /// the values made before it (so values are reused, and sums feed sums).
    /// </summary>
    public sealed record Recipe(double[] Leaves, int[][] Steps, int Mode)
    {
        public override string ToString() =>
            $"Recipe(mode {Mode}, leaves [{string.Join(", ", Leaves.Select(x => x.ToString("R")))}], steps "
            + string.Join(" ", Steps.Select(s => $"[{string.Join(",", s)}]")) + ")";
    }

    public static class Recipes
    {
        private static Gen<int[]> Step(Gen<int> kind) =>
            from k in kind
            from picks in Gen.ArrayOf(Gen.Choose(0, 1 << 16), 24)
            select new[] { k }.Concat(picks).ToArray();

        public static Arbitrary<Recipe> Recipe() =>
            (from leafCount in Gen.Choose(2, 6)
             // k / 997 is no binary fraction: sums round, so their order shows in the bits.
             from leaves in Gen.ArrayOf(Gen.Choose(-4000, 4000).Select(k => k / 997.0), leafCount)
             from count in Gen.Choose(1, 12)
             from steps in Gen.ArrayOf(Step(Gen.Choose(0, 9)), count)
             from last in Step(Gen.Choose(5, 9))
             from rootIsSum in Gen.Elements(true, false)
             from mode in Gen.Choose(0, 3)
             select new Recipe(leaves, rootIsSum ? [.. steps, last] : steps, mode)).ToArbitrary();
    }

    /// <summary>One build of a recipe: its leaves, every value it made (leaves first), and which of
    /// them are weighted sums (in the oracle: the chain's last sums).</summary>
    public sealed record Built(Value[] Leaves, List<Value> Values, List<int> Sums)
    {
        public Value Root => Values[^1];
    }

    /// <summary>Builds the recipe; with <paramref name="fused"/> its sums are <see cref="Value.WeightedSum"/>,
    /// otherwise the oracle's chain <c>acc = acc + w[i] * x[i]</c>.</summary>
    public static Built Build(Recipe recipe, bool fused)
    {
        var leaves = recipe.Leaves.Select((d, i) => new Value(d, $"x{i}")).ToArray();
        var values = new List<Value>(leaves);
        var sums = new List<int>();
        foreach (var step in recipe.Steps)
        {
            var k = 1;
            int Next() => step[1 + (k++ - 1) % (step.Length - 1)];
            Value Any() => values[Next() % values.Count];
            Value Leaf() => leaves[Next() % leaves.Length];
            switch (step[0])
            {
                case 0:
                    values.Add(Any() + Any());
                    break;
                case 1:
                    values.Add(Any() * Any());
                    break;
                case 2:
                    values.Add(Any().Relu());
                    break;
                case 3:
                    values.Add(Any().Tanh());
                    break;
                case 4:
                    // A leaf used, set and used again: the graphs built before keep its old data.
                    var leaf = Leaf();
                    leaf.Data = leaf.Data * -0.75 + 0.1;
                    break;
                default:
                    var n = 1 + Next() % 4;
                    var bias = Next() % 3 == 0 ? Leaf() : Any();
                    var ws = new Value[n];
                    var xs = new Value[n];
                    for (var i = 0; i < n; i++)
                    {
                        ws[i] = Next() % 2 == 0 ? Leaf() : Any(); // weights shared among sums
                        xs[i] = (Next() % 6) switch
                        {
                            0 => ws[i], // the weight is the input
                            1 => bias, // the bias is an input too
                            2 when i > 0 => Residual(values, xs[i - 1], ws[i - 1]),
                            3 => values[^1],
                            _ => Any(),
                        };
                    }
                    var asLists = Next() % 2 == 0;
                    if (fused)
                    {
                        values.Add(asLists ? Value.WeightedSum(bias, ws.ToList(), xs.ToList()) : Value.WeightedSum(bias, ws, xs));
                    }
                    else
                    {
                        values.Add(Chain(bias, ws, xs));
                    }
                    sums.Add(values.Count - 1);
                    break;
            }
        }
        return new Built(leaves, values, sums);
    }

    // An input that depends on an earlier term's input: the residual case.
    private static Value Residual(List<Value> values, Value x, Value w)
    {
        var y = (x * w).Tanh() + x;
        values.Add(y);
        return y;
    }

    /// <summary>The oracle: micrograd's chain, the running sum on the left, the weight on the left.</summary>
    public static Value Chain(Value bias, IReadOnlyList<Value> weights, IReadOnlyList<Value> inputs)
    {
        var acc = bias;
        for (var i = 0; i < weights.Count; i++)
        {
            acc = acc + weights[i] * inputs[i];
        }
        return acc;
    }

    private static void AssertSameBits(double expected, double actual, string what)
    {
        Assert.True(Bits.Of(expected) == Bits.Of(actual), $"{what}: the chain has {expected:R}, the weighted sums {actual:R}");
    }

    // Every value of the two builds (leaves included) has the same Data and Grad; touches no Children.
    private static void AssertSameValues(Built oracle, Built fused, string when)
    {
        Assert.Equal(oracle.Values.Count, fused.Values.Count);
        for (var i = 0; i < oracle.Values.Count; i++)
        {
            AssertSameBits(oracle.Values[i].Data, fused.Values[i].Data, $"{when}: Data of value {i}");
            AssertSameBits(oracle.Values[i].Grad, fused.Values[i].Grad, $"{when}: Grad of value {i} (op '{oracle.Values[i].Op}')");
        }
    }

    /// <summary>
    /// Walks the two graphs together through Children from their roots (which makes every
    /// weighted sum's chain): the values correspond one to one, with the same Op, IsLeaf, Data and
    /// Grad, and the same number of children. Returns the number of values.
    /// </summary>
    public static int AssertSameGraph(Value oracle, Value fused, string when)
    {
        var pairs = new Dictionary<Value, Value>(ReferenceEqualityComparer.Instance);
        var back = new Dictionary<Value, Value>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Value Oracle, Value Fused, int Depth)>();
        stack.Push((oracle, fused, 0));
        while (stack.Count > 0)
        {
            var (e, f, depth) = stack.Pop();
            var path = $"a value {depth} steps from the root";
            if (pairs.TryGetValue(f, out var seen))
            {
                Assert.True(ReferenceEquals(seen, e), $"{when}: {path} is one value of the weighted sums' graph but two of the chain's");
                continue;
            }
            Assert.False(back.ContainsKey(e), $"{when}: {path} is one value of the chain's graph but two of the weighted sums'");
            pairs[f] = e;
            back[e] = f;
            Assert.True(e.Op == f.Op, $"{when}: {path} has op '{f.Op}', the chain's '{e.Op}'");
            Assert.True(e.IsLeaf == f.IsLeaf, $"{when}: {path}: IsLeaf {f.IsLeaf}, the chain's {e.IsLeaf}");
            AssertSameBits(e.Data, f.Data, $"{when}: Data at {path}");
            AssertSameBits(e.Grad, f.Grad, $"{when}: Grad at {path} (op '{e.Op}')");
            var ec = e.Children;
            var fc = f.Children;
            Assert.True(ec.Count == fc.Count, $"{when}: {path} has {fc.Count} children, the chain's {ec.Count}");
            for (var i = 0; i < ec.Count; i++)
            {
                stack.Push((ec[i], fc[i], depth + 1));
            }
        }
        return pairs.Count;
    }

    private static void BackwardBoth(Built oracle, Built fused, Value? oracleRoot = null, Value? fusedRoot = null)
    {
        (fusedRoot ?? fused.Root).Backward();
        (oracleRoot ?? oracle.Root).Backward();
    }

    [Property(Arbitrary = [typeof(Recipes)], MaxTest = 400)]
    public void Backward_RandomDagWithWeightedSums_GradsAndDataBitIdenticalToTheChain(Recipe recipe)
    {
        var oracle = Build(recipe, fused: false);
        var fused = Build(recipe, fused: true);
        AssertSameValues(oracle, fused, "built");

        fused.Root.Backward();
        oracle.Root.Backward();
        AssertSameValues(oracle, fused, "after one Backward");

        // The other order, so that each pass meets the other graph's shape first.
        oracle.Root.Backward();
        fused.Root.Backward();
        AssertSameValues(oracle, fused, "after two");

        // Twice in a row: the second pass of each replays the first one's shape.
        fused.Root.Backward();
        fused.Root.Backward();
        oracle.Root.Backward();
        oracle.Root.Backward();
        AssertSameValues(oracle, fused, "after four");

        // From a weighted sum inside the graph.
        if (fused.Sums.Count > 0)
        {
            var j = fused.Sums[recipe.Mode % fused.Sums.Count];
            fused.Values[j].Backward();
            oracle.Values[j].Backward();
            AssertSameValues(oracle, fused, $"after Backward from value {j}");
        }
    }

    /// <summary>
    /// The chains made on demand, at four moments: before any Backward (mode 0); between two
    /// (mode 1); for some of the sums only, between two (mode 2); by setting the sums' Grad to 0
    /// between two (mode 3). Then a made chain's value used in a new expression.
    /// </summary>
    [Property(Arbitrary = [typeof(Recipes)], MaxTest = 400)]
    public void Children_RandomDagWithWeightedSums_MakeTheChainBitForBit(Recipe recipe)
    {
        var oracle = Build(recipe, fused: false);
        var fused = Build(recipe, fused: true);
        switch (recipe.Mode)
        {
            case 0:
                AssertSameGraph(oracle.Root, fused.Root, "before any Backward");
                BackwardBoth(oracle, fused);
                break;
            case 1:
                BackwardBoth(oracle, fused);
                break;
            case 2:
                BackwardBoth(oracle, fused);
                for (var i = 0; i < fused.Sums.Count; i += 2)
                {
                    _ = fused.Values[fused.Sums[i]].Children; // that sum's chain only
                }
                // A pass over a graph whose sums are some made, some not.
                BackwardBoth(oracle, fused);
                AssertSameValues(oracle, fused, "after a Backward with some chains made");
                break;
            default:
                BackwardBoth(oracle, fused);
                foreach (var j in fused.Sums)
                {
                    oracle.Values[j].Grad = 0;
                    fused.Values[j].Grad = 0;
                }
                break;
        }
        var count = AssertSameGraph(oracle.Root, fused.Root, $"mode {recipe.Mode}, after the first walk");
        Assert.Equal(ValueProperties.Reachable(oracle.Root).Count, count);
        Assert.Equal(ValueProperties.Reachable(fused.Root).Count, count);
        AssertSameValues(oracle, fused, "after the first walk");

        BackwardBoth(oracle, fused);
        AssertSameValues(oracle, fused, "after a Backward once the chains are made");
        AssertSameGraph(oracle.Root, fused.Root, "after a Backward once the chains are made");

        if (fused.Sums.Count > 0)
        {
            var j = fused.Sums[^1];
            var oracleRoot = oracle.Root + 2 * oracle.Values[j].Children[0];
            var fusedRoot = fused.Root + 2 * fused.Values[j].Children[0];
            BackwardBoth(oracle, fused, oracleRoot, fusedRoot);
            AssertSameValues(oracle, fused, "after a Backward of a root reusing a chain's value");
            AssertSameGraph(oracleRoot, fusedRoot, "after a Backward of a root reusing a chain's value");
        }
    }

    [Property(Arbitrary = [typeof(Recipes)], MaxTest = 150)]
    public void Node_RandomDagWithWeightedSums_SameCoreGraphGradientsAndPicture(Recipe recipe)
    {
        var oracle = Build(recipe, fused: false);
        var fused = Build(recipe, fused: true);
        BackwardBoth(oracle, fused);

        var oracleNode = oracle.Root.Node;
        var fusedNode = fused.Root.Node; // makes the chains
        var oracleGradients = Backprop.Gradients(oracleNode);
        var fusedGradients = Backprop.Gradients(fusedNode);
        Assert.Equal(oracleGradients.Count, fusedGradients.Count);

        // The core graphs, walked together.
        var seen = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Node Oracle, Node Fused)>();
        stack.Push((oracleNode, fusedNode));
        while (stack.Count > 0)
        {
            var (e, f) = stack.Pop();
            if (!seen.Add(f))
            {
                continue;
            }
            Assert.Equal(e.Op, f.Op);
            AssertSameBits(e.Data, f.Data, "a core node's Data");
            AssertSameBits(oracleGradients[e], fusedGradients[f], $"a core node's gradient (op '{e.Op}')");
            Assert.Equal(e.Inputs.Count, f.Inputs.Count);
            for (var i = 0; i < e.Inputs.Count; i++)
            {
                stack.Push((e.Inputs[i], f.Inputs[i]));
            }
        }
        Assert.Equal(oracleGradients.Count, seen.Count);

        // The values read back as nodes still carry the gradients of the one Backward.
        AssertSameGraph(oracle.Root, fused.Root, "after Node");
        Assert.Equal(oracle.Root.ToDot().Split('\n').Length, fused.Root.ToDot().Split('\n').Length);
    }

    // What the oracle gives (a value or an exception), the weighted sums give too.
    private static T? SameOutcome<T>(Func<Built, T> oracle, Func<Built, T> fused, Built e, Built f, string what)
    {
        T? expected = default;
        Exception? expectedError = null, actualError = null;
        try
        {
            expected = oracle(e);
        }
        catch (Exception error)
        {
            expectedError = error;
        }
        try
        {
            _ = fused(f);
        }
        catch (Exception error)
        {
            actualError = error;
        }
        Assert.True(expectedError?.GetType() == actualError?.GetType(), $"{what}: the chain throws {expectedError?.GetType().Name ?? "nothing"}, the weighted sums {actualError?.GetType().Name ?? "nothing"}: {actualError?.Message}");
        Assert.Equal(expectedError?.Message, actualError?.Message);
        return expected;
    }

    [Property(Arbitrary = [typeof(Recipes)], MaxTest = 100)]
    public void GradientsHessianAndTape_RandomDagWithWeightedSums_SameAsTheChain(Recipe recipe)
    {
        var oracle = Build(recipe, fused: false);
        var fused = Build(recipe, fused: true);
        var leaf = recipe.Mode % oracle.Leaves.Length;

        // Gradients as values (they throw alike once a leaf's Data was set), then differentiated again.
        var oracleGradients = SameOutcome(b => b.Root.Gradients(), b => b.Root.Gradients(), oracle, fused, "Gradients");
        if (oracleGradients is not null)
        {
            var fusedGradients = fused.Root.Gradients();
            Assert.Equal(oracleGradients.Count, fusedGradients.Count);
            for (var i = 0; i < oracle.Leaves.Length; i++)
            {
                var has = oracleGradients.TryGetValue(oracle.Leaves[i], out var g);
                Assert.Equal(has, fusedGradients.TryGetValue(fused.Leaves[i], out var h));
                if (has)
                {
                    AssertSameBits(g!.Data, h!.Data, $"the gradient of leaf {i} as a value");
                }
            }
            if (oracleGradients.TryGetValue(oracle.Leaves[leaf], out var second))
            {
                second.Backward();
                fusedGradients[fused.Leaves[leaf]].Backward();
                AssertSameValues(oracle, fused, "after a gradient's Backward");
            }
        }

        var hessian = SameOutcome(b => b.Root.Hessian(b.Leaves), b => b.Root.Hessian(b.Leaves), oracle, fused, "Hessian");
        if (hessian is not null)
        {
            var fusedHessian = fused.Root.Hessian(fused.Leaves);
            for (var i = 0; i < hessian.GetLength(0); i++)
            {
                for (var j = 0; j < hessian.GetLength(1); j++)
                {
                    AssertSameBits(hessian[i, j], fusedHessian[i, j], $"Hessian [{i}, {j}]");
                }
            }
        }

        // A compiled tape: forward again at new leaf data, and backward into the values.
        var oracleTape = oracle.Root.Compile();
        var fusedTape = fused.Root.Compile();
        Assert.Equal(oracleTape.Tape.Count, fusedTape.Tape.Count);
        oracle.Leaves[leaf].Data += 0.5;
        fused.Leaves[leaf].Data += 0.5;
        AssertSameBits(oracleTape.Forward(), fusedTape.Forward(), "the tape's forward");
        oracleTape.Backward();
        fusedTape.Backward();
        AssertSameGraph(oracle.Root, fused.Root, "after the tape's Backward");
    }

    [Fact]
    public void Backward_TwentyThousandSumsEachTheNextOnesBias_BitIdenticalToTheChainWithoutRecursion()
    {
        Value Deep(bool fused, Value[] ws)
        {
            Value s = new Value(0.1);
            for (var i = 0; i < 20_000; i++)
            {
                Value[] w = [ws[i % ws.Length], ws[(i + 1) % ws.Length]];
                Value[] x = [s, ws[(i + 2) % ws.Length]];
                s = (fused ? Value.WeightedSum(s, w, x) : Chain(s, w, x)).Tanh();
            }
            return s;
        }
        var oracleWeights = Enumerable.Range(0, 7).Select(i => new Value(0.3 + i / 13.0)).ToArray();
        var fusedWeights = Enumerable.Range(0, 7).Select(i => new Value(0.3 + i / 13.0)).ToArray();
        var oracle = Deep(false, oracleWeights);
        var fused = Deep(true, fusedWeights);
        oracle.Backward();
        fused.Backward();
        for (var i = 0; i < oracleWeights.Length; i++)
        {
            AssertSameBits(oracleWeights[i].Grad, fusedWeights[i].Grad, $"weight {i}");
        }
        var gradients = Backprop.Gradients(fused.Node); // makes every chain, without recursion
        AssertSameBits(Backprop.Gradients(oracle.Node)[oracleWeights[0].Node], gradients[fusedWeights[0].Node], "weight 0, by the core");
        Assert.Equal(ValueProperties.Reachable(oracle).Count, AssertSameGraph(oracle, fused, "after Backward"));
    }

    // ---- Made chains, by hand ----

    private static (Value[] Leaves, Value Sum) Three(bool fused)
    {
        var leaves = new[] { 0.3, 1.7, -0.9, 2.3, 1.1, -0.35, 0.77 }.Select(d => new Value(d / 3.0)).ToArray();
        var (b, w0, x0, w1, x1, w2, x2) = (leaves[0], leaves[1], leaves[2], leaves[3], leaves[4], leaves[5], leaves[6]);
        Value[] ws = [w0, w1, w2];
        Value[] xs = [x0, x1, x2];
        return (leaves, fused ? Value.WeightedSum(b, ws, xs) : Chain(b, ws, xs));
    }

    [Fact]
    public void Children_OfAMadeChainUsedInANewExpression_BackwardBitIdenticalToTheChain()
    {
        var (oracleLeaves, oracleSum) = Three(fused: false);
        var (fusedLeaves, fusedSum) = Three(fused: true);
        var s = oracleSum.Tanh();
        var t = fusedSum.Tanh();
        s.Backward();
        t.Backward();

        var oracleRoot = oracleSum + 2 * oracleSum.Children[0];
        var fusedRoot = fusedSum + 2 * fusedSum.Children[0];
        oracleRoot.Backward();
        fusedRoot.Backward();

        for (var i = 0; i < oracleLeaves.Length; i++)
        {
            AssertSameBits(oracleLeaves[i].Grad, fusedLeaves[i].Grad, $"leaf {i}'s Grad");
        }
        // 7 leaves, 3 products, 3 sums; the leaf 2, its product and the new root.
        Assert.Equal(16, AssertSameGraph(oracleRoot, fusedRoot, "after both Backward"));
        AssertSameGraph(s, t, "after both Backward");
    }

    [Fact]
    public void Grad_SetToZeroAfterBackward_TheChainKeepsTheGradientsItHad()
    {
        var (_, oracleSum) = Three(fused: false);
        var (_, fusedSum) = Three(fused: true);
        var oracleRoot = oracleSum * oracleSum;
        var fusedRoot = fusedSum * fusedSum;
        oracleRoot.Backward();
        fusedRoot.Backward();
        Assert.NotEqual(0.0, oracleSum.Grad);

        oracleSum.Grad = 0;
        fusedSum.Grad = 0;

        Assert.Equal(0.0, fusedSum.Grad);
        Assert.NotEqual(0.0, fusedSum.Children[0].Grad); // the sum before: 2·s, as the chain's has it
        // 7 leaves, 3 products, 3 sums and the square.
        Assert.Equal(14, AssertSameGraph(oracleRoot, fusedRoot, "after setting the sum's Grad"));
    }

    [Fact]
    public void Grad_SetBeforeAnyBackward_ThenBackward_BitIdenticalToTheChain()
    {
        var (oracleLeaves, oracleSum) = Three(fused: false);
        var (fusedLeaves, fusedSum) = Three(fused: true);
        oracleSum.Grad = 0.5;
        fusedSum.Grad = 0.5;
        var oracleRoot = oracleSum.Relu() * oracleLeaves[3];
        var fusedRoot = fusedSum.Relu() * fusedLeaves[3];
        oracleRoot.Backward();
        fusedRoot.Backward();
        AssertSameGraph(oracleRoot, fusedRoot, "after Backward");
    }

    // ---- Training ----

    private static Value ExplicitForward(MLP model, double x, double y)
    {
        IReadOnlyList<Value> inputs = [new Value(x), new Value(y)];
        foreach (var layer in model.Layers)
        {
            inputs = layer.Neurons.Select(n =>
            {
                var act = Chain(n.Bias, n.Weights, inputs);
                return n.Nonlinearity switch
                {
                    Nonlinearity.ReLU => act.Relu(),
                    Nonlinearity.Tanh => act.Tanh(),
                    _ => act,
                };
            }).ToArray();
        }
        return inputs[0];
    }

    // README's demo loop's loss.
    private static Value Loss(IReadOnlyList<Sample> data, IReadOnlyList<Value> parameters, Func<Sample, Value> score)
    {
        var losses = new List<Value>();
        foreach (var s in data)
        {
            losses.Add((1 + -s.Label * score(s)).Relu());
        }
        var dataLoss = Value.Sum(losses) * (1.0 / losses.Count);
        var regLoss = 1e-4 * Value.Sum(parameters.Select(p => p * p));
        return dataLoss + regLoss;
    }

    [Fact]
    public void Training_ReadmeLoopWithNeuronsWeightedSums_ParametersBitIdenticalToTheExplicitChain()
    {
        var data = Moons.Generate(30, 0.1, 1337);
        var fused = new MLP(2, [16, 16, 1], random: new PythonRandom(1337));
        var oracle = new MLP(2, [16, 16, 1], random: new PythonRandom(1337));
        var alternating = new MLP(2, [16, 16, 1], random: new PythonRandom(1337));
        var models = new[] { fused, oracle, alternating };
        for (var k = 0; k < 4; k++)
        {
            // The alternating model's graph is fused on even steps and explicit on odd ones, so that
            // the backward pass's replay meets a changed shape every step.
            var totals = new[]
            {
                Loss(data, fused.Parameters(), s => fused.Forward(s.X, s.Y)[0]),
                Loss(data, oracle.Parameters(), s => ExplicitForward(oracle, s.X, s.Y)),
                Loss(data, alternating.Parameters(), s => k % 2 == 0 ? alternating.Forward(s.X, s.Y)[0] : ExplicitForward(alternating, s.X, s.Y)),
            };
            var learningRate = 1.0 - 0.9 * k / 100;
            for (var m = 0; m < models.Length; m++)
            {
                models[m].ZeroGrad();
                totals[m].Backward();
            }
            AssertSameBits(totals[1].Data, totals[0].Data, $"step {k}: the fused model's loss");
            AssertSameBits(totals[1].Data, totals[2].Data, $"step {k}: the alternating model's loss");
            var parameters = models.Select(m => m.Parameters()).ToArray();
            for (var i = 0; i < parameters[1].Count; i++)
            {
                AssertSameBits(parameters[1][i].Grad, parameters[0][i].Grad, $"step {k}: the fused model's gradient {i}");
                AssertSameBits(parameters[1][i].Grad, parameters[2][i].Grad, $"step {k}: the alternating model's gradient {i}");
            }
            foreach (var ps in parameters)
            {
                foreach (var p in ps)
                {
                    p.Data -= learningRate * p.Grad;
                }
            }
            for (var i = 0; i < parameters[1].Count; i++)
            {
                AssertSameBits(parameters[1][i].Data, parameters[0][i].Data, $"after step {k}: the fused model's parameter {i}");
                AssertSameBits(parameters[1][i].Data, parameters[2][i].Data, $"after step {k}: the alternating model's parameter {i}");
            }
        }
        Assert.NotEqual(new MLP(2, [16, 16, 1], random: new PythonRandom(1337)).Parameters()[0].Data, fused.Parameters()[0].Data);
    }

    // ---- Anomaly detection ----

    /// <summary>b + w0·x0 + w1·x1 with labelled leaves, as a weighted sum or as the chain.</summary>
    private static Value Two(bool fused, double b, double w0, double x0, double w1, double x1)
    {
        Value[] ws = [new Value(w0, "w0"), new Value(w1, "w1")];
        Value[] xs = [new Value(x0, "x0"), new Value(x1, "x1")];
        var bias = new Value(b, "b");
        return fused ? Value.WeightedSum(bias, ws, xs) : Chain(bias, ws, xs);
    }

    public static TheoryData<string, double, double, double, double, double> Overflows => new()
    {
        { "the first product overflows", 1.0, 1e200, 1e200, 2.0, 3.0 },
        { "the second product overflows", 1.0, 2.0, 3.0, 1e300, 1e10 },
        { "the first sum overflows", 1.7e308, 1.0, 1.7e308, 2.0, 3.0 },
        { "the last sum overflows", 1.0, 1e308, 1.0, 1e308, 1.0 },
        { "infinity times 0 in a product", 1.0, 2.0, 3.0, double.PositiveInfinity, 0.0 },
        { "an infinite bias", double.PositiveInfinity, 2.0, 3.0, 1.0, 1.0 },
        { "a product overflows to -∞", 1.0, -1e200, 1e200, 2.0, 3.0 },
        { "a NaN input", 1.0, 2.0, double.NaN, 1.0, 1.0 },
    };

    private static Exception? ThrownInside(Action action)
    {
        using (Anomaly.Detect())
        {
            try
            {
                action();
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overflows))]
    public void WeightedSum_NotFiniteInsideDetect_ThrowsWhatTheChainThrows(string why, double b, double w0, double x0, double w1, double x1)
    {
        var expected = ThrownInside(() => Two(false, b, w0, x0, w1, x1));
        var actual = ThrownInside(() => Two(true, b, w0, x0, w1, x1));
        Assert.True(expected is AnomalyException, $"{why}: the chain throws {expected?.GetType().Name ?? "nothing"}");
        Assert.NotNull(actual);
        Assert.Equal(expected!.GetType(), actual!.GetType());
        Assert.Equal(expected.Message, actual.Message);
    }

    [Theory]
    [InlineData(0.0, 1e200, 1e-200, 1e200)] // dx0 = w0 · 1e200 = +∞
    [InlineData(0.0, 2.0, double.PositiveInfinity, 1.0)] // built outside: s = +∞; dw0 = +∞
    [InlineData(0.0, 0.0, double.PositiveInfinity, 1.0)] // built outside: s = NaN
    public void Backward_NotFiniteGradientInsideDetect_ThrowsWhatTheChainThrowsAndLeavesTheSameGrads(double b, double w0, double x0, double k)
    {
        (Value Root, Value Sum, Value Scale) Make(bool fused)
        {
            var sum = Two(fused, b, w0, x0, 1.5, -0.25);
            var scale = new Value(k, "k");
            return (sum * scale, sum, scale);
        }
        var oracle = Make(false);
        var fused = Make(true);
        var expected = ThrownInside(oracle.Root.Backward);
        var actual = ThrownInside(fused.Root.Backward);
        Assert.True(expected is AnomalyException, $"the chain throws {expected?.GetType().Name ?? "nothing"}");
        Assert.NotNull(actual);
        Assert.Equal(expected!.GetType(), actual!.GetType());
        Assert.Equal(expected.Message, actual.Message);
        AssertSameGraph(oracle.Root, fused.Root, "after the exception");
    }

    // ---- Threads ----

    [Fact]
    public async Task Children_FromTwoThreadsAtOnce_OneChainIsMade()
    {
        for (var round = 0; round < 200; round++)
        {
            var ws = Enumerable.Range(0, 8).Select(i => new Value(0.1 * i + 0.01 * round)).ToArray();
            var xs = Enumerable.Range(0, 8).Select(i => new Value(1.0 / (i + 3))).ToArray();
            var sum = Value.WeightedSum(new Value(0.3), ws, xs);
            using var barrier = new Barrier(2);
            var children = Enumerable.Range(0, 2)
                .Select(_ => Task.Run(() =>
                {
                    barrier.SignalAndWait();
                    return sum.Children;
                }))
                .ToArray();
            var made = await Task.WhenAll(children);
            var (first, second) = (made[0], made[1]);
            Assert.Equal(2, first.Count);
            Assert.Same(first[0], second[0]);
            Assert.Same(first[1], second[1]);
            Assert.Same(first[0], sum.Children[0]);

            sum.Backward();
            var oracle = Chain(new Value(0.3), ws.Select(w => new Value(w.Data)).ToArray(), xs.Select(x => new Value(x.Data)).ToArray());
            oracle.Backward();
            AssertSameGraph(oracle, sum, $"round {round}");
        }
    }

    // ---- What sums share: a neuron's weights across a batch, a layer's inputs across its neurons ----

    [Fact]
    public void WeightedSum_AWeightSetBetweenTwoSums_TheFirstKeepsTheOldValueAndTheSecondGetsTheNew()
    {
        // By hand: 0.5 + 2·3 + 4·5 = 26.5; with w1 = -1 instead of 4: 0.5 + 6 - 5 = 1.5.
        var bias = new Value(0.5);
        var weights = new[] { new Value(2.0), new Value(4.0) };
        var inputs = new[] { new Value(3.0), new Value(5.0) };
        var before = Value.WeightedSum(bias, weights, inputs);
        weights[1].Data = -1.0;
        var after = Value.WeightedSum(bias, weights, inputs);
        Assert.Equal(26.5, before.Data);
        Assert.Equal(1.5, after.Data);

        // Both differentiated in one graph: d/dw1 = x1 from each (5 + 5), d/dx1 = 4 + (-1).
        (before + after).Backward();
        Assert.Equal(10.0, weights[1].Grad);
        Assert.Equal(3.0, inputs[1].Grad);
        Assert.Equal(4.0, inputs[0].Grad); // 2 + 2
        Assert.Equal(2.0, bias.Grad);
        Assert.Equal(26.5, before.Children[0].Data + before.Children[1].Data);
        Assert.Equal(-5.0, after.Children[1].Data); // the chain's last product, w1·x1 = -1·5
    }

    [Fact]
    public void WeightedSum_OneListOfInputsChangedBetweenSums_EachSumHasTheInputsItWasGiven()
    {
        // A layer passes one list to all its neurons; a list changed between two sums (an entry
        // replaced, a leaf's Data set) must give the second sum the new inputs.
        var w = new[] { new Value(1.0), new Value(10.0) };
        var inputs = new List<Value> { new Value(2.0), new Value(3.0) };
        var first = Value.WeightedSum(new Value(0.0), w, inputs);    // 2 + 30
        inputs[1] = new Value(7.0);
        var second = Value.WeightedSum(new Value(0.0), w, inputs);   // 2 + 70
        inputs[0].Data = 5.0;
        var third = Value.WeightedSum(new Value(0.0), w, inputs);    // 5 + 70
        var fourth = Value.WeightedSum(new Value(0.0), w, inputs);   // the same list, unchanged
        Assert.Equal(new[] { 32.0, 72.0, 75.0, 75.0 }, new[] { first.Data, second.Data, third.Data, fourth.Data });

        // d/dw0 = 2 + 2 + 5 + 5, d/dw1 = 3 + 7 + 7 + 7.
        Value.Sum([first, second, third, fourth]).Backward();
        Assert.Equal(14.0, w[0].Grad);
        Assert.Equal(24.0, w[1].Grad);
    }

    [Fact]
    public void Backward_ALayerOfSumsOverInputsAlreadyLaidOut_BitIdenticalToTheChainOnEveryPass()
    {
        // Two "samples" through one layer of four sums: in the second, every sum but the first
        // finds its weights and inputs laid out already (the first sample brought the weights, the
        // second's first sum its inputs), the case the backward pass takes all terms at once for;
        // with an input used twice within a sum, and a root that reuses sums, over several passes.
        var random = new PythonRandom(11);
        double Draw() => -1.0 + 2.0 * random.NextDouble();
        var leaves = Enumerable.Range(0, 10).Select(_ => Draw()).ToArray();
        var weights = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, 6).Select(_ => Draw()).ToArray()).ToArray();
        Value Build(bool fused, out Value[] inputLeaves, out Value[][] weightLeaves)
        {
            var xs = leaves.Select(v => new Value(v)).ToArray();
            var ws = weights.Select(row => row.Select(v => new Value(v)).ToArray()).ToArray();
            Value[] Layer(Value[] x)
            {
                var hidden = new[] { x[0].Tanh(), x[1] * x[2], x[3].Relu(), x[4] + x[0], x[1].Tanh(), x[2] * x[2] };
                return ws.Select((row, j) => fused
                    ? Value.WeightedSum(new Value(0.1 * j), row, hidden)
                    : Chain(new Value(0.1 * j), row, hidden)).ToArray();
            }
            Value Score(Value[] s) => (s[0] * s[1] + s[2].Tanh() + s[3] * s[0]).Relu() + s[3];
            inputLeaves = xs;
            weightLeaves = ws;
            return Score(Layer(xs[..5])) + Score(Layer(xs[5..]));
        }
        var fusedRoot = Build(true, out var fusedXs, out var fusedWs);
        var chainRoot = Build(false, out var chainXs, out var chainWs);
        AssertSameBits(chainRoot.Data, fusedRoot.Data, "the root");
        for (var pass = 0; pass < 3; pass++)
        {
            fusedRoot.Backward();
            chainRoot.Backward();
            for (var i = 0; i < fusedXs.Length; i++)
            {
                AssertSameBits(chainXs[i].Grad, fusedXs[i].Grad, $"x{i} after pass {pass}");
            }
            for (var j = 0; j < fusedWs.Length; j++)
            {
                for (var i = 0; i < fusedWs[j].Length; i++)
                {
                    AssertSameBits(chainWs[j][i].Grad, fusedWs[j][i].Grad, $"w[{j}][{i}] after pass {pass}");
                }
            }
        }
    }

    // ---- Review: what the sums' caches keep alive, and a chain made while a pass runs ----

    // A graph of 2,000 values (its root returned), and a weak reference to that root.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (Value Root, WeakReference Weak) BigGraph()
    {
        var v = new Value(1.0);
        for (var i = 0; i < 1000; i++)
        {
            v = (v * 1.0001).Tanh();
        }
        return (v, new WeakReference(v));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference SumOverABigInput(bool fused)
    {
        var (big, weak) = BigGraph();
        var sum = fused
            ? Value.WeightedSum(new Value(0.5), new[] { new Value(2.0) }, new[] { big })
            : Chain(new Value(0.5), new[] { new Value(2.0) }, new[] { big });
        Assert.True(double.IsFinite(sum.Data));
        return weak; // the sum, its inputs and the graph are garbage from here on
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference SumWithABigBias(Value weight, bool fused)
    {
        var (big, weak) = BigGraph();
        var sum = fused
            ? Value.WeightedSum(big, new[] { weight }, new[] { new Value(3.0) })
            : Chain(big, new[] { weight }, new[] { new Value(3.0) });
        sum.Backward(); // forgets the thread's last inputs
        return weak;
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    [Fact]
    public void WeightedSum_InputsOfTheLastSumWithoutBackward_AreNotKeptAliveByTheThread()
    {
        // Inference (forward passes, no Backward): the chain keeps nothing once dropped; the
        // weighted sum's thread-static cache of the last inputs keeps their whole graph alive.
        var chain = SumOverABigInput(fused: false);
        Collect();
        Assert.False(chain.IsAlive, "control: the chain's inputs are collected");
        var fused = SumOverABigInput(fused: true);
        Collect();
        Assert.False(fused.IsAlive, "the weighted sum's inputs are kept alive after the sum is dropped");
    }

    [Fact]
    public void WeightedSum_AComputedBias_IsNotKeptAliveByTheFirstWeightAfterTheSumIsDropped()
    {
        // A recurrent step h = WeightedSum(h_prev, [w], [x]) with a long-lived weight w: the
        // weight's cell keeps the last WeightBlock, which holds the computed bias and its graph.
        var weight = new Value(2.0);
        var chain = SumWithABigBias(weight, fused: false);
        Collect();
        Assert.False(chain.IsAlive, "control: the chain's bias is collected");
        var fused = SumWithABigBias(weight, fused: true);
        Collect();
        Assert.False(fused.IsAlive, "the weighted sum's bias graph is kept alive by its first weight's cell");
        GC.KeepAlive(weight);
    }

    [Fact]
    public void Children_ReadDuringBackward_TheChainGetsThisPassesGradientsAsTheChainWould()
    {
        // Looking at a sum (Children, Node, a picture) is a read in micrograd; here it makes the
        // chain with the gradient the sum has so far. Read while a pass is under way (here from a
        // user's rule; on another thread, a picture drawn while Backward runs), the chain misses
        // that pass's gradient for good, while the sum gets it.
        Value? sum = null;
        var peek = CustomOp.Unary("peek", v => v, (_, _) =>
        {
            _ = sum!.Children;
            return 1.0;
        });
        var quietPeek = CustomOp.Unary("peek", v => v, (_, _) => 1.0);
        var ws = new[] { new Value(0.25), new Value(-1.5) };
        var xs = new[] { new Value(2.0), new Value(3.0) };
        sum = Value.WeightedSum(new Value(0.5), ws, xs);
        sum.Apply(peek).Backward();

        var oracle = Chain(new Value(0.5), ws.Select(w => new Value(w.Data)).ToArray(), xs.Select(x => new Value(x.Data)).ToArray());
        oracle.Apply(quietPeek).Backward();
        AssertSameGraph(oracle, sum, "after one pass");
    }
}
