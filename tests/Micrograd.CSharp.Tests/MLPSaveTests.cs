using Micrograd.Core;
using Micrograd.CSharp.Tests.Support;
using CoreMlp = Micrograd.Core.Nn.Mlp;

namespace Micrograd.CSharp.Tests;

/// <summary>MLP.Save and MLP.Load: the shape and every parameter to the bit, across the two styles.</summary>
public sealed class MLPSaveTests
{
    // The sign of zero, the smallest subnormal, the largest subnormal, the extremes, and values whose
    // shortest round-trip text has 16 or 17 digits.
    private static readonly double[] Hard =
    [
        -0.0, double.Epsilon, -double.Epsilon, 2.225073858507201E-308, 1e308, double.MaxValue, -double.MaxValue,
        0.1 + 0.2, 1.0 / 3.0, Math.PI, 123456789012345680.0, -1.0 / 7.0, 0.1,
    ];

    private static readonly double[][] Xs = [[2.0, 3.0], [-1.0, 0.5], [0.5, -1.5], [1.0, 1.0]];
    private static readonly double[] Ys = [1.0, -1.0, -1.0, 1.0];

    // nin 2, layers [3, 1]: 3·(2 + 1) + 1·(3 + 1) = 13 parameters, one per hard number.
    private static MLP HardModel()
    {
        var model = new MLP(2, [3, 1], new PythonRandom(1), Nonlinearity.Tanh, Nonlinearity.ReLU);
        for (var i = 0; i < Hard.Length; i++)
        {
            model.Parameters()[i].Data = Hard[i];
        }
        return model;
    }

    private static void TrainSgd(MLP model, int steps, double lr)
    {
        for (var s = 0; s < steps; s++)
        {
            var loss = new Value(0.0);
            for (var i = 0; i < Xs.Length; i++)
            {
                var d = model.Forward(Xs[i])[0] - Ys[i];
                loss += d * d;
            }
            model.ZeroGrad();
            loss.Backward();
            foreach (var p in model.Parameters())
            {
                p.Data -= lr * p.Grad;
            }
        }
    }

    [Fact]
    public void SaveLoad_HardNumbers_EveryParameterToTheBit()
    {
        using var folder = new TempFolder();
        var path = folder.File("model.json");
        var model = HardModel();

        model.Save(path);
        var loaded = MLP.Load(path);

        Assert.Equal(model.ToString(), loaded.ToString());
        Assert.Equal(Hard.Length, loaded.Parameters().Count);
        for (var i = 0; i < Hard.Length; i++)
        {
            Bits.AssertSame(Hard[i], loaded.Parameters()[i].Data);
        }
        Assert.Equal(["model.json"], folder.Entries());
    }

    [Fact]
    public void Save_AfterTraining_SavesTheTrainedValuesNotTheStartingOnes()
    {
        using var folder = new TempFolder();
        var model = new MLP(2, [4, 1], new PythonRandom(7));
        var start = model.Parameters().Select(p => p.Data).ToArray();
        TrainSgd(model, 3, 0.05);
        Assert.NotEqual(start, model.Parameters().Select(p => p.Data).ToArray());

        var loaded = MLP.FromJson(model.ToJson());

        for (var i = 0; i < start.Length; i++)
        {
            Bits.AssertSame(model.Parameters()[i].Data, loaded.Parameters()[i].Data);
        }
    }

    [Fact]
    public void Load_FacadeFileIntoFunctionalModel_SameNumbersAndOutputs()
    {
        using var folder = new TempFolder();
        var path = folder.File("model.json");
        var model = new MLP(2, [4, 1], new PythonRandom(7));
        TrainSgd(model, 3, 0.05);

        model.Save(path);
        var functional = CoreMlp.Load(path);

        Assert.Equal(model.ToString(), functional.ToString());
        Assert.Equal(model.Parameters().Count, functional.Parameters.Count);
        for (var i = 0; i < functional.Parameters.Count; i++)
        {
            Bits.AssertSame(model.Parameters()[i].Data, functional.Parameters[i].Data);
        }
        foreach (var x in Xs)
        {
            Bits.AssertSame(model.Forward(x)[0].Data, functional.Forward(x)[0].Data);
        }
    }

    [Fact]
    public void Load_FunctionalFileIntoFacade_SameNumbersAndOutputs()
    {
        using var folder = new TempFolder();
        var path = folder.File("model.json");
        var functional = CoreMlp.Create(2, [3, 1], new PythonRandom(1), Nonlinearity.Tanh, Nonlinearity.ReLU)
            .WithParameters(Hard);

        functional.Save(path);
        var model = MLP.Load(path);

        Assert.Equal(functional.ToString(), model.ToString());
        for (var i = 0; i < Hard.Length; i++)
        {
            Bits.AssertSame(Hard[i], model.Parameters()[i].Data);
        }
        // Parameters that came out of a file are trainable Values like any other.
        model.Parameters()[0].Data = 0.5;
        Assert.Equal(0.5, model.Layers[0].Neurons[0].Weights[0].Data);
        foreach (var x in Xs)
        {
            Bits.AssertSame(functional.Forward(x)[0].Data, MLP.Load(path).Forward(x)[0].Data);
        }
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Save_NonFiniteParameter_ThrowsNamingItAndLeavesTheOldFile(double bad, string shown)
    {
        using var folder = new TempFolder();
        var path = folder.File("model.json");
        File.WriteAllText(path, "old");
        var model = HardModel();
        // Layer 1's neuron holds parameters 9..12: weights 0, 1, 2, then its bias.
        model.Parameters()[11].Data = bad;

        var e = Assert.Throws<InvalidOperationException>(() => model.Save(path));

        Assert.Contains($"parameter 11 (layer 1, neuron 0, weight 2) is {shown}", e.Message);
        Assert.Contains(path, e.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["model.json"], folder.Entries());
    }

    [Fact]
    public void Save_FolderMissing_ThrowsNamingThePathAndLeavesNothing()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "missing", "model.json");

        var e = Assert.Throws<DirectoryNotFoundException>(() => HardModel().Save(path));

        Assert.Contains(path, e.Message);
        Assert.Empty(folder.Entries());
    }

    [Fact]
    public void SaveLoad_NullOrEmptyPath_ThrowsNamingPath()
    {
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => HardModel().Save(null!)).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => HardModel().Save("")).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => MLP.Load(null!)).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => MLP.Load("")).ParamName);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFoundNamingIt()
    {
        using var folder = new TempFolder();
        var path = folder.File("absent.json");

        var e = Assert.Throws<FileNotFoundException>(() => MLP.Load(path));

        Assert.Equal(path, e.FileName);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Load_TruncatedFile_ThrowsInvalidDataNamingTheFile()
    {
        using var folder = new TempFolder();
        var path = folder.File("model.json");
        HardModel().Save(path);
        var text = File.ReadAllText(path);
        File.WriteAllText(path, text[..(text.Length / 2)]);

        var e = Assert.Throws<InvalidDataException>(() => MLP.Load(path));

        Assert.StartsWith($"The file '{path}' is not a saved MLP", e.Message);
    }

    [Fact]
    public void Load_LayerSizeNotMatchingTheParameters_ThrowsInvalidDataNamingTheCount()
    {
        using var folder = new TempFolder();
        var path = folder.File("model.json");
        HardModel().Save(path);
        // Layer 0 of 4 neurons: 4·(2 + 1) + 1·(4 + 1) = 17 numbers, where the file holds 13.
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"nout\": 3", "\"nout\": 4"));

        var e = Assert.Throws<InvalidDataException>(() => MLP.Load(path));

        Assert.Contains("at $.parameters, expected 17 numbers", e.Message);
        Assert.Contains("got 13", e.Message);
    }
}
