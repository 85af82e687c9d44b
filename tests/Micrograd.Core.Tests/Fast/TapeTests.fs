module Micrograd.Core.Tests.TapeTests

open System
open Xunit
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open Micrograd.Core

// ---------------------------------------------------------------------------------------------
// A small, self-contained generator of random DAGs: leaves, then steps that each apply one
// operation of the public Node API to earlier values (any of them, so values are shared).

/// One step: an operation (Kind) on the values X and Y steps back from the newest (modulo how many
/// there are), with a constant C where the operation takes one.
type TapeStep = { Kind: int; X: int; Y: int; C: float }

/// A random expression as data, so that it can be built again on other leaf values.
type TapeRecipe = {
    Leaves: float[]
    Steps: TapeStep[]
} with

    /// Builds the expression on `leaves`; returns the leaves and every value, the root last.
    member r.Build(leaves: float[]) : Node[] * Node[] =
        let leafNodes = leaves |> Array.mapi (fun i v -> Node.Leaf(v, sprintf "x%d" i))
        let values = ResizeArray<Node>(leafNodes)
        for s in r.Steps do
            let pick back = values[values.Count - 1 - back % values.Count]
            let x = pick s.X
            let y = pick s.Y
            values.Add(
                match s.Kind with
                | 0 -> x + y
                | 1 -> x * y
                | 2 -> x - y
                | 3 -> x / y
                | 4 -> -x
                | 5 -> x + s.C
                | 6 -> s.C * x
                | 7 -> s.C - x
                | 8 -> x ** s.C
                | 9 -> Node.Pow(x, y)
                | 10 -> Node.Relu x
                | 11 -> tanh x
                | 12 -> exp x
                | 13 -> log x
                | 14 -> Node.Sigmoid x
                | _ -> Node.Sum [ x; y; x ]
            )
        leafNodes, values.ToArray()

/// A recipe and a second set of leaf values of the same length.
type TapeRecipeWithOtherLeaves = { Recipe: TapeRecipe; Other: float[] }

/// Leaves in [-3, 3]; constants 0.5 to 3 either way; exponents integers or halves. Operations may
/// leave their domain (log of a negative, 1/0): the tape must then give the same NaN or infinity.
type TapeArbitraries =
    static member Number: Gen<float> =
        Gen.choose (-300, 300) |> Gen.map (fun i -> float i / 100.0)

    static member Recipes() : Arbitrary<TapeRecipe> =
        gen {
            let! leafCount = Gen.choose (1, 4)
            let! leaves = Gen.arrayOfLength leafCount TapeArbitraries.Number
            let! stepCount = Gen.choose (1, 40)
            let back = Gen.frequency [ 3, Gen.constant 0; 2, Gen.choose (0, 64) ]
            let step =
                gen {
                    let! kind = Gen.choose (0, 15)
                    let! x = back
                    let! y = back
                    let! c =
                        if kind = 8 then
                            Gen.elements [ 1.0; 2.0; 3.0; -1.0; -2.0; 0.5; 1.5; -0.5 ]
                        else
                            Gen.choose (50, 300) |> Gen.map (fun i -> float i / 100.0)
                    let! sign = Gen.elements [ 1.0; -1.0 ]
                    return {
                        Kind = kind
                        X = x
                        Y = y
                        C = (if kind = 8 then c else sign * c)
                    }
                }
            let! steps = Gen.arrayOfLength stepCount step
            return { Leaves = leaves; Steps = steps }
        }
        |> Arb.fromGen

    /// A recipe with a second set of leaf values of the same length.
    static member RecipeWithOtherLeaves() : Arbitrary<TapeRecipeWithOtherLeaves> =
        gen {
            let! recipe = TapeArbitraries.Recipes().Generator
            let! other = Gen.arrayOfLength recipe.Leaves.Length TapeArbitraries.Number
            return { Recipe = recipe; Other = other }
        }
        |> Arb.fromGen


// ---------------------------------------------------------------------------------------------
// Laws.

[<Property(Arbitrary = [| typeof<TapeArbitraries> |], MaxTest = 300)>]
let ``a compiled tape holds the core's values and gradients bit for bit`` (recipe: TapeRecipe) =
    let _, values = recipe.Build recipe.Leaves
    let root = values[values.Length - 1]
    let tape = Tape.Compile root
    let grads = Backprop.gradients root

    Bits.assertSame root.Data (tape.Forward()) "root"
    tape.Backward()
    Assert.Equal(grads.Count, tape.Count)
    for i in 0 .. grads.Count - 1 do
        let node = grads.Nodes[i]
        Assert.Same(node, tape.Nodes[i]) // the same topological order
        Assert.Equal(i, tape.IndexOf node)
        Bits.assertSame node.Data (tape.Value i) (sprintf "value at %d (%s)" i node.Op)
        Bits.assertSame grads[node] (tape.Gradient i) (sprintf "gradient at %d (%s)" i node.Op)

[<Property(Arbitrary = [| typeof<TapeArbitraries> |], MaxTest = 300)>]
let ``a tape given new leaf values equals a graph built afresh on them, bit for bit``
    (case: TapeRecipeWithOtherLeaves)
    =
    let recipe, other = case.Recipe, case.Other
    let oldLeaves, oldValues = recipe.Build recipe.Leaves
    let tape = Tape.Compile oldValues[oldValues.Length - 1]
    // Run once on the old values first, so that nothing of that run can leak into the next.
    tape.Forward() |> ignore
    tape.Backward()
    for k in 0 .. oldLeaves.Length - 1 do
        let i = tape.IndexOf oldLeaves[k]
        if i >= 0 then
            tape.SetValue(i, other[k])
    let rootValue = tape.Forward()
    tape.Backward()

    let _, newValues = recipe.Build other
    let newRoot = newValues[newValues.Length - 1]
    let grads = Backprop.gradients newRoot
    Bits.assertSame newRoot.Data rootValue "root"
    Assert.Equal(grads.Count, tape.Count)
    for k in 0 .. newValues.Length - 1 do
        let i = tape.IndexOf oldValues[k]
        // A value the root does not use is in neither graph.
        Assert.Equal(i >= 0, grads.Contains newValues[k])
        if i >= 0 then
            Bits.assertSame newValues[k].Data (tape.Value i) (sprintf "value %d" k)
            Bits.assertSame grads[newValues[k]] (tape.Gradient i) (sprintf "gradient of value %d" k)

[<Property(Arbitrary = [| typeof<TapeArbitraries> |], MaxTest = 100)>]
let ``running a tape again on the same leaves gives the same numbers`` (recipe: TapeRecipe) =
    let _, values = recipe.Build recipe.Leaves
    let tape = Tape.Compile values[values.Length - 1]
    let first = tape.Forward()
    tape.Backward()
    let firstGrads = Array.init tape.Count tape.Gradient
    let second = tape.Forward()
    tape.Backward()
    Bits.assertSame first second "root"
    for i in 0 .. tape.Count - 1 do
        Bits.assertSame firstGrads[i] (tape.Gradient i) (sprintf "gradient at %d" i)

// ---------------------------------------------------------------------------------------------
// Known values and misuse.

[<Fact>]
let ``the documented example: x*x + x at x = 3 is 12 with gradient 7`` () =
    let x = Node.Leaf 2.0
    let tape = Tape.Compile(x * x + x)
    tape.SetValue(tape.IndexOf x, 3.0)
    Assert.Equal(12.0, tape.Forward())
    tape.Backward()
    Assert.Equal(7.0, tape.Gradient(tape.IndexOf x))
    Assert.Equal(1.0, tape.Gradient(tape.Count - 1))

[<Fact>]
let ``setting the value of a computed node is an error that names its operation`` () =
    let x = Node.Leaf 2.0
    let y = x * x
    let tape = Tape.Compile(y + 1.0)
    let e =
        Assert.Throws<InvalidOperationException>(fun () -> tape.SetValue(tape.IndexOf y, 1.0))
    Assert.Contains("'*'", e.Message)

[<Fact>]
let ``a node outside the compiled graph has no position`` () =
    let x = Node.Leaf 2.0
    let tape = Tape.Compile(x * 3.0)
    Assert.Equal(-1, tape.IndexOf(Node.Leaf 2.0))
    Assert.Equal(-1, tape.IndexOf null)

[<Fact>]
let ``forward and backward on a compiled tape allocate nothing`` () =
    let x = Node.Leaf 0.3
    let mutable y = x
    for i in 1..10_000 do
        y <- tanh (y * x + float i)
    let tape = Tape.Compile y
    let leaf = tape.IndexOf x
    tape.Forward() |> ignore
    tape.Backward()
    let mutable k = 0
    let bytes =
        Allocations.fewestBytes 20 (fun () ->
            k <- k + 1
            tape.SetValue(leaf, 0.01 * float k)
            tape.Forward() |> ignore
            tape.Backward())
    Assert.Equal(0L, bytes)

[<Fact>]
let ``a tape refuses a position outside it, naming the position and the range`` () =
    let x = Node.Leaf 2.0
    let tape = Tape.Compile(x * x) // two nodes: positions 0 and 1
    let outsider = tape.IndexOf(Node.Leaf 1.0)
    Assert.Equal(-1, outsider)
    let calls: (string * (unit -> unit)) list = [
        "SetValue", (fun () -> tape.SetValue(outsider, 1.0))
        "Value", (fun () -> tape.Value 2 |> ignore)
        "Gradient", (fun () -> tape.Gradient outsider |> ignore)
        "IsLeaf", (fun () -> tape.IsLeaf 2 |> ignore)
    ]
    for name, call in calls do
        let e = Assert.Throws<ArgumentOutOfRangeException>(call)
        Assert.Equal("i", e.ParamName)
        Assert.Contains("from 0 to 1", e.Message)
        Assert.True(e.ActualValue = box outsider || e.ActualValue = box 2, name)
    Assert.Equal(4.0, tape.Value 1) // x * x at x = 2; the positions inside still work
