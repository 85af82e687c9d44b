module Micrograd.Core.Tests.Data.BatchesTests

open System
open Xunit
open Micrograd.Core
open Micrograd.Core.Data

// Expected indices printed by CPython 3.11.7:
//     random.seed(42); idx = list(range(10)); random.shuffle(idx); idx[:4]        -> [7, 3, 2, 8]
//     random.seed(1337); idx = list(range(7)); random.shuffle(idx)
//     [idx[b*3:(b+1)*3] for b in range(7 // 3)]                                  -> [[0, 5, 3], [1, 2, 6]]

[<Fact>]
let ``draw is Python's shuffle of range(count), cut to the batch size`` () =
    Assert.Equal<int>([| 7; 3; 2; 8 |], Batches.draw (PythonRandom 42) 10 4)

[<Fact>]
let ``epoch shuffles once and cuts whole batches, leaving the remainder out`` () =
    let batches = Batches.epoch (PythonRandom 1337) 7 3
    Assert.Equal(2, batches.Count)
    Assert.Equal<int>([| 0; 5; 3 |], batches[0])
    Assert.Equal<int>([| 1; 2; 6 |], batches[1])

[<Fact>]
let ``select picks the items at the indices, in their order`` () =
    Assert.Equal<string>([| "c"; "a" |], Batches.select [| "a"; "b"; "c" |] [| 2; 0 |])

[<Theory>]
[<InlineData(0, 1, "count")>]
[<InlineData(5, 0, "size")>]
[<InlineData(5, 6, "size")>]
let ``bad sizes are refused naming the parameter`` (count: int, size: int, name: string) =
    let e =
        Assert.Throws<ArgumentOutOfRangeException>(fun () -> Batches.draw (PythonRandom 1) count size |> ignore)
    Assert.Equal(name, e.ParamName)
    let e =
        Assert.Throws<ArgumentOutOfRangeException>(fun () -> Batches.epoch (PythonRandom 1) count size |> ignore)
    Assert.Equal(name, e.ParamName)

[<Fact>]
let ``a null generator and an index out of range are refused naming the parameter`` () =
    let e =
        Assert.Throws<ArgumentNullException>(fun () -> Batches.draw (Unchecked.defaultof<PythonRandom>) 3 1 |> ignore)
    Assert.Equal("random", e.ParamName)
    let e =
        Assert.Throws<ArgumentOutOfRangeException>(fun () -> Batches.select [| 1 |] [| 1 |] |> ignore)
    Assert.Equal("indices", e.ParamName)
