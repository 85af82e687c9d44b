using Micrograd.Core;
using Micrograd.Core.Data;
using Micrograd.Demo;

namespace Micrograd.Benchmarks;

/// <summary>
/// W1-user: micrograd's demo step written against the façade exactly as README.md shows a user
/// writing it ("micrograd's demo loop in C#"): <c>MLP.Forward</c> per sample, the losses summed
/// with <c>Value.Sum</c>, <c>ZeroGrad</c>, <c>Backward</c> and <c>p.Data -= lr * p.Grad</c>. No
/// helper of the library's beyond those: what a user's own loop costs.
/// </summary>
public sealed class UserLoopTrainer : ITrainer
{
    private readonly MLP _model;
    private readonly IReadOnlyList<Value> _parameters;

    /// <summary>micrograd's <c>MLP(2, [16, 16, 1])</c>, its weights drawn from <paramref name="random"/>.</summary>
    public UserLoopTrainer(Random random)
    {
        _model = new MLP(2, DemoNetwork.LayerSizes, random);
        _parameters = _model.Parameters();
    }

    /// <inheritdoc/>
    public int ParameterCount => _parameters.Count;

    /// <inheritdoc/>
    public StepResult Step(IReadOnlyList<Sample> batch, double learningRate)
    {
        // README's loop body, line for line (its names: model, parameters, data, learningRate).
        var model = _model;
        var parameters = _parameters;
        var data = batch;
        var correct = 0;
        var losses = new List<Value>();
        foreach (var s in data)
        {
            var score = model.Forward(s.X, s.Y)[0];
            losses.Add((1 + -s.Label * score).Relu());
            correct += (score.Data > 0) == (s.Label > 0) ? 1 : 0;
        }
        var dataLoss = Value.Sum(losses) * (1.0 / losses.Count);
        var regLoss = 1e-4 * Value.Sum(parameters.Select(p => p * p));
        var total = dataLoss + regLoss;

        model.ZeroGrad();
        total.Backward();
        foreach (var p in parameters)
        {
            p.Data -= learningRate * p.Grad;
        }
        return new StepResult(total.Data, (double)correct / batch.Count);
    }

    /// <inheritdoc/>
    public Func<double, double, double> Scorer() => (x, y) => _model.Forward(x, y)[0].Data;
}
