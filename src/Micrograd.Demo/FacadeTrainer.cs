using Micrograd.Core.Data;

namespace Micrograd.Demo;

/// <summary>
/// The <c>facade</c> engine: micrograd's demo written against the C# façade, line for line as in
/// Python (mutable <see cref="Value.Data"/>, <see cref="Module.ZeroGrad"/>, <see cref="Value.Backward"/>).
/// </summary>
public sealed class FacadeTrainer : ITrainer
{
    private readonly MLP _model;
    private readonly IReadOnlyList<Value> _parameters;

    /// <summary>micrograd's <c>MLP(2, [16, 16, 1])</c>, its weights drawn from <paramref name="random"/>.</summary>
    public FacadeTrainer(Random random)
    {
        _model = new MLP(2, DemoLoss.LayerSizes, random);
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
            p.Data -= learningRate * p.Grad;
        }
        return new StepResult(total.Data, (double)correct / batch.Count);
    }

    // The demo loss (DemoLoss) of the batch, written out in Values as micrograd's notebook writes
    // it, and how many of the batch's points the forward pass gets right.
    private (Value Total, int Correct) Loss(IReadOnlyList<Sample> batch)
    {
        var losses = new Value[batch.Count];
        var correct = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var sample = batch[i];
            var score = _model.Forward(sample.X, sample.Y)[0];
            losses[i] = (score * -sample.Label + 1.0).Relu();
            if (DemoLoss.IsCorrect(sample.Label, score.Data))
            {
                correct++;
            }
        }
        var dataLoss = Value.Sum(losses) * (1.0 / losses.Length);
        var regLoss = Value.Sum(_parameters.Select(p => p * p)) * DemoLoss.Alpha;
        return (dataLoss + regLoss, correct);
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
