using Micrograd.Core.Data;
using Micrograd.Core.Nn;

namespace Micrograd;

/// <summary>
/// One training step's loss graph (the core's <see cref="TrainingLoss.Batch"/>), built the same way
/// for every engine, with handles on the leaves that hold the data, so that a tape compiled from it
/// can write the next batch into them.
/// </summary>
/// <typeparam name="T">Façade <see cref="Value"/>s or core <see cref="Core.Node"/>s.</typeparam>
internal sealed class LossGraph<T>
    where T : class
{
    private LossGraph(T loss, T[][] inputs, T[][] targets, T[][] outputs)
    {
        Loss = loss;
        Inputs = inputs;
        Targets = targets;
        Outputs = outputs;
    }

    /// <summary>The batch's loss.</summary>
    public T Loss { get; }

    /// <summary>Per example, the leaves holding its features.</summary>
    public T[][] Inputs { get; }

    /// <summary>Per example, the leaves holding its targets (<see cref="TrainingLoss.WriteTargets"/>).</summary>
    public T[][] Targets { get; }

    /// <summary>Per example, the network's outputs.</summary>
    public T[][] Outputs { get; }

    /// <summary>Per example: its feature leaves, the network's forward pass on them, then its target leaves.</summary>
    public static LossGraph<T> Build<TA>(
        TA arithmetic, Func<T[], IReadOnlyList<T>> forward, IReadOnlyList<T> parameters,
        LossKind loss, double alpha, int outputCount, IReadOnlyList<Example> batch)
        where TA : struct, IArithmetic<T>
    {
        var n = batch.Count;
        var inputs = new T[n][];
        var targets = new T[n][];
        var outputs = new T[n][];
        var numbers = new double[TrainingLoss.TargetCount(loss, outputCount)];
        for (var i = 0; i < n; i++)
        {
            var example = batch[i];
            var x = new T[example.FeatureCount];
            for (var f = 0; f < x.Length; f++)
            {
                x[f] = arithmetic.Constant(example.Feature(f));
            }
            inputs[i] = x;
            outputs[i] = [.. forward(x)];
            TrainingLoss.WriteTargets(loss, example.Label, numbers);
            targets[i] = Array.ConvertAll(numbers, arithmetic.Constant);
        }
        var total = TrainingLoss.Batch(arithmetic, loss, alpha, outputs, targets, parameters);
        return new LossGraph<T>(total, inputs, targets, outputs);
    }

    /// <summary>How many of the batch the outputs get right, reading each output's value with <paramref name="data"/>.</summary>
    public int Correct(IReadOnlyList<Example> batch, LossKind loss, Func<T, double> data, double[] scratch)
    {
        var correct = 0;
        for (var i = 0; i < Outputs.Length; i++)
        {
            for (var k = 0; k < scratch.Length; k++)
            {
                scratch[k] = data(Outputs[i][k]);
            }
            if (TrainingLoss.IsCorrect(loss, batch[i].Label, scratch))
            {
                correct++;
            }
        }
        return correct;
    }
}
