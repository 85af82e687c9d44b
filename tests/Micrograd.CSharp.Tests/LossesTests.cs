using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Micrograd.Core;
using Micrograd.Core.Nn;
using Micrograd.CSharp.Tests.Support;

namespace Micrograd.CSharp.Tests;

/// <summary>The façade's <see cref="Losses"/>, and the F# core's (<see cref="Core.Nn.Losses"/>) built over the façade's <see cref="Value"/>.</summary>
public class LossesTests
{
    private static Value[] Leaves(params double[] xs) => Array.ConvertAll(xs, x => new Value(x));

    [Fact]
    public void Demo_SmallExample_IsHingeLossesAveragedPlusAlphaTimesSquares()
    {
        // Every number exact in binary; the last sample (score 3, label 1) is outside the margin.
        var scores = Leaves(0.5, -2.0, 0.25, 3.0);
        var negatedLabels = Leaves(-1.0, -1.0, 1.0, -1.0);
        var parameters = Leaves(0.5, -1.0, 2.0);

        var total = Core.Nn.Losses.Demo(new ValueArithmetic(), scores, negatedLabels, parameters);
        total.Backward();

        // relu(s*(-y) + 1): relu(0.5*-1 + 1), relu(-2*-1 + 1), relu(0.25*1 + 1), relu(3*-1 + 1)
        var dataLoss = (0.5 + 3.0 + 1.25 + 0.0) * (1.0 / 4.0);
        var regLoss = (0.5 * 0.5 + -1.0 * -1.0 + 2.0 * 2.0) * 1e-4;
        Assert.Equal(dataLoss + regLoss, total.Data);
        // d total / d score_i = -y_i / n inside the margin, 0 outside; d total / d p = 2 * alpha * p.
        Assert.Equal([-0.25, -0.25, 0.25, 0.0], scores.Select(s => s.Grad));
        Assert.Equal([2.0 * (1e-4 * 0.5), 2.0 * (1e-4 * -1.0), 2.0 * (1e-4 * 2.0)], parameters.Select(p => p.Grad));
    }

    [Fact]
    public void Demo_ReluNetwork_SameBitsAsTheDemoWrittenOutWithValueOperators()
    {
        var (xs, ys) = Data();
        var model = new MLP(2, [8, 8, 1], new PythonRandom(1337));
        var scores = xs.Select(x => model.Forward(x)[0]).ToArray();

        var total = Core.Nn.Losses.Demo(new ValueArithmetic(), scores, ys.Select(y => new Value(-y)).ToArray(), model.Parameters());
        // micrograd's demo, written out by hand in Values, as the façade's trainer wrote it before it called Losses.Demo.
        var written = Value.Sum(scores.Select((s, i) => (s * -ys[i] + 1.0).Relu())) * (1.0 / scores.Length)
            + Value.Sum(model.Parameters().Select(p => p * p)) * 1e-4;

        Bits.AssertSame(written.Data, total.Data);
    }

    [Fact]
    public void Demo_SameModelAndDataInFSharpAndCSharp_BitIdenticalTotalsAndGradients()
    {
        var (xs, ys) = Data();
        var facade = new MLP(2, [8, 8, 1], new PythonRandom(1337));
        var functional = Mlp.Create(2, [8, 8, 1], new PythonRandom(1337));

        var facadeTotal = Core.Nn.Losses.Demo(
            new ValueArithmetic(),
            xs.Select(x => facade.Forward(x)[0]).ToArray(),
            ys.Select(y => new Value(-y)).ToArray(),
            facade.Parameters());
        facade.ZeroGrad();
        facadeTotal.Backward();
        var functionalTotal = Core.Nn.Losses.Demo(
            new NodeArithmetic(),
            xs.Select(x => functional.Forward(x)[0]).ToArray(),
            ys.Select(y => Node.Leaf(-y)).ToArray(),
            functional.Parameters);
        var gradients = Backprop.GradientsFor(functionalTotal, functional.Parameters);

        Bits.AssertSame(functionalTotal.Data, facadeTotal.Data);
        var facadeGradients = facade.Parameters().Select(p => p.Grad).ToArray();
        Assert.Equal(gradients.Length, facadeGradients.Length);
        for (var i = 0; i < gradients.Length; i++)
        {
            Bits.AssertSame(gradients[i], facadeGradients[i]);
        }
    }

    [Fact]
    public void MaxMargin_FewerLabelsThanScores_ThrowsArgumentExceptionForNegatedLabels()
    {
        var e = Assert.Throws<ArgumentException>(() => Core.Nn.Losses.MaxMargin(new ValueArithmetic(), Leaves(1.0, 2.0), Leaves(-1.0)));

        Assert.Equal("negatedLabels", e.ParamName);
        Assert.StartsWith("negatedLabels: 1 given; expected 2, one per entry of scores.", e.Message);
    }

    [Theory]
    [InlineData(1.0, 0.3, true)]
    [InlineData(-1.0, -0.3, true)]
    [InlineData(1.0, 0.0, false)]
    [InlineData(-1.0, 2.0, false)]
    public void IsCorrect_LabelAndScore_TrueWhenTheSignsAgree(double label, double score, bool expected)
    {
        Assert.Equal(expected, Core.Nn.Losses.IsCorrect(label, score));
    }

    // exp 1, exp 2, exp 3 from python3: [math.exp(x) for x in (1, 2, 3)]
    private const double E1 = 2.718281828459045, E2 = 7.38905609893065, E3 = 20.085536923187668;

    [Fact]
    public void Mse_SmallExample_SquaresAveragedWithGradientTwiceTheDifferenceOverN()
    {
        var predictions = Leaves(0.5, -1.0, 2.0);

        var loss = Losses.Mse(predictions, [1.0, 1.0, 1.5]);
        loss.Backward();

        // ((0.5 - 1)² + (-1 - 1)² + (2 - 1.5)²) · (1/3) = (0.25 + 4 + 0.25) · (1/3) = 1.5
        Assert.Equal(1.5, loss.Data);
        // 2 (p_i - t_i) / 3
        AssertClose(2.0 * -0.5 / 3.0, predictions[0].Grad);
        AssertClose(2.0 * -2.0 / 3.0, predictions[1].Grad);
        AssertClose(2.0 * 0.5 / 3.0, predictions[2].Grad);
    }

    [Fact]
    public void CrossEntropy_OneTwoThree_LogSumExpMinusTargetLogitWithSoftmaxMinusOneHotGradient()
    {
        var logits = Leaves(1.0, 2.0, 3.0);

        var loss = Losses.CrossEntropy(logits, targetClass: 1);
        loss.Backward();

        // ln(e1 + e2 + e3) - 2; python3: math.log(30.19287485057736) - 2 = 1.4076059644443801
        AssertClose(Math.Log(E1 + E2 + E3) - 2.0, loss.Data);
        AssertClose(1.4076059644443801, loss.Data);
        var sum = E1 + E2 + E3;
        AssertClose(E1 / sum, logits[0].Grad);
        AssertClose(E2 / sum - 1.0, logits[1].Grad);
        AssertClose(E3 / sum, logits[2].Grad);
    }

    [Fact]
    public void CrossEntropy_LogitsOfPlusAndMinus1000_FiniteWithTheRightGradient()
    {
        var logits = Leaves(1000.0, 0.0, -1000.0);

        var loss = Losses.CrossEntropy(logits, targetClass: 1);
        loss.Backward();

        // ln(e^1000 + 1 + e^-1000) - 0 = 1000 in doubles; softmax - one-hot = (1, 0, 0) - (0, 1, 0).
        Assert.Equal(1000.0, loss.Data);
        Assert.Equal([1.0, -1.0, 0.0], logits.Select(v => v.Grad));
    }

    [Fact]
    public void MaxMargin_FourSamples_HingeLossesAveragedInMicrogradsOrder()
    {
        // The demo's small example: labels 1, 1, -1, 1 (negated: -1, -1, 1, -1).
        var scores = Leaves(0.5, -2.0, 0.25, 3.0);

        var loss = Losses.MaxMargin(scores, [1.0, 1.0, -1.0, 1.0]);
        loss.Backward();

        // relu(1 - y·s): relu(1 - 0.5), relu(1 + 2), relu(1 + 0.25), relu(1 - 3), averaged.
        Assert.Equal((0.5 + 3.0 + 1.25 + 0.0) * (1.0 / 4.0), loss.Data);
        Assert.Equal([-0.25, -0.25, 0.25, 0.0], scores.Select(s => s.Grad));
        // Bit for bit the core's, given the negated labels as values, as the demo builds it.
        var core = Core.Nn.Losses.MaxMargin(new ValueArithmetic(), Leaves(0.5, -2.0, 0.25, 3.0), Leaves(-1.0, -1.0, 1.0, -1.0));
        Bits.AssertSame(core.Data, loss.Data);
    }

    [Fact]
    public void BinaryCrossEntropy_AtZeroAndAtPlusAndMinus1000_LnTwoAndFiniteWithGradientSigmaMinusTarget()
    {
        (double Loss, double Grad) At(double x, double t)
        {
            var logit = new Value(x);
            var loss = Losses.BinaryCrossEntropy(logit, t);
            loss.Backward();
            return (loss.Data, logit.Grad);
        }

        // ln 2 (python3: math.log(2) = 0.6931471805599453), σ(0) - t = 0.5 - t exactly.
        Assert.Equal((0.6931471805599453, 0.5 - 1.0), At(0.0, 1.0));
        Assert.Equal((0.6931471805599453, 0.5 - 0.25), At(0.0, 0.25));
        // softplus(±1000) - 1000·t: 1000 - 1000 t at +1000 (σ = 1), 1000 t at -1000 (σ = 0).
        Assert.Equal((0.0, 0.0), At(1000.0, 1.0));
        Assert.Equal((1000.0, 1.0), At(1000.0, 0.0));
        Assert.Equal((1000.0, -1.0), At(-1000.0, 1.0));
        // python3: math.log(1 + math.exp(2)) - 2 * 0.25 = 1.6269280110429727; 1/(1 + math.exp(-2)) - 0.25 = 0.6307970779778823
        var (v, g) = At(2.0, 0.25);
        AssertClose(1.6269280110429727, v);
        AssertClose(0.6307970779778823, g);
    }

    [Fact]
    public void Losses_BadInputs_TypedExceptionsNamingTheParameter()
    {
        var two = Leaves(1.0, 2.0);
        (Type, string?) Of(Action a)
        {
            var e = Assert.ThrowsAny<ArgumentException>(a);
            return (e.GetType(), e.ParamName);
        }

        Assert.Equal((typeof(ArgumentNullException), "predictions"), Of(() => Losses.Mse(null!, [1.0])));
        Assert.Equal((typeof(ArgumentNullException), "targets"), Of(() => Losses.Mse(two, null!)));
        Assert.Equal((typeof(ArgumentException), "predictions"), Of(() => Losses.Mse([], [])));
        Assert.Equal((typeof(ArgumentException), "targets"), Of(() => Losses.Mse(two, [1.0])));
        Assert.Equal((typeof(ArgumentNullException), "predictions"), Of(() => Losses.Mse([null!, two[0]], [1.0, 2.0])));
        Assert.Equal((typeof(ArgumentOutOfRangeException), "targets"), Of(() => Losses.Mse(two, [1.0, double.NaN])));
        Assert.Equal((typeof(ArgumentOutOfRangeException), "targets"), Of(() => Losses.Mse(two, [double.PositiveInfinity, 1.0])));
        Assert.Equal((typeof(ArgumentNullException), "logits"), Of(() => Losses.CrossEntropy(null!, 0)));
        Assert.Equal((typeof(ArgumentException), "logits"), Of(() => Losses.CrossEntropy([], 0)));
        Assert.Equal((typeof(ArgumentNullException), "logits"), Of(() => Losses.CrossEntropy([two[0], null!], 0)));
        Assert.Equal((typeof(ArgumentOutOfRangeException), "targetClass"), Of(() => Losses.CrossEntropy(two, 2)));
        Assert.Equal((typeof(ArgumentOutOfRangeException), "targetClass"), Of(() => Losses.CrossEntropy(two, -1)));
        Assert.Equal((typeof(ArgumentNullException), "scores"), Of(() => Losses.MaxMargin(null!, [1.0])));
        Assert.Equal((typeof(ArgumentNullException), "labels"), Of(() => Losses.MaxMargin(two, null!)));
        Assert.Equal((typeof(ArgumentException), "scores"), Of(() => Losses.MaxMargin([], [])));
        Assert.Equal((typeof(ArgumentException), "labels"), Of(() => Losses.MaxMargin(two, [1.0])));
        Assert.Equal((typeof(ArgumentNullException), "scores"), Of(() => Losses.MaxMargin([two[0], null!], [1.0, -1.0])));
        Assert.Equal((typeof(ArgumentOutOfRangeException), "labels"), Of(() => Losses.MaxMargin(two, [1.0, 0.0])));
        Assert.Equal((typeof(ArgumentOutOfRangeException), "labels"), Of(() => Losses.MaxMargin(two, [double.NaN, 1.0])));
        Assert.Equal((typeof(ArgumentNullException), "logit"), Of(() => Losses.BinaryCrossEntropy(null!, 1.0)));
        Assert.Equal((typeof(ArgumentOutOfRangeException), "target"), Of(() => Losses.BinaryCrossEntropy(two[0], double.NaN)));
        Assert.Equal((typeof(ArgumentOutOfRangeException), "target"), Of(() => Losses.BinaryCrossEntropy(two[0], 1.5)));
        Assert.Equal((typeof(ArgumentOutOfRangeException), "target"), Of(() => Losses.BinaryCrossEntropy(two[0], -0.5)));
        Assert.Equal((typeof(ArgumentNullException), "parameters"), Of(() => Losses.L2(null!)));
        Assert.Equal((typeof(ArgumentNullException), "parameters"), Of(() => Losses.L2([two[0], null!])));
        Assert.Equal((typeof(ArgumentOutOfRangeException), "alpha"), Of(() => Losses.L2(two, double.NaN)));
        Assert.Equal((typeof(ArgumentOutOfRangeException), "alpha"), Of(() => Losses.L2(two, -1e-4)));
    }

    [Fact]
    public void L2_ThreeParameters_AlphaTimesTheSquaresWithGradientTwiceAlphaP()
    {
        var parameters = Leaves(0.5, -1.0, 2.0);
        var penalty = Losses.L2(parameters, 0.25);
        penalty.Backward();
        // (0.25 + 1 + 4) · 0.25 = 1.3125, exact in binary; d/dp = 2 · 0.25 · p = 0.5 p.
        Assert.Equal(1.3125, penalty.Data);
        Assert.Equal([0.25, -0.5, 1.0], parameters.Select(p => p.Grad));
        // The default weight is micrograd's 1e-4, and the number is the F# core's to the bit.
        var demo = Losses.L2(Leaves(0.5, -1.0, 2.0));
        Bits.AssertSame((0.5 * 0.5 + -1.0 * -1.0 + 2.0 * 2.0) * 1e-4, demo.Data);
        Bits.AssertSame(Core.Nn.Losses.L2<Node, NodeArithmetic>(default, 1e-4, new[] { Node.Leaf(0.5), Node.Leaf(-1.0), Node.Leaf(2.0) }).Data, demo.Data);
    }

    [Fact]
    public void Losses_BadInputs_MessagesSayWhatWasExpected()
    {
        var two = Leaves(1.0, 2.0);
        string Message(Action a) => Assert.ThrowsAny<ArgumentException>(a).Message;

        Assert.StartsWith("Class 2 is not one of the 2 classes; expected 0 to 1.", Message(() => Losses.CrossEntropy(two, 2)));
        Assert.StartsWith("labels[1] is 0; expected 1 or -1.", Message(() => Losses.MaxMargin(two, [1.0, 0.0])));
        Assert.StartsWith("targets[1] is NaN; expected a finite number.", Message(() => Losses.Mse(two, [1.0, double.NaN])));
        Assert.StartsWith(
            "The target is NaN; expected a probability from 0 to 1",
            Message(() => Losses.BinaryCrossEntropy(two[0], double.NaN)));
    }

    [Property(MaxTest = 40)]
    public Property Losses_SameNetworkInCSharpAndFSharp_BitIdenticalLossesAndGradients(int seed, int pick)
    {
        // A 2-input network with three outputs, the same weights on both sides; one sample.
        var random = new PythonRandom(seed);
        var x = new[] { random.Uniform(-2, 2), random.Uniform(-2, 2) };
        var facade = new MLP(2, [4, 3], new PythonRandom(seed));
        var functional = Mlp.Create(2, [4, 3], new PythonRandom(seed));
        var targetClass = Math.Abs(pick % 3);
        var target = random.Uniform(0, 1);
        var label = pick % 2 == 0 ? 1.0 : -1.0;
        var a = new NodeArithmetic();

        // Each loss, façade then core, and the core's gradients of the model's parameters.
        var cases = new (string Name, Func<IReadOnlyList<Value>, Value> Facade, Func<IReadOnlyList<Node>, Node> Core)[]
        {
            ("Mse", o => Losses.Mse(o, [target, -target, 0.5]),
                o => Core.Nn.Losses.Mse(a, o, [Node.Leaf(target), Node.Leaf(-target), Node.Leaf(0.5)])),
            ("CrossEntropy", o => Losses.CrossEntropy(o, targetClass), o => Core.Nn.Losses.CrossEntropy(a, o, targetClass)),
            ("MaxMargin", o => Losses.MaxMargin(o, [label, -label, label]),
                o => Core.Nn.Losses.MaxMargin(a, o, [Node.Leaf(-label), Node.Leaf(label), Node.Leaf(-label)])),
            ("BinaryCrossEntropy", o => Losses.BinaryCrossEntropy(o[targetClass], target),
                o => Core.Nn.Losses.BinaryCrossEntropy(a, o[targetClass], Node.Leaf(target))),
            ("Softmax", o => Value.Sum(Value.Softmax(o).Select((p, i) => p * (i + 1.0))),
                o => Node.Sum(Functions.Softmax(a, o).Select((p, i) => p * (i + 1.0)))),
            ("LogSoftmax", o => Value.LogSoftmax(o)[targetClass], o => Functions.LogSoftmax(a, o)[targetClass]),
        };
        foreach (var (name, facadeLoss, coreLoss) in cases)
        {
            facade.ZeroGrad();
            var loss = facadeLoss(facade.Forward(x));
            loss.Backward();
            var pure = coreLoss(functional.Forward(x));
            var gradients = Backprop.GradientsFor(pure, functional.Parameters);
            if (Bits.Of(loss.Data) != Bits.Of(pure.Data))
            {
                return false.Label($"{name}: façade {loss.Data:R}, core {pure.Data:R}");
            }
            var parameters = facade.Parameters();
            for (var i = 0; i < gradients.Length; i++)
            {
                if (Bits.Of(parameters[i].Grad) != Bits.Of(gradients[i]))
                {
                    return false.Label($"{name}: parameter {i}: façade {parameters[i].Grad:R}, core {gradients[i]:R}");
                }
            }
        }
        return true.ToProperty();
    }

    [Property(MaxTest = 100)]
    public Property CrossEntropy_RandomLogits_GradientsMatchNumericalDerivatives(int seed)
    {
        var random = new PythonRandom(seed);
        var n = 1 + (int)(random.Uniform(0, 1) * 5) % 5;
        var x = Enumerable.Range(0, n).Select(_ => random.Uniform(-5, 5)).ToArray();
        var k = (int)(random.Uniform(0, 1) * n) % n;
        // The formula in plain doubles: ln Σ e^x_j - x_k.
        double F(double[] v) => Math.Log(v.Sum(Math.Exp)) - v[k];

        var logits = x.Select(v => new Value(v)).ToArray();
        var loss = Losses.CrossEntropy(logits, k);
        loss.Backward();

        var derivative = new MathNet.Numerics.Differentiation.NumericalDerivative();
        for (var i = 0; i < n; i++)
        {
            var numeric = derivative.EvaluatePartialDerivative(F, x, i, 1);
            if (Math.Abs(numeric - logits[i].Grad) > 1e-6 * Math.Max(1.0, Math.Abs(numeric)))
            {
                return false.Label($"d/dx{i}: numerically {numeric:R}, by Backward {logits[i].Grad:R}");
            }
        }
        return (Math.Abs(F(x) - loss.Data) <= 1e-12 * Math.Max(1.0, Math.Abs(F(x)))).Label("value");
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-15 * Math.Max(1.0, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    // Twelve points of two classes, by quadrant.
    private static (double[][] Xs, double[] Ys) Data()
    {
        var random = new PythonRandom(7);
        var xs = Enumerable.Range(0, 12).Select(_ => new[] { random.Uniform(-1, 1), random.Uniform(-1, 1) }).ToArray();
        return (xs, xs.Select(x => x[0] * x[1] > 0 ? 1.0 : -1.0).ToArray());
    }
}
