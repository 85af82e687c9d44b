/// The threading contract: one immutable graph, differentiated from many threads at once, gives
/// every thread the bits a single thread gets.
module Micrograd.Core.Tests.ThreadSafetyTests

open System.Threading.Tasks
open Xunit
open FsCheck
open FsCheck.FSharp
open Micrograd.Core
open Micrograd.Core.Tests.Generators

[<Fact>]
let ``sixteen threads differentiating one shared graph all get the single-threaded bits`` () =
    // Thirty random graphs, the same on every run; each is differentiated on this thread first.
    for e in Gen.sampleWithSeed (Rnd 20261202UL) 30 30 expr do
        let nodes = e.Build()
        let root = nodes[nodes.Length - 1]
        let expected = Backprop.gradientsFor root nodes
        let results =
            Array.init 16 (fun _ -> Task.Run(fun () -> Array.init 50 (fun _ -> Backprop.gradientsFor root nodes)))
            |> Array.map (fun t -> t.Result)
        for perThread in results do
            for got in perThread do
                for k in 0 .. nodes.Length - 1 do
                    Bits.assertSame expected[k] got[k] (sprintf "slot %d of %O" k e)
        // The gradient map, made on another thread, holds the same bits.
        let map = Task.Run(fun () -> Backprop.gradients root).Result
        for k in 0 .. nodes.Length - 1 do
            Bits.assertSame expected[k] map[nodes[k]] (sprintf "map, slot %d" k)
