// micrograd's demo, the two moons, trained with the library's Trainer, in C#.
// Run: dotnet run samples/Moons.cs (from the repository root; any path to the file works).
#:project ../src/Micrograd.CSharp/Micrograd.CSharp.csproj

using Micrograd;
using Micrograd.Core;
using Micrograd.Core.Data;
using Micrograd.Core.Nn;

// micrograd's MLP(2, [16, 16, 1]) after random.seed(1337), on 100 noisy moons; the trainer's
// defaults are micrograd's demo: max-margin loss + 1e-4 L2, 100 full-batch SGD steps at 1.0 - 0.9*k/100.
var model = Mlp.Create(2, [16, 16, 1], new PythonRandom(1337));
var data = Moons.Generate(100, 0.1, 1337).Select(Example.OfSample).ToArray();
var run = Trainer.Train(model, data, new TrainerOptions { Engine = Engine.Tape });
foreach (var r in run.Log.Where(r => r.Step % 10 == 0 || r.Step == 99))
{
    Console.WriteLine(FormattableString.Invariant($"step {r.Step} loss {r.Loss:R}, accuracy {100 * r.Accuracy:F0}%"));
}

// micrograd's engine and demo loop in plain Python, on the same points (samples/python/moons_points.py,
// then tests/Micrograd.Cli.Tests/python/micrograd_demo.py --ordered), print step 0 loss
// 0.9128546778968705 at 50% and step 99 loss 0.011805432914082788 at 100%.
var (first, last) = (run.Log[0], run.Log[^1]);
if (Math.Abs(first.Loss - 0.9128546778968705) > 1e-12 * 0.9128546778968705 || first.Accuracy != 0.5
    || Math.Abs(last.Loss - 0.011805432914082788) > 1e-12 * 0.011805432914082788 || last.Accuracy != 1.0)
{
    Console.Error.WriteLine("expected Python's step 0 (loss 0.9128546778968705, 50%) and step 99 (0.011805432914082788, 100%)");
    return 1;
}
return 0;
