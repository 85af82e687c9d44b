namespace Micrograd.CSharp.Tests;

/// <summary>The façade's threading contract: separate graphs of separate values on separate threads.</summary>
public class ThreadingTests
{
    // By hand: y = a·b + b³ at a = -4, b = 2 gives dy/da = b = 2 and dy/db = a + 3b² = 8.
    [Fact]
    public void Backward_SeparateGraphsOnSixteenThreads_EachGetsItsOwnGradients()
    {
        var grads = Enumerable.Range(0, 16)
            .Select(_ => Task.Run(() =>
            {
                var results = new List<(double, double)>();
                for (var i = 0; i < 200; i++)
                {
                    var a = new Value(-4.0);
                    var b = new Value(2.0);
                    (a * b + b.Pow(3)).Backward();
                    results.Add((a.Grad, b.Grad));
                }
                return results;
            }))
            .ToArray();

        Assert.All(grads.SelectMany(t => t.Result), g => Assert.Equal((2.0, 8.0), g));
    }
}
