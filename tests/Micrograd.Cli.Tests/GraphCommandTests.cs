using Micrograd.Cli.Graphs;

namespace Micrograd.Cli.Tests;

public sealed class GraphCommandTests : IDisposable
{
    private readonly CliRunner _runner = new();

    public void Dispose() => _runner.Dispose();

    [Fact]
    public void Graph_Default_WritesBothExamplesAsDotAndPicturesOnlyWithGraphviz()
    {
        var output = _runner.PathOf("out");

        var result = CliRunner.Run("graph", "--out", output);

        Assert.Equal(0, result.ExitCode);
        var hasDot = DotProgram.FindDot() is not null;
        foreach (var name in new[] { "relu", "neuron" })
        {
            var dot = File.ReadAllText(Path.Combine(output, name + ".dot"));
            Assert.StartsWith("digraph G {", dot);
            Assert.Contains("rankdir=LR;", dot);
            Assert.Equal(hasDot, File.Exists(Path.Combine(output, name + ".svg")));
            Assert.Equal(hasDot, File.Exists(Path.Combine(output, name + ".png")));
        }
        if (!hasDot)
        {
            Assert.Contains("apt-get install graphviz", result.Output);
            Assert.Contains("dot -Tsvg", result.Output);
        }
    }

    [Fact]
    public void Graph_NeuronTopToBottom_ShowsTheLectureNumbers()
    {
        var output = _runner.PathOf("out");

        var result = CliRunner.Run("graph", "--example", "neuron", "--rankdir", "TB", "--out", output);

        Assert.Equal(0, result.ExitCode);
        Assert.False(File.Exists(Path.Combine(output, "relu.dot")));
        var dot = File.ReadAllText(Path.Combine(output, "neuron.dot"));
        Assert.Contains("rankdir=TB;", dot);
        Assert.Contains("{ o | data 0.7071 | grad 1.0000 }", dot);
        Assert.Contains("{ x1 | data 2.0000 | grad -1.5000 }", dot);
        Assert.Contains("{ w1 | data -3.0000 | grad 1.0000 }", dot);
        Assert.Contains("{ x2 | data 0.0000 | grad 0.5000 }", dot);
        Assert.Contains("{ w2 | data 1.0000 | grad 0.0000 }", dot);
        Assert.Contains("tanh", dot);
    }

    [Fact]
    public void Graph_Relu_IsMicrogradsReadmeExample()
    {
        var y = GraphExamples.Relu();

        Assert.Equal(3.0, y.Data);
        Assert.Equal("ReLU", y.Op);
        var x = y.Children[0].Children[0].Children[0];
        Assert.Equal("x", x.Label);
        Assert.Equal(2.0, x.Grad);
    }

    [Fact]
    public void Graph_UnknownExample_IsAnError()
    {
        var result = CliRunner.Run("graph", "--example", "mlp", "--out", _runner.PathOf("out"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.False(Directory.Exists(_runner.PathOf("out")));
    }
}
