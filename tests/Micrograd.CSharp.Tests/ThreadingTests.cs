namespace Micrograd.CSharp.Tests;

/// <summary>The façade's threading contract: separate graphs of separate values on separate threads;
/// graphs that share values may lose each other's additions to the shared values' Grads, but every
/// value of their own gets its exact gradient.</summary>
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

    // Backward remembers in each value where it put it; threads whose graphs share values overwrite
    // each other's notes. By hand: root = p + (s1·c + s2·c), p a thread's own chain of a length of
    // its own (so that each thread lays the shared values out at other positions), gives
    // d root/dc = s1 + s2 on every call.
    [Fact]
    public void Backward_GraphsSharingTenThousandValuesOnEightThreads_OwnValuesGetExactGradients()
    {
        var w = new Value(0.5);
        var s = w;
        var shared = new List<Value>();
        for (var i = 0; i < 10_000; i++)
        {
            s = (s * 0.999 + w).Tanh(); // every step reuses w: many paths to one leaf
            shared.Add(s);
        }
        var s1 = shared[^1];
        var s2 = shared[5_000];
        var expected = s1.Data + s2.Data;

        var results = Enumerable.Range(0, 8)
            .Select(t => Task.Run(() =>
            {
                var wrong = 0;
                for (var i = 0; i < 100; i++)
                {
                    var c = new Value(1.0 + t);
                    var p = new Value(0.0);
                    for (var k = 0; k < 37 * t + i; k++)
                    {
                        p = p + 1.0;
                    }
                    var root = p + (s1 * c + s2 * c);
                    root.Backward();
                    if (c.Grad != expected)
                    {
                        wrong++;
                    }
                }
                return wrong;
            }))
            .ToArray();

        Assert.All(results, r => Assert.Equal(0, r.Result));
    }
}
