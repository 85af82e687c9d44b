using Micrograd.Core;
using Micrograd.Core.Data;
using Micrograd.Core.Nn;
using Micrograd.CSharp.Tests.Support;

namespace Micrograd.CSharp.Tests;

public sealed class TrainerTests
{
    private static readonly Engine[] AllEngines = [Engine.Facade, Engine.Functional, Engine.Tape];

    private static Example[] MoonsData(int n = 12) => Moons.Generate(n, 0.1, 3).Select(Example.OfSample).ToArray();

    private static IReadOnlyList<Example> SpiralData() => Spiral.Generate(5, 3, 0.2, 4);

    private static Mlp MoonsModel() => Mlp.Create(2, [4, 4, 1], new PythonRandom(7));

    private static Mlp SpiralModel() => Mlp.Create(2, [6, 3], new PythonRandom(8));

    // The moons' labels as probabilities, -1 → 0 and +1 → 1, for binary cross-entropy.
    private static Example[] MoonsProbabilities() =>
        MoonsData().Select(e => Example.Create(e.Features, (e.Label + 1.0) / 2.0)).ToArray();

    private static (Mlp Model, IReadOnlyList<Example> Data) Problem(LossKind loss) => loss switch
    {
        LossKind.CrossEntropy => (SpiralModel(), SpiralData()),
        LossKind.BinaryCrossEntropy => (MoonsModel(), MoonsProbabilities()),
        _ => (MoonsModel(), MoonsData()),
    };

    public static TheoryData<string, LossKind> OptimizersAndLosses()
    {
        var data = new TheoryData<string, LossKind>();
        foreach (var optimizer in new[] { "sgd", "momentum", "nesterov", "adam", "adamw" })
        {
            data.Add(optimizer, LossKind.MaxMargin);
            data.Add(optimizer, LossKind.CrossEntropy);
            data.Add(optimizer, LossKind.Mse);
            data.Add(optimizer, LossKind.BinaryCrossEntropy);
        }
        return data;
    }

    private static TrainerOptions OptionsFor(string optimizer, LossKind loss, Engine engine) => new()
    {
        Engine = engine,
        Loss = loss,
        Steps = 6,
        BatchSize = 5,
        Optimizer = optimizer switch
        {
            "adam" => OptimizerKind.Adam,
            "adamw" => OptimizerKind.AdamW,
            _ => OptimizerKind.Sgd,
        },
        Sgd = optimizer switch
        {
            "momentum" => new SgdOptions(0.9, 0.0, false, 1e-3),
            "nesterov" => new SgdOptions(0.8, 0.0, true, 0.0),
            _ => SgdOptions.Defaults,
        },
        Schedule = optimizer is "adam" or "adamw" ? k => Schedules.Cosine(0.05, 0.001, 6, k) : null,
    };

    private static TrainingResult Run(string optimizer, LossKind loss, Engine engine)
    {
        var (model, data) = Problem(loss);
        return Trainer.Train(model, data, OptionsFor(optimizer, loss, engine), new PythonRandom(11));
    }

    private static long[] Bits(TrainingResult r) =>
        r.Log.SelectMany(s => new[] { s.Loss, s.Accuracy, s.LearningRate })
            .Concat(r.Model.Parameters.Select(p => p.Data))
            .Select(BitConverter.DoubleToInt64Bits).ToArray();

    [Theory]
    [MemberData(nameof(OptimizersAndLosses))]
    public void Train_EveryEngine_SameBitsForEveryOptimizerAndLoss(string optimizer, LossKind loss)
    {
        var facade = Run(optimizer, loss, Engine.Facade);
        var functional = Run(optimizer, loss, Engine.Functional);
        var tape = Run(optimizer, loss, Engine.Tape);

        Assert.Equal(6, facade.Log.Count);
        Assert.Equal(Bits(facade), Bits(functional));
        Assert.Equal(Bits(facade), Bits(tape));
        // And training moved the parameters.
        Assert.NotEqual(
            Problem(loss).Model.Parameters.Select(p => p.Data),
            facade.Model.Parameters.Select(p => p.Data));
    }

    [Theory]
    [MemberData(nameof(OptimizersAndLosses))]
    public void Train_EveryEngine_SameOptimizerState(string optimizer, LossKind loss)
    {
        static IEnumerable<double> Numbers(object state) => state switch
        {
            SgdState s => s.MomentumBuffers.Prepend(s.Steps),
            AdamState a => a.FirstMoments.Concat(a.SecondMoments).Prepend(a.Steps),
            _ => throw new InvalidOperationException(),
        };
        var states = AllEngines.Select(e => Numbers(Run(optimizer, loss, e).OptimizerState).Select(BitConverter.DoubleToInt64Bits).ToArray()).ToArray();
        Assert.Equal(states[0], states[1]);
        Assert.Equal(states[0], states[2]);
    }

    [Fact]
    public void Step_MaxMarginSgd_IsTheUpdateWorkedByHand()
    {
        // One linear neuron, w = 0.25, b = 0, on x = 2 with label +1 and no L2:
        // score = 0.25*2 + 0 = 0.5, loss = relu(1 - 1*0.5) = 0.5, dloss/dw = -y*x = -2, dloss/db = -1.
        // SGD with lr 0.1: w = 0.25 - 0.1*(-2) = 0.45, b = 0 - 0.1*(-1) = 0.1.
        var model = Mlp.Create(1, [1], new PythonRandom(1)).WithParameters([0.25, 0.0]);
        foreach (var engine in AllEngines)
        {
            var trainer = new Trainer(model, new TrainerOptions { Engine = engine, L2 = 0.0 });
            var result = trainer.Step([Example.Create([2.0], 1.0)], 0.1);
            Assert.Equal(0.5, result.Loss);
            Assert.Equal(1.0, result.Accuracy);
            Assert.Equal(0.45, trainer.Model.Parameters[0].Data, 15);
            Assert.Equal(0.1, trainer.Model.Parameters[1].Data, 15);
        }
    }

    [Fact]
    public void Step_MseSgd_IsTheUpdateWorkedByHand()
    {
        // One linear neuron, w = 0.25, b = 0, on x = 2 with target 1.5 and no L2:
        // output = 0.5, loss = (0.5 - 1.5)² = 1, dloss/doutput = 2·(0.5 - 1.5) = -2, so dloss/dw = -2·x = -4
        // and dloss/db = -2. SGD with lr 0.1: w = 0.25 + 0.4 = 0.65, b = 0 + 0.2 = 0.2. The output has the
        // target's sign: right.
        var model = Mlp.Create(1, [1], new PythonRandom(1)).WithParameters([0.25, 0.0]);
        foreach (var engine in AllEngines)
        {
            var trainer = new Trainer(model, new TrainerOptions { Engine = engine, Loss = LossKind.Mse, L2 = 0.0 });
            var result = trainer.Step([Example.Create([2.0], 1.5)], 0.1);
            Assert.Equal(1.0, result.Loss);
            Assert.Equal(1.0, result.Accuracy);
            Assert.Equal(0.65, trainer.Model.Parameters[0].Data, 15);
            Assert.Equal(0.2, trainer.Model.Parameters[1].Data, 15);
        }
    }

    [Fact]
    public void Step_BinaryCrossEntropySgd_IsTheUpdateWorkedByHand()
    {
        // One linear neuron, w = 0, b = 0, on x = 2 with target 1 and no L2: logit 0, loss = ln(1 + e^0) - 0·1 = ln 2,
        // dloss/dlogit = σ(0) - 1 = -0.5, so dloss/dw = -0.5·x = -1 and dloss/db = -0.5. SGD with lr 0.1:
        // w = 0.1, b = 0.05. A logit of 0 is not above 0 while the target is above ½: wrong.
        var model = Mlp.Create(1, [1], new PythonRandom(1)).WithParameters([0.0, 0.0]);
        foreach (var engine in AllEngines)
        {
            var trainer = new Trainer(model, new TrainerOptions { Engine = engine, Loss = LossKind.BinaryCrossEntropy, L2 = 0.0 });
            var result = trainer.Step([Example.Create([2.0], 1.0)], 0.1);
            Assert.Equal(Math.Log(2.0), result.Loss, 15);
            Assert.Equal(0.0, result.Accuracy);
            Assert.Equal(0.1, trainer.Model.Parameters[0].Data, 15);
            Assert.Equal(0.05, trainer.Model.Parameters[1].Data, 15);
        }
    }

    [Fact]
    public void Step_CrossEntropySgd_IsTheUpdateWorkedByHand()
    {
        // Two linear neurons, every weight and bias 0, on x = 1 of class 0, no L2: logits [0, 0],
        // loss = ln(e^0 + e^0) - 0 = ln 2; dloss/dlogit_k = softmax_k - y_k = [0.5 - 1, 0.5 - 0] = [-0.5, 0.5],
        // and each neuron's weight and bias get its logit's gradient (x = 1). SGD, lr 1: [0.5, 0.5, -0.5, -0.5].
        var model = Mlp.Create(1, [2], new PythonRandom(1)).WithParameters([0.0, 0.0, 0.0, 0.0]);
        foreach (var engine in AllEngines)
        {
            var trainer = new Trainer(model, new TrainerOptions { Engine = engine, Loss = LossKind.CrossEntropy, L2 = 0.0 });
            var result = trainer.Step([Example.OfClass([1.0], 0)], 1.0);
            Assert.Equal(Math.Log(2.0), result.Loss, 15);
            // A tie predicts the first class, here the right one.
            Assert.Equal(1.0, result.Accuracy);
            Assert.Equal([0.5, 0.5, -0.5, -0.5], trainer.Model.Parameters.Select(p => Math.Round(p.Data, 15)));
        }
    }

    [Fact]
    public void Step_CrossEntropyAdam_FirstStepMovesByTheLearningRate()
    {
        // The same gradients [-0.5, -0.5, 0.5, 0.5]; Adam's first step, with bias correction, is
        // p - lr * g / (|g| + eps) (m̂ = g, v̂ = g²): each parameter moves by lr = 0.01 against its gradient's sign,
        // short of it by lr * eps / (|g| + eps) = 2e-10.
        var model = Mlp.Create(1, [2], new PythonRandom(1)).WithParameters([0.0, 0.0, 0.0, 0.0]);
        var trainer = new Trainer(model, new TrainerOptions { Engine = Engine.Tape, Loss = LossKind.CrossEntropy, L2 = 0.0, Optimizer = OptimizerKind.Adam });
        trainer.Step([Example.OfClass([1.0], 0)], 0.01);
        var expected = new[] { 0.01, 0.01, -0.01, -0.01 };
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(expected[i], trainer.Model.Parameters[i].Data, 9);
        }
    }

    [Fact]
    public void Train_DemoDefaults_LossOfStepZeroIsTheDemoLossOfTheModel()
    {
        // The default options are micrograd's demo: step 0's loss is Losses.Demo of the untrained
        // model on the data, built independently here.
        var random = new PythonRandom(1337);
        var model = Mlp.Create(2, [16, 16, 1], random);
        var samples = Moons.Generate(20, 0.1, 1337);
        var a = new NodeArithmetic();
        var scores = samples.Select(s => model.Forward([Node.Leaf(s.X), Node.Leaf(s.Y)])[0]).ToArray();
        var expected = Core.Nn.Losses.Demo(a, scores, samples.Select(s => Node.Leaf(-s.Label)).ToArray(), model.Parameters).Data;

        var result = Trainer.Train(model, samples.Select(Example.OfSample).ToArray(), new TrainerOptions { Steps = 2 }, random);

        Assert.Equal(expected, result.Log[0].Loss);
        Assert.Equal(1.0, result.Log[0].LearningRate);
        Assert.Equal(1.0 - 0.9 * 1 / 2, result.Log[1].LearningRate);
    }

    [Fact]
    public void CrossEntropyOneHot_ValueAndGradientsAreTheBitsOfCrossEntropy()
    {
        var random = new PythonRandom(5);
        for (var trial = 0; trial < 500; trial++)
        {
            var classes = 2 + trial % 9;
            var numbers = Enumerable.Range(0, classes).Select(_ => random.Gauss(0.0, 3.0)).ToArray();
            var target = trial % classes;
            var a = new NodeArithmetic();
            var logits = numbers.Select(x => Node.Leaf(x)).ToArray();
            var byIndex = Core.Nn.Losses.CrossEntropy(a, logits, target);
            var oneHot = TrainingLoss.CrossEntropyOneHot(a, logits, Enumerable.Range(0, classes).Select(k => Node.Leaf(k == target ? 1.0 : 0.0)).ToArray());

            Assert.Equal(BitConverter.DoubleToInt64Bits(byIndex.Data), BitConverter.DoubleToInt64Bits(oneHot.Data));
            var g1 = Backprop.GradientsFor(byIndex, logits);
            var g2 = Backprop.GradientsFor(oneHot, logits);
            Assert.Equal(g1.Select(BitConverter.DoubleToInt64Bits), g2.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Theory]
    [MemberData(nameof(OptimizersAndLosses))]
    public void Step_Tape_AllocatesNothing(string optimizer, LossKind loss)
    {
        var (model, data) = Problem(loss);
        var trainer = new Trainer(model, OptionsFor(optimizer, loss, Engine.Tape));
        trainer.Step(data, 0.01);
        trainer.Step(data, 0.01);

        var bytes = Allocations.FewestBytes(10, _ => trainer.Step(data, 0.01));

        Assert.Equal(0, bytes);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(3)]
    public void Run_TapeMinibatches_AStepOfTheLoopAllocatesNothingButTheLogsGrowth(int? epochs)
    {
        // The bytes allocated between one step's report and the next: the batch drawn into its
        // buffer, the step, the record added to the log. Only the log's doublings allocate, so
        // almost every step allocates nothing; a batch array per step would show in all of them.
        var data = MoonsData(40);
        var options = new TrainerOptions { Engine = Engine.Tape, Steps = 200, Epochs = epochs, BatchSize = 5 };
        var marks = new long[options.Epochs is { } e ? e * 8 : 200];
        var progress = new Inline(r => marks[r.Step] = GC.GetAllocatedBytesForCurrentThread());
        Trainer.Train(MoonsModel(), data, options, new PythonRandom(1), progress);

        var allocating = Enumerable.Range(2, marks.Length - 2).Count(k => marks[k] != marks[k - 1]);

        Assert.True(allocating <= 8, $"{allocating} of {marks.Length - 2} steps allocated");
    }

    [Fact]
    public void Run_Minibatches_LeaveTheCallersDataAsItWas()
    {
        var data = MoonsData();
        var copy = data.ToArray();
        Trainer.Train(MoonsModel(), data, new TrainerOptions { Steps = 3, BatchSize = 4 });
        Trainer.Train(MoonsModel(), data, new TrainerOptions { Steps = 3 });
        Assert.Equal(copy, data);
    }

    [Fact]
    public void Run_Epochs_StepsThroughEachShuffleBatchByBatch()
    {
        // 12 points, batches of 5: 2 batches an epoch (2 points wait), 3 epochs = 6 steps. The batches
        // are Batches.Epoch's, so an engine trained step by step on them gives the same bits.
        var data = MoonsData();
        var options = new TrainerOptions { Engine = Engine.Tape, Epochs = 3, BatchSize = 5, Steps = 999 };
        var result = Trainer.Train(MoonsModel(), data, options, new PythonRandom(2));

        var random = new PythonRandom(2);
        var manual = new Trainer(MoonsModel(), options with { Engine = Engine.Functional });
        var losses = new List<double>();
        for (var e = 0; e < 3; e++)
        {
            foreach (var batch in Batches.Epoch(random, data.Length, 5))
            {
                losses.Add(manual.Step(Batches.Select(data, batch), Schedules.LinearDecay(losses.Count, 6)).Loss);
            }
        }

        Assert.Equal(losses, result.Log.Select(r => r.Loss));
    }

    [Fact]
    public void Run_StepsWithBatchSize_DrawsPythonsShuffleEveryStep()
    {
        var data = MoonsData();
        var options = new TrainerOptions { Engine = Engine.Facade, Steps = 4, BatchSize = 3 };
        var result = Trainer.Train(MoonsModel(), data, options, new PythonRandom(9));

        var random = new PythonRandom(9);
        var manual = new Trainer(MoonsModel(), options with { Engine = Engine.Tape });
        var losses = Enumerable.Range(0, 4)
            .Select(k => manual.Step(Batches.Select(data, Batches.Draw(random, data.Length, 3)), Schedules.LinearDecay(k, 4)).Loss)
            .ToArray();

        Assert.Equal(losses, result.Log.Select(r => r.Loss));
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.AdamW)]
    public void Run_TenStepsEqualFivePlusFiveResumed(OptimizerKind optimizer)
    {
        var data = SpiralData();
        var options = new TrainerOptions
        {
            Engine = Engine.Tape,
            Loss = LossKind.CrossEntropy,
            Optimizer = optimizer,
            Steps = 10,
            Sgd = new SgdOptions(0.9, 0.0, false, 0.0),
            Schedule = k => 0.05,
        };
        var whole = Trainer.Train(SpiralModel(), data, options);

        var first = Trainer.Train(SpiralModel(), data, options with { Steps = 5 });
        var second = Trainer.Train(first.Model, data, options with { Steps = 5, Engine = Engine.Facade, OptimizerState = first.OptimizerState });

        Assert.Equal(whole.Log.Skip(5).Select(r => r.Loss), second.Log.Select(r => r.Loss));
        Assert.Equal(whole.Model.Parameters.Select(p => p.Data), second.Model.Parameters.Select(p => p.Data));
    }

    [Fact]
    public void Run_ReportsEveryStepInOrder_AndStopsWhenCancelled()
    {
        using var cancel = new CancellationTokenSource();
        var seen = new List<int>();
        var progress = new Inline(r =>
        {
            seen.Add(r.Step);
            if (r.Step == 2)
            {
                cancel.Cancel();
            }
        });
        var result = Trainer.Train(MoonsModel(), MoonsData(), new TrainerOptions { Steps = 10 }, null, progress, cancel.Token);

        Assert.True(result.Interrupted);
        Assert.Equal([0, 1, 2], seen);
        Assert.Equal(3, result.Log.Count);
        Assert.All(result.Log, r => Assert.True(r.Elapsed >= TimeSpan.Zero));
    }

    [Fact]
    public void Run_MaximalStepCount_IsAcceptedWithoutReservingItsLog()
    {
        // A log sized up front for int.MaxValue steps would be about 80 GB before the first step.
        using var cancel = new CancellationTokenSource();
        var options = new TrainerOptions { Steps = int.MaxValue, BatchSize = 5, Engine = Engine.Tape };

        var result = Trainer.Train(MoonsModel(), MoonsData(), options, null, new Inline(_ => cancel.Cancel()), cancel.Token);

        Assert.True(result.Interrupted);
        Assert.Single(result.Log);
        // micrograd's schedule over int.MaxValue steps: 1.0 at step 0.
        Assert.Equal(1.0, result.Log[0].LearningRate);
    }

    [Fact]
    public void Run_CancelledBeforeTheFirstStep_RunsNone()
    {
        var result = Trainer.Train(MoonsModel(), MoonsData(), null, null, null, new CancellationToken(canceled: true));
        Assert.True(result.Interrupted);
        Assert.Empty(result.Log);
        Assert.Equal(MoonsModel().Parameters.Select(p => p.Data), result.Model.Parameters.Select(p => p.Data));
    }

    [Fact]
    public void Train_FacadeMlp_WritesTheTrainedValuesIntoIt()
    {
        var model = new MLP(2, [4, 1], new PythonRandom(3));
        var result = Trainer.Train(model, MoonsData(), new TrainerOptions { Steps = 3, Engine = Engine.Tape });
        Assert.Equal(result.Model.Parameters.Select(p => p.Data), model.Parameters().Select(p => p.Data));
    }

    private sealed class Inline(Action<StepRecord> report) : IProgress<StepRecord>
    {
        public void Report(StepRecord value) => report(value);
    }
}
