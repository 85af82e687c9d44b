using System.Diagnostics;

namespace Micrograd.Benchmarks;

/// <summary>The time and allocation of one operation, from several timed runs.</summary>
/// <param name="Nanoseconds">The median over the runs of (a run's time / its operations).</param>
/// <param name="Bytes">Bytes allocated per operation, over all runs (0 when nothing was allocated).</param>
/// <param name="Operations">How many operations each run did.</param>
internal readonly record struct Measurement(double Nanoseconds, double Bytes, int Operations)
{
    /// <summary>The median time in milliseconds.</summary>
    public double Milliseconds => Nanoseconds / 1e6;
}

/// <summary>
/// The timer of the Stopwatch mode (<see cref="StopwatchBench"/>): a warm-up, then runs long enough to time, then the
/// median, which one busy moment of a shared machine cannot move much. Allocation is counted with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/>, which does not depend on the load at all.
/// </summary>
internal static class Measure
{
    /// <summary>
    /// Times <paramref name="operation"/>: calls to warm up (JIT, first-step compiling), then as
    /// many calls per run as fill <paramref name="minimumRun"/>, <paramref name="runs"/> runs.
    /// </summary>
    public static Measurement Median(Action operation, int runs, TimeSpan minimumRun)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        // Warm-up: long enough for the JIT to have compiled the hot code at its top tier (it
        // waits for ~30 calls and a pause), but at most about a second for slow operations.
        var clock = Stopwatch.StartNew();
        var calls = 0;
        while (clock.Elapsed < TimeSpan.FromMilliseconds(250) || (calls < 30 && clock.Elapsed < TimeSpan.FromSeconds(1)))
        {
            operation();
            calls++;
        }
        var once = Math.Max(clock.Elapsed.Ticks / calls, 1);
        var perRun = (int)Math.Clamp(minimumRun.Ticks / once, 1, 1_000_000);

        var times = new double[runs];
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var r = 0; r < runs; r++)
        {
            clock.Restart();
            for (var i = 0; i < perRun; i++)
            {
                operation();
            }
            times[r] = clock.Elapsed.TotalNanoseconds / perRun;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Array.Sort(times);
        var median = runs % 2 == 1 ? times[runs / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2.0;
        return new Measurement(median, (double)allocated / ((long)runs * perRun), perRun);
    }

    /// <summary>
    /// Times several operations side by side: each warmed up, then <paramref name="runs"/> rounds in
    /// which every operation runs for at least <paramref name="minimumRun"/> in turn, so that a busy
    /// moment of the machine falls on all of them alike; the median of each one's runs.
    /// </summary>
    public static Measurement[] Interleaved(IReadOnlyList<Action> operations, int runs, TimeSpan minimumRun)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var perRun = new int[operations.Count];
        var clock = new Stopwatch();
        for (var o = 0; o < operations.Count; o++)
        {
            clock.Restart();
            var calls = 0;
            while (clock.Elapsed < TimeSpan.FromMilliseconds(250) || (calls < 30 && clock.Elapsed < TimeSpan.FromSeconds(1)))
            {
                operations[o]();
                calls++;
            }
            var once = Math.Max(clock.Elapsed.Ticks / calls, 1);
            perRun[o] = (int)Math.Clamp(minimumRun.Ticks / once, 1, 1_000_000);
        }
        var times = new double[operations.Count][];
        var bytes = new long[operations.Count];
        for (var o = 0; o < operations.Count; o++)
        {
            times[o] = new double[runs];
        }
        for (var r = 0; r < runs; r++)
        {
            for (var o = 0; o < operations.Count; o++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                clock.Restart();
                for (var i = 0; i < perRun[o]; i++)
                {
                    operations[o]();
                }
                times[o][r] = clock.Elapsed.TotalNanoseconds / perRun[o];
                bytes[o] += GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }
        var result = new Measurement[operations.Count];
        for (var o = 0; o < operations.Count; o++)
        {
            var t = times[o];
            Array.Sort(t);
            var median = runs % 2 == 1 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2.0;
            result[o] = new Measurement(median, (double)bytes[o] / ((long)runs * perRun[o]), perRun[o]);
        }
        return result;
    }

    /// <summary>The bytes allocated by one call of <paramref name="build"/>, and what it built.</summary>
    public static (T Result, long Bytes, TimeSpan Time) Allocation<T>(Func<T> build)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var result = build();
        clock.Stop();
        return (result, GC.GetAllocatedBytesForCurrentThread() - before, clock.Elapsed);
    }
}
