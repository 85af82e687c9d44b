/// Allocation counts, the project's stand-in for speed in tests: they do not depend on the load.
module Micrograd.Core.Tests.Allocations

open System

/// The bytes the fewest-allocating of five batches allocated on this thread, each batch running
/// `run` `times` times. A steady allocation shows in every batch; the runtime's own one-off work
/// on the thread (the JIT recompiling a hot loop mid-batch, seen as ~7 KB once in a few suite runs
/// on a loaded machine) does not show in all five.
let fewestBytes (times: int) (run: unit -> unit) : int64 =
    let batches =
        Array.init 5 (fun _ ->
            let before = GC.GetAllocatedBytesForCurrentThread()
            for _ in 1..times do
                run ()
            GC.GetAllocatedBytesForCurrentThread() - before)
    Array.min batches
