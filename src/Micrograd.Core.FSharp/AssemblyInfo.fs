namespace Micrograd.Core

open System.Runtime.CompilerServices

// The tests reach the fast engine's working parts; the benchmarks time the sort with and without
// its replay (SortScratch.ForgetShape).
[<assembly: InternalsVisibleTo("Micrograd.Core.Tests")>]
[<assembly: InternalsVisibleTo("Micrograd.Benchmarks")>]
do ()
