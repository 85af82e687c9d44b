using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Micrograd.Core;
using Micrograd.Core.Nn;
using Micrograd.CSharp.Tests.Support;

namespace Micrograd.CSharp.Tests;

/// <summary>
/// The optimizers' two styles agree to the bit: the C# façade's mutable optimizer (Grad read,
/// Data written, in place) and the F# core's pure step (values, gradients and state in, new
/// values and state out) on the functional network, trained side by side from the same seed.
/// </summary>
public class OptimizerParityTests
{
    private static readonly double[][] Xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]];
    private static readonly double[] Ys = [1.0, -1.0, -1.0, 1.0];

    private static Value FacadeLoss(MLP model) =>
        Value.Sum(Xs.Select((x, i) => (model.Forward(x)[0] - Ys[i]).Pow(2.0)));

    private static Node FunctionalLoss(Mlp model) =>
        Node.Sum(Xs.Select((x, i) => Node.Pow(model.Forward(x)[0] - Ys[i], 2.0)));

    [Property(MaxTest = 40)]
    public Property Training_AnySeedOptimizerAndSteps_MutableAndPureGiveTheSameBits(int seed, byte kindRaw, PositiveInt stepsRaw)
    {
        var kind = kindRaw % 5;
        var steps = 1 + stepsRaw.Get % 12;
        var facade = MLP.Lecture(3, [4, 4, 1], new PythonRandom(seed));
        var functional = Mlp.Lecture(3, [4, 4, 1], new PythonRandom(seed));
        var n = functional.Parameters.Count;
        Optimizer opt = kind switch
        {
            0 => new Sgd(facade.Parameters(), lr: 0.05, momentum: 0.9),
            1 => new Sgd(facade.Parameters(), lr: 0.05, momentum: 0.8, nesterov: true, weightDecay: 0.01),
            2 => new Sgd(facade.Parameters(), lr: 0.05, momentum: 0.5, dampening: 0.3),
            3 => new Adam(facade.Parameters(), lr: 0.02, weightDecay: 0.001),
            _ => new AdamW(facade.Parameters(), lr: 0.02),
        };
        var sgdOptions = opt is Sgd s ? s.Options : SgdOptions.Defaults;
        var sgdState = Core.Nn.Sgd.Init(n);
        var adamState = Core.Nn.Adam.Init(n);

        for (var step = 0; step < steps; step++)
        {
            // A schedule sets the rate of both styles.
            var lr = Schedules.Cosine(opt is Sgd ? 0.05 : 0.02, 0.001, 10, step);
            opt.LearningRate = lr;

            opt.ZeroGrad();
            FacadeLoss(facade).Backward();
            opt.Step();

            var values = MlpModule.ParameterValues(functional);
            var grads = Backprop.GradientsFor(FunctionalLoss(functional), functional.Parameters);
            double[] next;
            switch (kind)
            {
                case <= 2:
                    (next, sgdState) = Core.Nn.Sgd.Step(sgdOptions, lr, values, grads, sgdState);
                    break;
                case 3:
                    (next, adamState) = Core.Nn.Adam.Step(((Adam)opt).Options, lr, values, grads, adamState);
                    break;
                default:
                    (next, adamState) = Core.Nn.AdamW.Step(((Adam)opt).Options, lr, values, grads, adamState);
                    break;
            }
            functional = MlpModule.WithParameters(next, functional);

            for (var i = 0; i < n; i++)
            {
                var (a, b) = (facade.Parameters()[i].Data, functional.Parameters[i].Data);
                if (Bits.Of(a) != Bits.Of(b))
                {
                    return false.Label($"optimizer {kind}, step {step}: parameter {i} {a:R} vs {b:R}");
                }
            }
        }
        return true.ToProperty();
    }
}
