namespace Micrograd.Core

open System.Runtime.CompilerServices

// The tests reach the fast engine's working parts; the benchmarks time the sort with and without
// its replay.
[<assembly: InternalsVisibleTo("micrograd")>]
[<assembly: InternalsVisibleTo("Micrograd.Core.Tests")>]
[<assembly: InternalsVisibleTo("Micrograd.Benchmarks")>]
do ()
