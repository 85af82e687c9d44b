module Micrograd.Core.Tests.IdTableTests

open System.Collections.Generic
open Xunit
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open Micrograd.Core

/// Ids of three kinds, as graphs mix them: dense just below the base (a graph built in one go),
/// far below it (a model's parameters, made long before), and above it.
type IdArbitraries =
    static member Ids() : Arbitrary<int64[]> =
        Gen.frequency [
            6, Gen.choose (0, 5_000) |> Gen.map (fun d -> 10_000_000L - int64 d)
            2, Gen.choose (1, 9_000_000) |> Gen.map int64
            1, Gen.choose (1, 1_000) |> Gen.map (fun d -> 10_000_000L + int64 d)
        ]
        |> Gen.arrayOf
        |> Arb.fromGen

[<Property(Arbitrary = [| typeof<IdArbitraries> |], MaxTest = 300)>]
let ``an id table behaves as a dictionary, whichever part holds an id`` (ids: int64[]) =
    let table = IdTable(4)
    table.Clear 10_000_000L
    let model = Dictionary<int64, int>()
    for k in 0 .. ids.Length - 1 do
        let id = ids[k]
        let got = table.GetOrAdd(id, -1)
        match model.TryGetValue id with
        | true, v -> Assert.Equal(v, got)
        | _ ->
            Assert.Equal(IdTable.Added, got)
            model[id] <- -1
        if k % 3 = 0 then
            table.Set(id, k)
            model[id] <- k
    Assert.Equal(model.Count, table.Count)
    for KeyValue(id, v) in model do
        Assert.Equal(v, table.Get id)
    Assert.Equal(-1, table.Get 10_000_001_000L)

[<Property(Arbitrary = [| typeof<IdArbitraries> |], MaxTest = 300)>]
let ``ids added one by one are all found, with their values, whichever part took them`` (ids: int64[]) =
    // Add is the sort's path: it never checks, so each id is added once.
    let distinct = Array.distinct ids
    let table = IdTable(4)
    table.Clear 10_000_000L
    for k in 0 .. distinct.Length - 1 do
        Assert.Equal(-1, table.Get distinct[k])
        table.Add(distinct[k], k)
    Assert.Equal(distinct.Length, table.Count)
    for k in 0 .. distinct.Length - 1 do
        Assert.Equal(k, table.Get distinct[k])

[<Fact>]
let ``an id hashed before the direct part grows to reach it is found there, not added twice`` () =
    let table = IdTable(4)
    table.Clear 10_000_000L
    // Far from the base while the table is nearly empty: hashed.
    Assert.Equal(IdTable.Added, table.GetOrAdd(9_000_000L, 7))
    // Many ids near the base make the direct part grow past 1,000,000 below it.
    for d in 0L .. 299_999L do
        table.GetOrAdd(10_000_000L - 4L * d - 1L, -1) |> ignore
    Assert.Equal(7, table.GetOrAdd(9_000_000L, 8))
    Assert.Equal(7, table.Get 9_000_000L)
    Assert.Equal(300_001, table.Count)

[<Fact>]
let ``cleared, a table forgets every id and takes the new base`` () =
    let table = IdTable(4)
    table.Clear 100L
    table.TryAdd(90L, 1) |> ignore
    table.TryAdd(5_000_000_000L, 2) |> ignore
    table.Clear 200L
    Assert.Equal(0, table.Count)
    Assert.Equal(-1, table.Get 90L)
    Assert.Equal(-1, table.Get 5_000_000_000L)
    Assert.True(table.TryAdd(190L, 3))
    Assert.Equal(3, table.Get 190L)
