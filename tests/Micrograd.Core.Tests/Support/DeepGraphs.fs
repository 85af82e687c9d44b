/// A graph a million nodes deep, built once per test run and shared: nodes never change, so tests
/// running in parallel may read the same graph.
module Micrograd.Core.Tests.DeepGraphs

open Micrograd.Core

/// How many operations deep.
let depth = 1_000_000

/// x = 0.5, then y ← y + 1 a million times: the leaf x and the root y = x + 1 + 1 + ... + 1,
/// 2,000,001 nodes (every addition brings its own leaf 1). y.Data = 1000000.5 exactly, since
/// every partial sum is a multiple of 0.5 far below 2^53.
let plusOnes: Lazy<Node * Node> =
    lazy
        (let x = Node.Leaf(0.5, "x")
         let mutable y = x
         for _ in 1..depth do
             y <- y + 1.0
         x, y)
