// The network of micrograd's lecture, trained as the lecture trains it, in C# with the façade.
// Run: dotnet run samples/LectureNetwork.cs (from the repository root; any path to the file works).
#:project ../src/Micrograd.CSharp/Micrograd.CSharp.csproj

using System.Globalization;
using Micrograd;
using Micrograd.Core;

// MLP(3, [4, 4, 1]): tanh in every layer, random weights and biases; PythonRandom(42) draws what
// Python's random.seed(42) would.
var model = MLP.Lecture(3, [4, 4, 1], new PythonRandom(42));
double[][] xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]];
double[] ys = [1.0, -1.0, -1.0, 1.0];
var optimizer = new Sgd(model.Parameters(), lr: 0.1);

var losses = new List<double>();
for (var k = 0; k < 20; k++)
{
    // The lecture's loss: the sum of the squared errors over the four examples.
    Value loss = 0.0;
    for (var i = 0; i < xs.Length; i++)
    {
        loss += (model.Forward(xs[i])[0] - ys[i]).Pow(2);
    }
    optimizer.ZeroGrad();
    loss.Backward();
    optimizer.Step();   // p.Data -= 0.1 * p.Grad, for every parameter
    losses.Add(loss.Data);
    Console.WriteLine($"step {k} loss {loss.Data.ToString("R", CultureInfo.InvariantCulture)}");
}
var predictions = xs.Select(x => model.Forward(x)[0].Data.ToString("F3", CultureInfo.InvariantCulture));
Console.WriteLine($"predictions after 20 steps: {string.Join(", ", predictions)} (targets 1, -1, -1, 1)");

// The lecture's code in plain Python (samples/python/lecture_network.py) prints, for steps 0, 9
// and 19: 5.230517512042234, 0.09634927736456354, 0.03649875608650108. Its tanh is computed
// from exp, so the last digits may differ; 1e-12 relative is far tighter than a wrong rule.
(int Step, double Loss)[] python = [(0, 5.230517512042234), (9, 0.09634927736456354), (19, 0.03649875608650108)];
foreach (var (step, expected) in python)
{
    if (Math.Abs(losses[step] - expected) > 1e-12 * expected)
    {
        Console.Error.WriteLine($"step {step}: loss {losses[step]:R}, Python's is {expected:R}");
        return 1;
    }
}
return 0;
