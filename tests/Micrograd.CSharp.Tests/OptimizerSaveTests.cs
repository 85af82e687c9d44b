using System.Collections.ObjectModel;
using Micrograd.Core;
using Micrograd.Core.Nn;
using Micrograd.CSharp.Tests.Support;

namespace Micrograd.CSharp.Tests;

/// <summary>Optimizer.Save and LoadSgd/LoadAdam/LoadAdamW: training resumes bit for bit.</summary>
public sealed class OptimizerSaveTests
{
    private static readonly double[][] Xs = [[2.0, 3.0], [-1.0, 0.5], [0.5, -1.5], [1.0, 1.0]];
    private static readonly double[] Ys = [1.0, -1.0, -1.0, 1.0];

    private static MLP Start() => new(2, [4, 1], new PythonRandom(7));

    // Sum of squared errors, then PyTorch's zero_grad, backward, step.
    private static void Train(MLP model, Optimizer opt, int steps)
    {
        for (var s = 0; s < steps; s++)
        {
            var loss = new Value(0.0);
            for (var i = 0; i < Xs.Length; i++)
            {
                var d = model.Forward(Xs[i])[0] - Ys[i];
                loss += d * d;
            }
            opt.ZeroGrad();
            loss.Backward();
            opt.Step();
        }
    }

    private static double[] Data(MLP model) => model.Parameters().Select(p => p.Data).ToArray();

    private static void AssertSame(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Bits.AssertSame(expected[i], actual[i]);
        }
    }

    [Fact]
    public void Resume_SgdWithMomentumFromFiles_SameAsTenStepsStraight()
    {
        using var folder = new TempFolder();
        var straight = Start();
        var straightOpt = new Sgd(straight.Parameters(), lr: 0.01, momentum: 0.9);
        Train(straight, straightOpt, 10);

        var half = Start();
        var halfOpt = new Sgd(half.Parameters(), lr: 0.01, momentum: 0.9);
        Train(half, halfOpt, 5);
        half.Save(folder.File("model.json"));
        halfOpt.Save(folder.File("sgd.json"));
        var loaded = MLP.Load(folder.File("model.json"));
        var loadedOpt = Optimizer.LoadSgd(folder.File("sgd.json"), loaded.Parameters());
        Train(loaded, loadedOpt, 5);

        AssertSame(Data(straight), Data(loaded));
        AssertSame(straightOpt.State.MomentumBuffers, loadedOpt.State.MomentumBuffers);
        Assert.Equal(10, loadedOpt.Steps);
        Assert.Equal(straightOpt.Options, loadedOpt.Options);
        Assert.Equal(0.01, loadedOpt.LearningRate);
    }

    [Fact]
    public void Resume_AdamFromFiles_SameAsTenStepsStraight()
    {
        using var folder = new TempFolder();
        var straight = Start();
        var straightOpt = new Adam(straight.Parameters(), lr: 0.05);
        Train(straight, straightOpt, 10);

        var half = Start();
        var halfOpt = new Adam(half.Parameters(), lr: 0.05);
        Train(half, halfOpt, 5);
        half.Save(folder.File("model.json"));
        halfOpt.Save(folder.File("adam.json"));
        var loaded = MLP.Load(folder.File("model.json"));
        var loadedOpt = Optimizer.LoadAdam(folder.File("adam.json"), loaded.Parameters());
        Train(loaded, loadedOpt, 5);

        AssertSame(Data(straight), Data(loaded));
        AssertSame(straightOpt.State.FirstMoments, loadedOpt.State.FirstMoments);
        AssertSame(straightOpt.State.SecondMoments, loadedOpt.State.SecondMoments);
        Assert.Equal(10, loadedOpt.Steps);
        Assert.IsNotType<AdamW>(loadedOpt);
    }

    [Fact]
    public void Resume_AdamWFromFiles_SameAsTenStepsStraight()
    {
        using var folder = new TempFolder();
        var straight = Start();
        Train(straight, new AdamW(straight.Parameters(), lr: 0.05, weightDecay: 0.1), 10);

        var half = Start();
        var halfOpt = new AdamW(half.Parameters(), lr: 0.05, weightDecay: 0.1);
        Train(half, halfOpt, 5);
        half.Save(folder.File("model.json"));
        halfOpt.Save(folder.File("adamw.json"));
        var loaded = MLP.Load(folder.File("model.json"));
        var loadedOpt = Optimizer.LoadAdamW(folder.File("adamw.json"), loaded.Parameters());
        Train(loaded, loadedOpt, 5);

        AssertSame(Data(straight), Data(loaded));
        Assert.Equal(0.1, loadedOpt.Options.WeightDecay);
    }

    [Fact]
    public void Resume_FacadeStateInFunctionalCore_SameSteps()
    {
        // Five façade steps saved, five pure F# steps from the files: the façade's ten.
        using var folder = new TempFolder();
        var straight = Start();
        Train(straight, new Adam(straight.Parameters(), lr: 0.05), 10);
        var half = Start();
        var halfOpt = new Adam(half.Parameters(), lr: 0.05);
        Train(half, halfOpt, 5);
        half.Save(folder.File("model.json"));
        halfOpt.Save(folder.File("adam.json"));

        var model = Mlp.Load(folder.File("model.json"));
        var c = OptimizerFile.LoadAdam(model.Parameters.Count, folder.File("adam.json"));
        var state = c.State;
        for (var s = 0; s < 5; s++)
        {
            var loss = Core.Node.Leaf(0.0);
            for (var i = 0; i < Xs.Length; i++)
            {
                var d = model.Forward(Xs[i])[0] - Ys[i];
                loss += d * d;
            }
            var grads = Core.Backprop.GradientsFor(loss, model.Parameters);
            var (values, next) = Core.Nn.Adam.Step(c.Options, c.LearningRate, MlpModule.ParameterValues(model), grads, state);
            model = model.WithParameters(values);
            state = next;
        }

        AssertSame(Data(straight), MlpModule.ParameterValues(model));
    }

    [Fact]
    public void Load_OtherOptimizersFile_ThrowsInvalidDataNamingBoth()
    {
        using var folder = new TempFolder();
        var model = Start();
        var path = folder.File("sgd.json");
        new Sgd(model.Parameters(), lr: 0.1, momentum: 0.9).Save(path);

        var e = Assert.Throws<InvalidDataException>(() => Optimizer.LoadAdam(path, model.Parameters()));

        Assert.Contains($"The file '{path}' is not a saved Adam state: at $.optimizer", e.Message);
        Assert.Contains("the state of SGD, not of Adam", e.Message);
        new Adam(model.Parameters()).Save(path);
        Assert.Throws<InvalidDataException>(() => Optimizer.LoadAdamW(path, model.Parameters()));
        Assert.Throws<InvalidDataException>(() => Optimizer.LoadSgd(path, model.Parameters()));
    }

    [Fact]
    public void Load_OtherNumberOfParameters_ThrowsInvalidDataSayingBoth()
    {
        using var folder = new TempFolder();
        var path = folder.File("sgd.json");
        // 4·(2 + 1) + 1·(4 + 1) = 17 parameters saved; 3·(2 + 1) + 1·(3 + 1) = 13 offered.
        new Sgd(Start().Parameters(), lr: 0.1, momentum: 0.9).Save(path);
        var other = new MLP(2, [3, 1]);

        var e = Assert.Throws<InvalidDataException>(() => Optimizer.LoadSgd(path, other.Parameters()));

        Assert.Contains("at $.momentumBuffers, expected 13 numbers, one per parameter, got 17", e.Message);
    }

    [Fact]
    public void Save_NonFiniteBuffer_ThrowsNamingItAndLeavesTheOldFile()
    {
        using var folder = new TempFolder();
        var path = folder.File("sgd.json");
        File.WriteAllText(path, "old");
        var opt = new Sgd(new[] { new Value(1.0), new Value(2.0) }, lr: 0.1, momentum: 0.9);
        opt.LoadState(new SgdState(3, new ReadOnlyCollection<double>([0.5, double.PositiveInfinity])));

        var e = Assert.Throws<InvalidOperationException>(() => opt.Save(path));

        Assert.Contains("momentumBuffers[1] is Infinity", e.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["sgd.json"], folder.Entries());
    }

    [Fact]
    public void Load_NullArguments_ThrowNamingThem()
    {
        var model = Start();
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => Optimizer.LoadSgd(null!, model.Parameters())).ParamName);
        Assert.Equal("parameters", Assert.Throws<ArgumentNullException>(() => Optimizer.LoadAdam("x.json", null!)).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => new Adam(model.Parameters()).Save(null!)).ParamName);
    }
}
