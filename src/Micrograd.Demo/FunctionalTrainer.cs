using Micrograd.Core;
using Micrograd.Core.Data;
using Micrograd.Core.Nn;

namespace Micrograd.Demo;

/// <summary>
/// The <c>functional</c> engine: the same training as <see cref="FacadeTrainer"/>, on the immutable
/// core: the loss is an expression of <see cref="Node"/>s, <see cref="Backprop.GradientsFor"/> returns
/// the parameters' gradients (the same bits as <see cref="Backprop.Gradients"/>' map, without keeping
/// the other 65,000 nodes' gradients), and each step replaces the model (the core's immutable
/// <see cref="Mlp"/>) by the updated copy <see cref="Mlp.Step(IReadOnlyList{double}, double)"/> returns.
/// </summary>
public sealed class FunctionalTrainer : ITrainer
{
    private Mlp _model;

    /// <summary>micrograd's <c>MLP(2, [16, 16, 1])</c>, its weights drawn from <paramref name="random"/>.</summary>
    public FunctionalTrainer(Random random)
    {
        _model = Mlp.Create(2, DemoNetwork.LayerSizes, random);
    }

    /// <inheritdoc/>
    public int ParameterCount => _model.Parameters.Count;

    /// <inheritdoc/>
    public StepResult Step(IReadOnlyList<Sample> batch, double learningRate)
    {
        var graph = DemoLossGraph.Build(_model, batch);
        var correct = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            if (Core.Nn.Losses.IsCorrect(batch[i].Label, graph.Score[i].Data))
            {
                correct++;
            }
        }
        var total = graph.Loss;

        _model = _model.Step(Backprop.GradientsFor(total, _model.Parameters), learningRate);
        return new StepResult(total.Data, (double)correct / batch.Count);
    }

    /// <inheritdoc/>
    public Func<double, double, double> Scorer() => ScorerOf(_model);

    /// <summary>The model's score at a point, on a tape compiled once from its forward pass on two leaves.</summary>
    internal static Func<double, double, double> ScorerOf(Mlp model)
    {
        var x = Node.Leaf(0.0, "x");
        var y = Node.Leaf(0.0, "y");
        var tape = Tape.Compile(model.Forward([x, y])[0]);
        var (ix, iy) = (tape.IndexOf(x), tape.IndexOf(y));
        return (px, py) =>
        {
            tape.SetValue(ix, px);
            tape.SetValue(iy, py);
            return tape.Forward();
        };
    }
}
