using Micrograd.Core.Data;
using Micrograd.Core.Nn;

namespace Micrograd.Demo;

/// <summary>
/// The <c>facade</c> engine: micrograd's demo written against the C# façade, line for line as in
/// Python (mutable <see cref="Micrograd.Core.MutableNode.Data"/>, <see cref="Module.ZeroGrad"/>, <see cref="Value.Backward"/>).
/// </summary>
public sealed class FacadeTrainer : ITrainer
{
    private readonly MLP _model;
    private readonly IReadOnlyList<Value> _parameters;

    /// <summary>micrograd's <c>MLP(2, [16, 16, 1])</c>, its weights drawn from <paramref name="random"/>.</summary>
    public FacadeTrainer(Random random)
    {
        _model = new MLP(2, DemoNetwork.LayerSizes, random);
        _parameters = _model.Parameters();
    }

    /// <inheritdoc/>
    public int ParameterCount => _parameters.Count;

    /// <inheritdoc/>
    public StepResult Step(IReadOnlyList<Sample> batch, double learningRate)
    {
        var (total, correct) = Loss(batch);
        _model.ZeroGrad();
        total.Backward();
        foreach (var p in _parameters)
        {
            p.Data = Sgd.Update(p.Data, p.Grad, learningRate);
        }
        return new StepResult(total.Data, (double)correct / batch.Count);
    }

    // The demo loss of the batch (the core's Losses.Demo, over Values), and how many of the
    // batch's points the forward pass gets right.
    private (Value Total, int Correct) Loss(IReadOnlyList<Sample> batch)
    {
        var scores = new Value[batch.Count];
        var negatedLabels = new Value[batch.Count];
        var correct = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var sample = batch[i];
            scores[i] = _model.Forward(sample.X, sample.Y)[0];
            negatedLabels[i] = new Value(-sample.Label);
            if (Core.Nn.Losses.IsCorrect(sample.Label, scores[i].Data))
            {
                correct++;
            }
        }
        return (Core.Nn.Losses.Demo(new ValueArithmetic(), scores, negatedLabels, _parameters), correct);
    }

    /// <inheritdoc/>
    public Func<double, double, double> Scorer()
    {
        var x = new Value(0.0, "x");
        var y = new Value(0.0, "y");
        var tape = _model.Forward(new[] { x, y })[0].Compile();
        return (px, py) =>
        {
            x.Data = px;
            y.Data = py;
            return tape.Forward();
        };
    }
}
