namespace Micrograd.Core

open System.Runtime.CompilerServices

// The C# façade tags each node with its Value; the tests instantiate the rule table with nodes;
// the benchmarks (micrograd bench, BenchmarkDotNet) time the sort with and without its replay.
[<assembly: InternalsVisibleTo("Micrograd.CSharp")>]
[<assembly: InternalsVisibleTo("Micrograd.Core.Tests")>]
[<assembly: InternalsVisibleTo("Micrograd.Benchmarks")>]
do ()
