/// The tape's fused neuron sums (FusedSums): over graphs full of sums
/// ((s0 + w1*x1) + w2*x2) + ..., fused where that is exact and cut or left alone where it is not,
/// every position's value and gradient is the core's, bit for bit.
module Micrograd.Core.Tests.FusedSumsTests

open System
open Xunit
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open Micrograd.Core
open Micrograd.Core.Nn

// ---------------------------------------------------------------------------------------------
// Random graphs built of neuron sums.

/// One term w*x of a sum. W and X pick earlier values, as steps back from the newest (modulo how
/// many there are): the sum's own Adds and Muls so far are among them, so a pick may give one of
/// its intermediates a second use. Shape: 0, w and x as picked; 1, x is the sum's s0; 2, w is x
/// (a square); 3, x is a new tanh of the pick, a node between the sum's elements that may use
/// the sum's own operands; 4, x is a new product of the two picks; 5, w is s0.
type ChainTerm = { W: int; X: int; Shape: int }

/// One step: a sum (Kind 0) that starts from the value S0 back, with its terms; or relu (1),
/// tanh (2), a + b (3), a * b (4) of the values S0 and B back.
type ChainStep = {
    Kind: int
    S0: int
    B: int
    Terms: ChainTerm[]
}

/// A random graph of sums as data, so that it can be built again on other leaf values.
type ChainRecipe = {
    Leaves: float[]
    Steps: ChainStep[]
} with

    /// Builds the graph on `leaves`; returns the leaves and the root (the newest value).
    member r.Build(leaves: float[]) : Node[] * Node =
        let leafNodes = leaves |> Array.mapi (fun i v -> Node.Leaf(v, sprintf "x%d" i))
        let values = ResizeArray<Node>(leafNodes)
        let pick back = values[values.Count - 1 - back % values.Count]
        for s in r.Steps do
            match s.Kind with
            | 0 ->
                let s0 = pick s.S0
                let mutable acc = s0
                for t in s.Terms do
                    let w = pick t.W
                    let x = pick t.X
                    let w, x =
                        match t.Shape with
                        | 1 -> w, s0
                        | 2 -> x, x
                        | 3 -> w, tanh x
                        | 4 -> w, x * w
                        | 5 -> s0, x
                        | _ -> w, x
                    if t.Shape = 3 || t.Shape = 4 then
                        values.Add x
                    let m = w * x
                    values.Add m
                    acc <- acc + m
                    values.Add acc
            | 1 -> values.Add(Node.Relu(pick s.S0))
            | 2 -> values.Add(tanh (pick s.S0))
            | 3 -> values.Add(pick s.S0 + pick s.B)
            | _ -> values.Add(pick s.S0 * pick s.B)
        leafNodes, values[values.Count - 1]

/// A recipe with a second set of leaf values of the same length.
type ChainRecipeWithOtherLeaves = { Recipe: ChainRecipe; Other: float[] }

/// A network like micrograd's demo, with random sizes: `Samples` points through
/// MLP(Nin, Sizes) (weights drawn from Seed), max-margin loss and L2 regularisation (itself a
/// sum of squares p*p). With TiedInputs, every point's second input is its first (one leaf used
/// twice by each first-layer neuron).
type NetworkCase = {
    Seed: int
    Nin: int
    Sizes: int[]
    Samples: int
    Hidden: Nonlinearity
    TiedInputs: bool
} with

    /// The network's parameters, drawn from Seed.
    member c.Model() : Mlp = Mlp.Create(c.Nin, c.Sizes, Random c.Seed, c.Hidden, Nonlinearity.Linear, true)

    /// Inputs and labels for every point, drawn from `seed`.
    member c.Data(seed: int) : float[][] * float[] =
        let random = Random seed
        let points =
            Array.init c.Samples (fun _ -> Array.init c.Nin (fun _ -> 4.0 * random.NextDouble() - 2.0))
        let labels = Array.init c.Samples (fun _ -> if random.Next 2 = 0 then -1.0 else 1.0)
        points, labels

    /// The loss of `model` on the points; returns it and every point's input leaves.
    member c.Loss(model: Mlp, points: float[][], labels: float[]) : Node * Node[][] =
        let inputs =
            points
            |> Array.map (fun p ->
                let leaves = Array.map Node.Leaf p
                if c.TiedInputs && leaves.Length > 1 then
                    leaves[1] <- leaves[0]
                leaves)
        let losses =
            Array.init c.Samples (fun i ->
                let score = model.Forward(inputs[i])[0]
                Node.Relu(score * -labels[i] + 1.0))
        let regularisation = Node.Sum [ for p in model.Parameters -> p * p ]
        Node.Sum losses * (1.0 / float c.Samples) + regularisation * 1e-4, inputs

/// A network case with a second set of parameters and data.
type NetworkCaseWithOtherValues = { Case: NetworkCase; OtherSeed: int }

type ChainArbitraries =
    static member Number: Gen<float> =
        Gen.choose (-300, 300) |> Gen.map (fun i -> float i / 100.0)

    static member Recipes() : Arbitrary<ChainRecipe> =
        // Mostly recent values (the previous step, the sum's own last nodes), sometimes any.
        let back = Gen.frequency [ 3, Gen.choose (0, 3); 4, Gen.choose (4, 40) ]
        let term =
            gen {
                let! w = back
                let! x = back
                let! shape = Gen.frequency [ 6, Gen.constant 0; 1, Gen.choose (1, 5) ]
                return { W = w; X = x; Shape = shape }
            }
        let step =
            gen {
                let! kind = Gen.frequency [ 3, Gen.constant 0; 2, Gen.choose (1, 4) ]
                let! s0 = Gen.frequency [ 3, Gen.constant 0; 2, back ]
                let! b = back
                let! termCount = Gen.choose (1, 8)
                let! terms = Gen.arrayOfLength termCount term
                return {
                    Kind = kind
                    S0 = s0
                    B = b
                    Terms = terms
                }
            }
        gen {
            let! leafCount = Gen.choose (1, 6)
            let! leaves = Gen.arrayOfLength leafCount ChainArbitraries.Number
            let! stepCount = Gen.choose (1, 12)
            let! steps = Gen.arrayOfLength stepCount step
            return { Leaves = leaves; Steps = steps }
        }
        |> Arb.fromGen

    static member RecipeWithOtherLeaves() : Arbitrary<ChainRecipeWithOtherLeaves> =
        gen {
            let! recipe = ChainArbitraries.Recipes().Generator
            let! other = Gen.arrayOfLength recipe.Leaves.Length ChainArbitraries.Number
            return { Recipe = recipe; Other = other }
        }
        |> Arb.fromGen

    static member Networks() : Arbitrary<NetworkCase> =
        gen {
            let! seed = Gen.choose (0, 1_000_000)
            let! nin = Gen.choose (1, 4)
            let! layers = Gen.choose (1, 3)
            let! sizes = Gen.arrayOfLength layers (Gen.choose (1, 5))
            let! samples = Gen.choose (1, 4)
            let! hidden =
                Gen.elements [ Nonlinearity.ReLU; Nonlinearity.Tanh; Nonlinearity.Linear ]
            let! tied = Gen.frequency [ 3, Gen.constant false; 1, Gen.constant true ]
            return {
                Seed = seed
                Nin = nin
                Sizes = sizes
                Samples = samples
                Hidden = hidden
                TiedInputs = tied
            }
        }
        |> Arb.fromGen

    static member NetworkWithOtherValues() : Arbitrary<NetworkCaseWithOtherValues> =
        gen {
            let! case = ChainArbitraries.Networks().Generator
            let! other = Gen.choose (0, 1_000_000)
            return { Case = case; OtherSeed = other }
        }
        |> Arb.fromGen


/// Every position of the tape against the core on `fresh`, a graph of the same shape (built on
/// the tape's current leaf values): the same operation, value and gradient, bit for bit.
let private assertEveryPosition (tape: Tape) (fresh: Node) =
    let grads = Backprop.gradients fresh
    Assert.Equal(grads.Count, tape.Count)
    for i in 0 .. grads.Count - 1 do
        let node = grads.Nodes[i]
        Assert.Equal(node.Op, tape.Nodes[i].Op)
        Bits.assertSame node.Data (tape.Value i) (sprintf "value at %d (%s)" i node.Op)
        Bits.assertSame grads[node] (tape.Gradient i) (sprintf "gradient at %d (%s)" i node.Op)

/// Compiles, runs once on the compiled values, sets new ones with `setLeaves`, runs again, and
/// checks every position against `fresh` (built on the new values).
let private assertRerunMatches (tape: Tape) (setLeaves: unit -> unit) (fresh: Node) =
    tape.Forward() |> ignore
    tape.Backward()
    setLeaves ()
    tape.Forward() |> ignore
    tape.Backward()
    assertEveryPosition tape fresh

// ---------------------------------------------------------------------------------------------
// Laws.

[<Property(Arbitrary = [| typeof<ChainArbitraries> |], MaxTest = 400)>]
let ``a tape of fused sums holds the core's value and gradient at every position, bit for bit`` (recipe: ChainRecipe) =
    let _, root = recipe.Build recipe.Leaves
    let tape = Tape.Compile root
    for i in 0 .. tape.Count - 1 do // as compiled: the nodes' own data
        Bits.assertSame tape.Nodes[i].Data (tape.Value i) (sprintf "compiled value at %d" i)
    Bits.assertSame root.Data (tape.Forward()) "root"
    tape.Backward()
    assertEveryPosition tape root

[<Property(Arbitrary = [| typeof<ChainArbitraries> |], MaxTest = 300)>]
let ``a tape of fused sums given new leaf values equals a graph built afresh on them, bit for bit``
    (case: ChainRecipeWithOtherLeaves)
    =
    let recipe = case.Recipe
    let leaves, root = recipe.Build recipe.Leaves
    let tape = Tape.Compile root
    let setLeaves () =
        for k in 0 .. leaves.Length - 1 do
            let i = tape.IndexOf leaves[k]
            if i >= 0 then
                tape.SetValue(i, case.Other[k])
    assertRerunMatches tape setLeaves (snd (recipe.Build case.Other))

[<Property(Arbitrary = [| typeof<ChainArbitraries> |], MaxTest = 150)>]
let ``a network's loss on a tape holds the core's value and gradient at every position, bit for bit``
    (case: NetworkCase)
    =
    let points, labels = case.Data(case.Seed + 1)
    let root, _ = case.Loss(case.Model(), points, labels)
    let tape = Tape.Compile root
    Bits.assertSame root.Data (tape.Forward()) "root"
    tape.Backward()
    assertEveryPosition tape root
    // Every neuron the loss uses (the last layer's first only) is a fused sum, at every point.
    let neurons = Array.sum case.Sizes[.. case.Sizes.Length - 2] + 1
    Assert.True(tape.FusedChains >= neurons * case.Samples, sprintf "%d fused sums" tape.FusedChains)

[<Property(Arbitrary = [| typeof<ChainArbitraries> |], MaxTest = 100)>]
let ``a network's tape given new parameters and points equals the loss built afresh on them, bit for bit``
    (case: NetworkCaseWithOtherValues)
    =
    let network = case.Case
    let model = network.Model()
    let points, labels = network.Data(network.Seed + 1)
    let root, inputs = network.Loss(model, points, labels)
    let tape = Tape.Compile root
    let random = Random case.OtherSeed
    let parameters =
        Array.init model.Parameters.Count (fun _ -> 2.0 * random.NextDouble() - 1.0)
    let otherPoints, _ = network.Data case.OtherSeed
    let setLeaves () =
        for k in 0 .. parameters.Length - 1 do
            tape.SetValue(tape.IndexOf model.Parameters[k], parameters[k])
        for s in 0 .. inputs.Length - 1 do
            for k in inputs[s].Length - 1 .. -1 .. 0 do
                // A tied input is set twice, the last time to what the fresh graph holds.
                tape.SetValue(tape.IndexOf(inputs[s][k]), otherPoints[s][k])
    let fresh, _ = network.Loss(model.WithParameters parameters, otherPoints, labels)
    assertRerunMatches tape setLeaves fresh

// ---------------------------------------------------------------------------------------------
// Which sums are fused.

[<Fact>]
let ``the demo's network is fused: one instruction per neuron and point, one per sum of the loss`` () =
    let case = {
        Seed = 1337
        Nin = 2
        Sizes = [| 16; 16; 1 |]
        Samples = 100
        Hidden = Nonlinearity.ReLU
        TiedInputs = false
    }
    let points, labels = case.Data 1
    let root, _ = case.Loss(case.Model(), points, labels)
    let tape = Tape.Compile root
    // 33 neurons per point; the sum of squares p*p; the total data*(1/n) + reg*alpha.
    Assert.Equal(33 * 100 + 2, tape.FusedChains)
    // Left unfused: per point, 32 ReLUs and the loss's score * -y, + 1 and ReLU; the sum of the
    // losses (100 Adds) and its scaling Mul; the first square and its 0.0 + p*p.
    Assert.Equal(tape.FusedChains + 100 * 35 + 100 + 1 + 2, tape.Instructions)
    tape.Forward() |> ignore
    tape.Backward()
    assertEveryPosition tape root

[<Fact>]
let ``a sum is cut where one of its operands is used between its elements`` () =
    let b, w1, x1, w2, w3, x3 =
        Node.Leaf 0.1, Node.Leaf 0.2, Node.Leaf 0.3, Node.Leaf 0.4, Node.Leaf 0.5, Node.Leaf 0.6
    // tanh w1 sits between add_1 and add_2 in the order and uses w1, an operand of m_1.
    let root = b + w1 * x1 + w2 * tanh w1 + w3 * x3
    let tape = Tape.Compile root
    Assert.Equal(2, tape.FusedChains) // b + w1*x1, then (that) + w2*tanh w1 + w3*x3
    Assert.Equal(3, tape.Instructions) // with the tanh
    tape.Forward() |> ignore
    tape.Backward()
    assertEveryPosition tape root

[<Fact>]
let ``a sum whose intermediate is used elsewhere is fused up to it and from it`` () =
    let b, w1, x1, w2 = Node.Leaf 0.1, Node.Leaf 0.2, Node.Leaf 0.3, Node.Leaf 0.4
    let x2, w3, x3 = Node.Leaf 0.5, Node.Leaf 0.6, Node.Leaf 0.7
    let partial = b + w1 * x1 + w2 * x2
    let root = (partial + w3 * x3) * partial
    let tape = Tape.Compile root
    Assert.Equal(2, tape.FusedChains)
    Assert.Equal(3, tape.Instructions) // with the last Mul
    tape.Forward() |> ignore
    tape.Backward()
    assertEveryPosition tape root

[<Fact>]
let ``a product used twice is not a term`` () =
    let b, w, x = Node.Leaf 0.1, Node.Leaf 0.2, Node.Leaf 0.3
    let m = w * x
    let root = b + m + m
    let tape = Tape.Compile root
    Assert.Equal(0, tape.FusedChains)
    tape.Forward() |> ignore
    tape.Backward()
    assertEveryPosition tape root

[<Fact>]
let ``forward and backward on a tape of fused sums allocate nothing`` () =
    let case = {
        Seed = 7
        Nin = 2
        Sizes = [| 8; 8; 1 |]
        Samples = 20
        Hidden = Nonlinearity.ReLU
        TiedInputs = false
    }
    let points, labels = case.Data 1
    let root, inputs = case.Loss(case.Model(), points, labels)
    let tape = Tape.Compile root
    let leaf = tape.IndexOf(inputs[0][0])
    tape.Forward() |> ignore
    tape.Backward()
    let mutable k = 0
    let bytes =
        Allocations.fewestBytes 20 (fun () ->
            k <- k + 1
            tape.SetValue(leaf, 0.01 * float k)
            tape.Forward() |> ignore
            tape.Backward()
            tape.Value(tape.Count - 2) + tape.Gradient(tape.Count - 2) |> ignore)
    Assert.Equal(0L, bytes)

[<Fact>]
let ``the values inside a fused sum are the last Forward's, even after a leaf is set`` () =
    // (b + w·x) + w·b at b = 0.1, w = 0.5: the product w·x and the sum b + w·x are inside the
    // fused sum, worked out only when asked for.
    let x = Node.Leaf 2.0
    let w = Node.Leaf 0.5
    let b = Node.Leaf 0.1
    let product = w * x
    let first = b + product
    let root = first + w * b
    let tape = Tape.Compile root
    let at node = tape.IndexOf node
    tape.Forward() |> ignore
    // By hand, at x = 2: w·x = 1, b + w·x = 1.1.
    Assert.Equal(1.0, tape.Value(at product))
    Assert.Equal(0.1 + 1.0, tape.Value(at first))
    // A leaf set after that Forward: the positions inside still hold that Forward's values ...
    tape.SetValue(at x, 5.0)
    tape.Forward() |> ignore
    tape.SetValue(at x, 7.0)
    Assert.Equal(2.5, tape.Value(at product)) // 0.5 · 5, not 0.5 · 7
    Assert.Equal(0.1 + 2.5, tape.Value(at first))
    // ... and the next Forward's once it has run.
    tape.Forward() |> ignore
    Assert.Equal(3.5, tape.Value(at product))
    Assert.Equal(0.1 + 3.5, tape.Value(at first))
    Assert.Equal(0.1 + 3.5 + 0.5 * 0.1, tape.Value(at root))
