using Micrograd.Core;
using Micrograd.Core.Nn;
using Micrograd.CSharp.Tests.Support;

namespace Micrograd.CSharp.Tests;

/// <summary>
/// The mutable, PyTorch-shaped optimizers: steps worked by hand from PyTorch's formulas (the same
/// scenarios as the F# core's tests, here through Value.Data and Value.Grad), the learning rate a
/// schedule sets, saving and restoring the state, and the refusals.
/// </summary>
public class OptimizerTests
{
    // One parameter p, one step per gradient: sets Grad, steps, collects Data after each step.
    private static double[] Run(Optimizer opt, Value p, params double[] grads) =>
        grads.Select(g =>
        {
            opt.ZeroGrad();
            p.Grad = g;
            opt.Step();
            return p.Data;
        }).ToArray();

    [Fact]
    public void Step_SgdWithMomentum_FirstBufferIsTheGradientThenBTimesMuPlusG()
    {
        // μ = 0.9, lr = 0.1, p = 1, gradients 0.5, −0.25, 1.0:
        // b = 0.5, p = 1 − 0.05 = 0.95; b = 0.5·0.9 − 0.25 = 0.2, p = 0.95 − 0.02; b = 0.2·0.9 + 1 = 1.18, p = 0.93 − 0.118.
        var p = new Value(1.0);
        var opt = new Sgd([p], lr: 0.1, momentum: 0.9);

        var data = Run(opt, p, 0.5, -0.25, 1.0);

        Bits.AssertSame(0.95, data[0]);
        Bits.AssertSame(0.9299999999999999, data[1]); // python3: 0.95 - 0.1*(0.5*0.9 + 1*-0.25)
        Bits.AssertSame(0.8119999999999999, data[2]); // python3: 0.9299999999999999 - 0.1*(0.2*0.9 + 1*1.0)
        Bits.AssertSame(1.18, opt.State.MomentumBuffers[0]); // python3: 0.2*0.9 + 1*1.0
        Assert.Equal(3, opt.Steps);
    }

    [Fact]
    public void Step_SgdNesterovWithWeightDecay_MatchesTheHandWorkedSteps()
    {
        // μ = 0.9, Nesterov, λ = 0.01, lr = 0.1, p = (1, −2). Step 1, first: d = 0.5 + 0.01 = 0.51,
        // b = 0.51, p = 1 − 0.1·(0.51 + 0.9·0.51) = 0.9031. Step 2's numbers by python3 (see the F# test).
        var a = new Value(1.0);
        var b = new Value(-2.0);
        var opt = new Sgd([a, b], lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01);

        (a.Grad, b.Grad) = (0.5, 0.25);
        opt.Step();
        Bits.AssertSame(0.9031, a.Data);
        Bits.AssertSame(-2.0437, b.Data); // python3: d=0.25+0.01*-2.0; -2.0 - 0.1*(d + 0.9*d)
        (a.Grad, b.Grad) = (-0.5, 1.0);
        opt.Step();
        Bits.AssertSame(0.95507411, a.Data); // python3: d=-0.5+0.01*0.9031; bb=0.51*0.9+1*d; 0.9031 - 0.1*(d+0.9*bb)
        Bits.AssertSame(-2.24844697, b.Data); // python3: d=1.0+0.01*-2.0437; bb=0.23*0.9+1*d; -2.0437 - 0.1*(d+0.9*bb)
    }

    [Fact]
    public void Step_AdamDefaults_MatchesTheHandWorkedSteps()
    {
        // t = 1: m = 0.1·0.5, v = 0.001·0.25, bias-corrected m̂ = 0.5, √v̂ = 0.5: p = 1 − 0.1·0.5/(0.5 + 1e-8).
        var p = new Value(1.0);
        var opt = new Adam([p], lr: 0.1);

        var data = Run(opt, p, 0.5, -0.25, 1.0);

        Bits.AssertSame(0.900000002, data[0]); // python3: 1.0 + (-(0.1/(1-0.9**1.0)))*m/(math.sqrt(v)/(1-0.999**1.0)**0.5 + 1e-8)
        Bits.AssertSame(0.8733662987078463, data[1]);
        Bits.AssertSame(0.8075551396770898, data[2]);
        Bits.AssertSame(0.11799999999999997, opt.State.FirstMoments[0]); // python3: m2 + (1-0.9)*(1.0-m2)
        Bits.AssertSame(0.0013119377500000011, opt.State.SecondMoments[0]);
    }

    [Fact]
    public void Step_AdamWDefaults_DecaysTheParameterBeforeAdamsStep()
    {
        // λ = 0.01: p = 1·(1 − 0.1·0.01) = 0.999, then Adam's first step of ≈ −0.1: 0.899000002.
        var a = new Value(1.0);
        var b = new Value(-2.0);
        var opt = new AdamW([a, b], lr: 0.1);

        (a.Grad, b.Grad) = (0.5, 0.25);
        opt.Step();
        Bits.AssertSame(0.899000002, a.Data);
        Bits.AssertSame(-2.097999996, b.Data);
        (a.Grad, b.Grad) = (-0.5, 1.0);
        opt.Step();
        Bits.AssertSame(0.9033641597874735, a.Data);
        Bits.AssertSame(-2.1843396438485123, b.Data);
        Assert.Equal(0.01, opt.Options.WeightDecay);
    }

    [Fact]
    public void LearningRate_SetBetweenSteps_TheNextStepUsesIt()
    {
        var p = new Value(1.0);
        var opt = new Sgd([p]);
        Assert.Equal(0.001, opt.LearningRate); // PyTorch's default
        opt.LearningRate = 0.5;
        p.Grad = 0.5;
        opt.Step();
        Bits.AssertSame(0.75, p.Data); // 1 − 0.5·0.5
    }

    [Fact]
    public void ZeroGrad_AfterBackward_EveryParameterGradIsZero()
    {
        var model = new MLP(2, [3, 1], new PythonRandom(1));
        var opt = new Adam(model.Parameters());
        model.Forward(1.0, 2.0)[0].Backward();
        Assert.Contains(model.Parameters(), p => p.Grad != 0.0);
        opt.ZeroGrad();
        Assert.All(model.Parameters(), p => Assert.Equal(0.0, p.Grad));
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("momentum")]
    [InlineData("adam")]
    [InlineData("adamw")]
    public void LoadState_TenStepsVersusFiveSavedRestoredFive_SameBits(string kind)
    {
        // Run A: 10 steps. Run B: 5 steps, state and parameters kept, a new model and optimizer
        // given them, 5 more steps. Same parameters to the bit.
        var straight = new MLP(2, [4, 1], new PythonRandom(3));
        var optA = Make(kind, straight);
        for (var k = 0; k < 10; k++)
        {
            TrainStep(straight, optA);
        }

        var first = new MLP(2, [4, 1], new PythonRandom(3));
        var optB = Make(kind, first);
        for (var k = 0; k < 5; k++)
        {
            TrainStep(first, optB);
        }
        var saved = optB.GetState();
        var resumed = new MLP(2, [4, 1], new PythonRandom(99));
        for (var i = 0; i < resumed.Parameters().Count; i++)
        {
            resumed.Parameters()[i].Data = first.Parameters()[i].Data;
        }
        var optC = Make(kind, resumed);
        optC.LoadState(saved);
        Assert.Equal(5, optC.Steps);
        for (var k = 0; k < 5; k++)
        {
            TrainStep(resumed, optC);
        }

        for (var i = 0; i < straight.Parameters().Count; i++)
        {
            Bits.AssertSame(straight.Parameters()[i].Data, resumed.Parameters()[i].Data);
        }
    }

    private static Optimizer Make(string kind, MLP model) => kind switch
    {
        "sgd" => new Sgd(model.Parameters(), lr: 0.05),
        "momentum" => new Sgd(model.Parameters(), lr: 0.05, momentum: 0.9, nesterov: true),
        "adam" => new Adam(model.Parameters(), lr: 0.01),
        _ => new AdamW(model.Parameters(), lr: 0.01),
    };

    private static void TrainStep(MLP model, Optimizer opt)
    {
        opt.ZeroGrad();
        var loss = (model.Forward(0.5, -1.0)[0] - 1.0).Pow(2.0) + (model.Forward(-0.3, 0.8)[0] + 1.0).Pow(2.0);
        loss.Backward();
        opt.Step();
    }

    [Fact]
    public void Constructor_BadParameters_RefusedNamingParameters()
    {
        Assert.Equal("parameters", Assert.Throws<ArgumentNullException>(() => new Adam(null!)).ParamName);
        var empty = Assert.Throws<ArgumentException>(() => new Sgd([]));
        Assert.Equal("parameters", empty.ParamName);
        Assert.StartsWith("An optimizer needs at least one parameter; got none.", empty.Message);
        var withNull = Assert.Throws<ArgumentNullException>(() => new AdamW([new Value(1.0), null!]));
        Assert.StartsWith("parameters[1] is null", withNull.Message);
        var p = new Value(1.0);
        var twice = Assert.Throws<ArgumentException>(() => new Sgd([p, new Value(2.0), p]));
        Assert.StartsWith("parameters[2] is parameters[0] again", twice.Message);
        var computed = Assert.Throws<ArgumentException>(() => new Adam([p, p * 2.0]));
        Assert.Equal("parameters", computed.ParamName);
        Assert.StartsWith("parameters[1] was computed by '*'", computed.Message);
    }

    [Fact]
    public void Constructor_BadNumbers_RefusedNamingTheArgument()
    {
        Value[] ps = [new Value(1.0)];
        foreach (var lr in new[] { double.NaN, double.PositiveInfinity, -0.01 })
        {
            Assert.Equal("lr", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(ps, lr: lr)).ParamName);
        }
        Assert.Equal("momentum", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(ps, momentum: -0.9)).ParamName);
        Assert.Equal("dampening", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(ps, dampening: double.NaN)).ParamName);
        Assert.Equal("weightDecay", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(ps, weightDecay: -1.0)).ParamName);
        var nesterov = Assert.Throws<ArgumentException>(() => new Sgd(ps, nesterov: true));
        Assert.Equal("nesterov", nesterov.ParamName);
        Assert.StartsWith("Nesterov momentum needs a momentum above 0 and a dampening of 0", nesterov.Message);
        Assert.Equal("beta1", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(ps, beta1: 1.0)).ParamName);
        Assert.Equal("beta2", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW(ps, beta2: -0.1)).ParamName);
        Assert.Equal("eps", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(ps, eps: -1e-8)).ParamName);
        Assert.Equal("weightDecay", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW(ps, weightDecay: double.NaN)).ParamName);
    }

    [Fact]
    public void LearningRate_SetToNaNOrNegative_RefusedAndKept()
    {
        var opt = new Adam([new Value(1.0)], lr: 0.01);
        foreach (var lr in new[] { double.NaN, double.NegativeInfinity, -1.0 })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => opt.LearningRate = lr);
            Assert.Equal("value", e.ParamName);
            Assert.Contains("The learning rate is", e.Message);
        }
        Assert.Equal(0.01, opt.LearningRate);
    }

    [Fact]
    public void LoadState_WrongKindOrSizeOrNull_RefusedAndStateKept()
    {
        var opt = new Adam([new Value(1.0), new Value(2.0)]);
        var sgdState = new Sgd([new Value(1.0), new Value(2.0)]).GetState();

        var kind = Assert.Throws<ArgumentException>(() => opt.LoadState(sgdState));
        Assert.Equal("state", kind.ParamName);
        Assert.StartsWith("Expected Adam's state, an AdamState; got an SgdState.", kind.Message);
        var size = Assert.Throws<ArgumentException>(() => opt.LoadState(Core.Nn.Adam.Init(3)));
        Assert.StartsWith("The first moments: 3 given; expected 2, one per parameter.", size.Message);
        Assert.Equal("state", Assert.Throws<ArgumentNullException>(() => opt.LoadState((object)null!)).ParamName);
        var negative = new AdamState(-1, [0.0, 0.0], [0.0, 0.0]);
        Assert.Equal("state", Assert.Throws<ArgumentOutOfRangeException>(() => opt.LoadState(negative)).ParamName);
        var sgd = new Sgd([new Value(1.0)]);
        Assert.Throws<ArgumentException>(() => sgd.LoadState(new AdamW([new Value(1.0)]).GetState()));
        Assert.Equal(0, opt.Steps);
    }

    [Fact]
    public void State_IsASnapshot_LaterStepsDoNotChangeIt()
    {
        var p = new Value(1.0);
        var opt = new Adam([p]);
        p.Grad = 1.0;
        opt.Step();
        var state = opt.State;
        var m = state.FirstMoments[0];
        opt.Step();
        Assert.Equal(1, state.Steps);
        Bits.AssertSame(m, state.FirstMoments[0]);
        Assert.Equal(2, opt.Steps);
    }
}
