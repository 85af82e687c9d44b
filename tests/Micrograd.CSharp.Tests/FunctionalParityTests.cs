using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Micrograd.Core;
using Micrograd.Core.Nn;
using Micrograd.CSharp.Tests.Support;

namespace Micrograd.CSharp.Tests;

/// <summary>
/// The project's central claim: the C# façade (mutable Data/Grad, Backward, p.Data -= lr * p.Grad)
/// and the F# functional model (pure gradients, a new model each step), initialised from the same
/// generator, give bit-identical losses and parameters step after step.
/// </summary>
public class FunctionalParityTests
{
    private static readonly double[][] LectureXs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]];
    private static readonly double[] LectureYs = [1.0, -1.0, -1.0, 1.0];

    // The lecture's loss, sum((yout - ygt)**2), built the same way on both sides.
    private static Value FacadeLoss(MLP model) =>
        Value.Sum(LectureXs.Select((x, i) => (model.Forward(x)[0] - LectureYs[i]).Pow(2.0)));

    private static Node FunctionalLoss(Mlp model) =>
        Node.Sum(LectureXs.Select((x, i) => Node.Pow(model.Forward(x)[0] - LectureYs[i], 2.0)));

    [Property(MaxTest = 20)]
    public Property Training_LectureNetworkAnySeed_FacadeAndFunctionalAreBitIdentical(int seed, PositiveInt stepsRaw)
    {
        var steps = 1 + stepsRaw.Get % 15;
        var facade = MLP.Lecture(3, [4, 4, 1], new PythonRandom(seed));
        var functional = Mlp.Lecture(3, [4, 4, 1], new PythonRandom(seed));

        for (var step = 0; step < steps; step++)
        {
            var loss = FacadeLoss(facade);
            var pure = FunctionalLoss(functional);
            if (Bits.Of(loss.Data) != Bits.Of(pure.Data))
            {
                return false.Label($"step {step}: façade loss {loss.Data:R} vs functional {pure.Data:R}");
            }

            facade.ZeroGrad();
            loss.Backward();
            foreach (var p in facade.Parameters())
            {
                p.Data -= 0.05 * p.Grad;
            }
            functional = functional.Step(Backprop.Gradients(pure), 0.05);

            var mismatch = facade.Parameters().Zip(functional.Parameters)
                .Select((pair, i) => (i, a: pair.First.Data, b: pair.Second.Data))
                .FirstOrDefault(t => Bits.Of(t.a) != Bits.Of(t.b), (i: -1, a: 0.0, b: 0.0));
            if (mismatch.i >= 0)
            {
                return false.Label($"step {step}: parameter {mismatch.i} {mismatch.a:R} vs {mismatch.b:R}");
            }
        }
        return true.ToProperty();
    }

    [Fact]
    public void Training_MoonsStyleReluNetworkWithHingeLossAndL2_FacadeAndFunctionalAreBitIdentical()
    {
        // micrograd's demo model and loss on a small deterministic data set: relu(1 - y·score)
        // averaged, plus 1e-4 · Σ p², learning rate 1 - 0.9·k/steps.
        var random = new PythonRandom(7);
        var xs = Enumerable.Range(0, 12).Select(_ => new[] { random.Uniform(-1, 1), random.Uniform(-1, 1) }).ToArray();
        var ys = xs.Select(x => x[0] * x[1] > 0 ? 1.0 : -1.0).ToArray();
        var facade = new MLP(2, [8, 8, 1], new PythonRandom(1337));
        var functional = Mlp.Create(2, [8, 8, 1], new PythonRandom(1337));
        const int steps = 10;

        for (var k = 0; k < steps; k++)
        {
            var scores = xs.Select(x => facade.Forward(x)[0]).ToArray();
            var loss = Value.Sum(scores.Select((s, i) => (1 + -ys[i] * s).Relu())) * (1.0 / xs.Length)
                + 1e-4 * Value.Sum(facade.Parameters().Select(p => p * p));

            var pureScores = xs.Select(x => functional.Forward(x)[0]).ToArray();
            var pure = Node.Sum(pureScores.Select((s, i) => Node.Relu(1.0 + -ys[i] * s))) * (1.0 / xs.Length)
                + 1e-4 * Node.Sum(functional.Parameters.Select(p => p * p));

            Assert.Equal(Bits.Of(loss.Data), Bits.Of(pure.Data));

            var lr = 1.0 - 0.9 * k / steps;
            facade.ZeroGrad();
            loss.Backward();
            foreach (var p in facade.Parameters())
            {
                p.Data -= lr * p.Grad;
            }
            functional = functional.Step(Backprop.Gradients(pure), lr);

            Assert.Equal(functional.Parameters.Select(p => Bits.Of(p.Data)), facade.Parameters().Select(p => Bits.Of(p.Data)));
        }
    }
}
