using System.Diagnostics;
using Micrograd.Core;
using Micrograd.Core.Data;
using Micrograd.Core.Nn;

namespace Micrograd.Demo;

/// <summary>One line of the training log.</summary>
/// <param name="Step">k, from 0.</param>
/// <param name="Loss">The loss of step k's forward pass, before its update.</param>
/// <param name="Accuracy">The accuracy on the same batch, a fraction in [0, 1].</param>
/// <param name="LearningRate">The learning rate step k's update used.</param>
public readonly record struct StepRecord(int Step, double Loss, double Accuracy, double LearningRate);

/// <summary>How to train.</summary>
/// <param name="Engine">Which implementation.</param>
/// <param name="Steps">How many steps of gradient descent.</param>
/// <param name="Seed">Seeds the <see cref="PythonRandom"/> that draws the initial weights and then the minibatches.</param>
/// <param name="BatchSize">Null: every step uses all the data (micrograd's demo). Otherwise the size of each step's minibatch.</param>
public sealed record TrainingOptions(Engine Engine, int Steps, int Seed, int? BatchSize);

/// <summary>What a training run produced.</summary>
/// <param name="Trainer">The trained model.</param>
/// <param name="Log">One record per step.</param>
/// <param name="Elapsed">The time spent in the steps (not in building the model).</param>
public sealed record TrainingResult(ITrainer Trainer, IReadOnlyList<StepRecord> Log, TimeSpan Elapsed)
{
    /// <summary>
    /// Whether the run was cancelled before its last step. Then <see cref="Log"/> holds the steps
    /// that finished, 0 to <c>Log.Count - 1</c>, and <c>Log.Count</c> is the step that did not run.
    /// </summary>
    public bool Interrupted { get; init; }
}

/// <summary>micrograd's demo training loop, for any <see cref="Engine"/>.</summary>
public static class TrainingRun
{
    /// <summary>
    /// Builds the demo model and runs <see cref="TrainingOptions.Steps"/> steps of gradient descent
    /// with learning rate <c>1.0 - 0.9*k/steps</c> at step k.
    /// </summary>
    /// <remarks>
    /// One <see cref="PythonRandom"/>(seed) draws the weights, then the minibatches: at every step
    /// the indices 0..n-1 are shuffled as Python's <c>random.shuffle</c> does and the first
    /// <c>batchSize</c> of them, in shuffled order, make the batch. That is, in Python:
    /// <c>random.seed(seed); model = MLP(2, [16, 16, 1])</c> and then at each step
    /// <c>idx = list(range(n)); random.shuffle(idx); batch = idx[:batch_size]</c>.
    /// </remarks>
    /// <param name="data">The training points.</param>
    /// <param name="options">Engine, steps, seed, batch size.</param>
    /// <param name="onStep">Called after every step (for progress output).</param>
    /// <param name="cancellationToken">Checked before every step: once it is cancelled, no further
    /// step starts, and the result holds the finished steps with <see cref="TrainingResult.Interrupted"/>
    /// set. A step that has started always finishes, so every record in the log is whole.</param>
    public static TrainingResult Train(
        IReadOnlyList<Sample> data, TrainingOptions options, Action<StepRecord>? onStep = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Steps, 1);
        if (options.BatchSize is { } size && (size < 1 || size > data.Count))
        {
            throw new ArgumentOutOfRangeException(nameof(options), size, $"The batch size must be between 1 and the number of samples ({data.Count}).");
        }
        var random = new PythonRandom(options.Seed);
        var trainer = Engines.Create(options.Engine, random);
        // Grown as steps finish, not sized up front: a run of int.MaxValue steps is valid, and is
        // cancelled long before its log would fill memory.
        var log = new List<StepRecord>();
        var clock = Stopwatch.StartNew();
        for (var k = 0; k < options.Steps; k++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                clock.Stop();
                return new TrainingResult(trainer, log, clock.Elapsed) { Interrupted = true };
            }
            var batch = options.BatchSize is { } n ? Minibatch(data, n, random) : data;
            var learningRate = Schedules.LinearDecay(k, options.Steps);
            var result = trainer.Step(batch, learningRate);
            var record = new StepRecord(k, result.Loss, result.Accuracy, learningRate);
            log.Add(record);
            onStep?.Invoke(record);
        }
        clock.Stop();
        return new TrainingResult(trainer, log, clock.Elapsed);
    }

    // Python's idx = list(range(n)); random.shuffle(idx); idx[:size].
    private static Sample[] Minibatch(IReadOnlyList<Sample> data, int size, PythonRandom random)
    {
        var indices = Enumerable.Range(0, data.Count).ToArray();
        random.Shuffle(indices);
        var batch = new Sample[size];
        for (var b = 0; b < size; b++)
        {
            batch[b] = data[indices[b]];
        }
        return batch;
    }
}
