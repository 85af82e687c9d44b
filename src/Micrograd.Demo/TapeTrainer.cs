using Micrograd.Core;
using Micrograd.Core.Data;
using Micrograd.Core.Nn;

namespace Micrograd.Demo;

/// <summary>
/// The <c>tape</c> engine: the loss graph of the first step is built once, from the core's
/// <see cref="Mlp"/> exactly as <see cref="FunctionalTrainer"/> builds it, and compiled into a
/// <see cref="Tape"/>. Every later step writes the batch's points and labels into the tape's data
/// leaves, re-runs <see cref="Tape.Forward"/> and <see cref="Tape.Backward"/>, and updates the
/// parameters in the tape's own value slots: no graph, no allocation.
/// </summary>
/// <remarks>
/// A graph of the same shape gives the same numbers when its leaves hold the same values (the tape
/// applies the same rules in the same order as <see cref="Backprop.Gradients"/>), so this engine logs
/// what the others log, bit for bit. Every step must have the batch size of the first: a minibatch of
/// fixed size keeps the shape, only the data leaves change.
/// </remarks>
public sealed class TapeTrainer : ITrainer
{
    private readonly Mlp _initial;
    private Tape? _tape;
    private int[] _parameters = [];
    // Per position in the batch: the tape positions of x, y, -label and the score.
    private int[] _x = [];
    private int[] _y = [];
    private int[] _negatedLabel = [];
    private int[] _score = [];
    // The model as of the last update, for Scorer; rebuilt from the tape when a step made it stale.
    private Mlp? _current;

    /// <summary>micrograd's <c>MLP(2, [16, 16, 1])</c>, its weights drawn from <paramref name="random"/>.</summary>
    public TapeTrainer(Random random)
    {
        _initial = Mlp.Create(2, DemoNetwork.LayerSizes, random);
        _current = _initial;
    }

    /// <inheritdoc/>
    public int ParameterCount => _initial.Parameters.Count;

    /// <summary>The compiled loss graph (null before the first step).</summary>
    public Tape? Tape => _tape;

    /// <inheritdoc/>
    public StepResult Step(IReadOnlyList<Sample> batch, double learningRate)
    {
        var tape = _tape ?? Compile(batch);
        if (batch.Count != _score.Length)
        {
            throw new ArgumentException(
                $"The tape was compiled for batches of {_score.Length} points; this one has {batch.Count}.", nameof(batch));
        }
        for (var i = 0; i < _score.Length; i++)
        {
            var sample = batch[i];
            tape.SetValue(_x[i], sample.X);
            tape.SetValue(_y[i], sample.Y);
            tape.SetValue(_negatedLabel[i], -sample.Label);
        }
        var loss = tape.Forward();
        var correct = 0;
        for (var i = 0; i < _score.Length; i++)
        {
            if (Core.Nn.Losses.IsCorrect(batch[i].Label, tape.Value(_score[i])))
            {
                correct++;
            }
        }
        tape.Backward();
        // p.Data -= learningRate * p.Grad, written into the tape's slot for p.
        foreach (var p in _parameters)
        {
            tape.SetValue(p, Sgd.Update(tape.Value(p), tape.Gradient(p), learningRate));
        }
        _current = null;
        return new StepResult(loss, (double)correct / _score.Length);
    }

    /// <inheritdoc/>
    public Func<double, double, double> Scorer()
    {
        _current ??= _initial.WithParameters(Array.ConvertAll(_parameters, _tape!.Value));
        return FunctionalTrainer.ScorerOf(_current);
    }

    // The functional engine's loss, compiled; the tape finds the data leaves by their nodes.
    private Tape Compile(IReadOnlyList<Sample> batch)
    {
        var graph = DemoLossGraph.Build(_initial, batch);
        var tape = Tape.Compile(graph.Loss);
        int IndexOf(Node node) => tape.IndexOf(node);
        _x = graph.X.Select(IndexOf).ToArray();
        _y = graph.Y.Select(IndexOf).ToArray();
        _negatedLabel = graph.NegatedLabel.Select(IndexOf).ToArray();
        _score = graph.Score.Select(IndexOf).ToArray();
        _parameters = _initial.Parameters.Select(IndexOf).ToArray();
        _tape = tape;
        return tape;
    }
}
