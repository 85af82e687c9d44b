using BenchmarkDotNet.Attributes;
using Micrograd.Core;
using Micrograd.Core.Data;
using Micrograd.Demo;

namespace Micrograd.Benchmarks;

/// <summary>
/// W1: one full-batch step of micrograd's demo (MLP(2, [16, 16, 1]), 100 moons, max-margin loss +
/// L2; forward, zero grads, backward, update) on each engine, against the hand-written baseline.
/// Every invocation is a real training step, so the model trains on as it is measured (the schedule
/// restarts every 100 steps); the graph has the same shape at every step.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ExtraGen0Config))]
public class DemoStepBenchmarks
{
    private IReadOnlyList<Sample> _data = [];
    private ITrainer _user = null!;
    private ITrainer _facade = null!;
    private ITrainer _functional = null!;
    private ITrainer _tape = null!;
    private ITrainer _handWritten = null!;
    private int _k;

    /// <summary>The nodes in one step's loss graph (for the per-node columns).</summary>
    public static int NodeCount { get; } =
        Graph.Count(Workloads.DemoStepLoss());

    [GlobalSetup]
    public void Setup()
    {
        _data = Workloads.DemoData();
        _user = Workloads.CreateTrainer(StepEngine.UserLoop);
        _facade = Workloads.CreateTrainer(StepEngine.Facade);
        _functional = Workloads.CreateTrainer(StepEngine.Functional);
        _tape = Workloads.CreateTrainer(StepEngine.Tape);
        _tape.Step(_data, 0.0); // compiles the tape; later steps re-run it (a step with rate 0 changes nothing)
        _handWritten = Workloads.CreateTrainer(StepEngine.HandWritten);
    }

    [Benchmark(Description = "W1-user: README's loop, façade")]
    public double UserLoop() => _user.Step(_data, Workloads.LearningRate(_k++)).Loss;

    [Benchmark(Description = "façade")]
    public double Facade() => _facade.Step(_data, Workloads.LearningRate(_k++)).Loss;

    [Benchmark(Description = "functional")]
    public double Functional() => _functional.Step(_data, Workloads.LearningRate(_k++)).Loss;

    [Benchmark(Description = "tape")]
    public double Tape() => _tape.Step(_data, Workloads.LearningRate(_k++)).Loss;

    [Benchmark(Baseline = true, Description = "hand-written")]
    public double HandWritten() => _handWritten.Step(_data, Workloads.LearningRate(_k++)).Loss;
}
