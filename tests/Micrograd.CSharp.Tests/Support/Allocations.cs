namespace Micrograd.CSharp.Tests.Support;

/// <summary>Allocation counts, the project's stand-in for speed in tests: they do not depend on the load.</summary>
internal static class Allocations
{
    /// <summary>
    /// The bytes the fewest-allocating of five batches allocated on this thread, each batch running
    /// <paramref name="run"/> <paramref name="times"/> times. A steady allocation shows in every batch;
    /// the runtime's own one-off work on the thread (the JIT recompiling a hot loop mid-batch, seen as
    /// ~7 KB once in a few suite runs on a loaded machine) does not show in all five.
    /// </summary>
    public static long FewestBytes(int times, Action<int> run)
    {
        var fewest = long.MaxValue;
        for (var batch = 0; batch < 5; batch++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var k = 0; k < times; k++)
            {
                run(k);
            }
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }
}
