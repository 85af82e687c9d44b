module Micrograd.Core.Tests.RulesTests

open System
open Xunit
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open Micrograd.Core
open Micrograd.Core.Tests.Generators

// ---------------------------------------------------------------------------------------------
// Each rule over its domain, against finite differences

/// Uniform in [lo, hi].
let private within (lo: float) (hi: float) : Gen<float> =
    Gen.choose (0, 1_000_000) |> Gen.map (fun i -> lo + (hi - lo) * float i / 1e6)

/// ±[lo, hi]: magnitudes in [lo, hi], either sign.
let private awayFromZero (lo: float) (hi: float) : Gen<float> =
    Gen.map2 (fun s x -> s * x) (Gen.elements [ -1.0; 1.0 ]) (within lo hi)

let private forAll (g: Gen<'T>) (body: 'T -> unit) : Property = Prop.forAll (Arb.fromGen g) body

/// Builds `build` over leaves at `x`, and checks its value against `f x` and the gradient of every
/// leaf against the numerical derivative of `f`.
let private checkRule (build: Node[] -> Node) (f: float[] -> float) (x: float[]) : unit =
    let leaves = x |> Array.mapi (fun i v -> Node.Leaf(v, sprintf "x%d" i))
    let out = build leaves
    let grads = Backprop.gradients out
    Numeric.expectAgree (sprintf "value at %A" x) (f x) out.Data
    for i in 0 .. x.Length - 1 do
        Numeric.expectAgree (sprintf "d/dx%d at %A" i x) (Numeric.partial f x i) grads[leaves[i]]

let private pair (g1: Gen<float>) (g2: Gen<float>) = Gen.map2 (fun a b -> [| a; b |]) g1 g2
let private single (g: Gen<float>) = Gen.map (fun a -> [| a |]) g

[<Property>]
let ``d(a + b) is 1 for each operand`` () =
    forAll (pair (within -10.0 10.0) (within -10.0 10.0)) (checkRule (fun x -> x[0] + x[1]) (fun x -> x[0] + x[1]))

[<Property>]
let ``d(a * b) is b for a and a for b`` () =
    forAll (pair (within -10.0 10.0) (within -10.0 10.0)) (checkRule (fun x -> x[0] * x[1]) (fun x -> x[0] * x[1]))

[<Property>]
let ``d(a ** k) is k a^(k-1) for integer k on a base away from 0`` () =
    let g =
        Gen.map2 (fun a k -> a, float k) (awayFromZero 0.25 3.0) (Gen.choose (-3, 4))
    forAll g (fun (a, k) -> checkRule (fun x -> x[0] ** k) (fun x -> Math.Pow(x[0], k)) [| a |])

[<Property>]
let ``d(a ** k) is k a^(k-1) for fractional k on a positive base`` () =
    let g = Gen.map2 (fun a k -> a, k) (within 0.25 4.0) (within -2.5 2.5)
    forAll g (fun (a, k) -> checkRule (fun x -> x[0] ** k) (fun x -> Math.Pow(x[0], k)) [| a |])

[<Property>]
let ``d(a ** b) is b a^(b-1) for the base and ln(a) a^b for the exponent`` () =
    forAll (pair (within 0.25 4.0) (within -3.0 3.0)) (fun x ->
        checkRule (fun n -> n[0] ** n[1]) (fun v -> Math.Pow(v[0], v[1])) x
        // The exponent's gradient by its formula too, which micrograd's power never had.
        let a, b = Node.Leaf x[0], Node.Leaf x[1]
        let byFormula = Math.Log x[0] * Math.Pow(x[0], x[1])
        let actual = (Backprop.gradients (a ** b))[b]
        if abs (actual - byFormula) > 1e-12 * (1.0 + abs byFormula) then
            failwithf "d/db a^b at %A: %.17g, ln(a) a^b = %.17g" x actual byFormula)

[<Property>]
let ``d relu(a) is 1 for positive a and 0 for negative a, away from the kink`` () =
    forAll (single (awayFromZero 1e-3 10.0)) (fun x ->
        checkRule (fun n -> Node.Relu n[0]) (fun v -> Math.Max(0.0, v[0])) x
        let a = Node.Leaf x[0]
        Assert.Equal((if x[0] > 0.0 then 1.0 else 0.0), (Backprop.gradients (Node.Relu a))[a]))

[<Property>]
let ``d tanh(a) is 1 - tanh² a`` () =
    forAll (single (within -5.0 5.0)) (checkRule (fun n -> tanh n[0]) (fun v -> Math.Tanh v[0]))

[<Property>]
let ``d exp(a) is exp a`` () =
    forAll (single (within -10.0 10.0)) (checkRule (fun n -> exp n[0]) (fun v -> Math.Exp v[0]))

[<Property>]
let ``d log(a) is 1 / a for positive a`` () =
    forAll (single (within 0.05 50.0)) (checkRule (fun n -> log n[0]) (fun v -> Math.Log v[0]))

[<Property>]
let ``d sigmoid(a) is sigmoid(a) (1 - sigmoid(a))`` () =
    let sigmoid (v: float[]) = 1.0 / (1.0 + Math.Exp(-v[0]))
    forAll (single (within -10.0 10.0)) (checkRule (fun n -> Node.Sigmoid n[0]) sigmoid)

[<Property>]
let ``d(a - b) is 1 for a and -1 for b, with nodes or constants on either side`` () =
    forAll (pair (within -10.0 10.0) (within -10.0 10.0)) (fun x ->
        checkRule (fun n -> n[0] - n[1]) (fun v -> v[0] - v[1]) x
        checkRule (fun n -> n[0] - 2.5) (fun v -> v[0] - 2.5) x
        checkRule (fun n -> 2.5 - n[1]) (fun v -> 2.5 - v[1]) x)

[<Property>]
let ``d(a / b) is 1/b for a and -a/b² for b, with nodes or constants on either side`` () =
    forAll (pair (within -10.0 10.0) (awayFromZero 0.25 5.0)) (fun x ->
        checkRule (fun n -> n[0] / n[1]) (fun v -> v[0] / v[1]) x
        checkRule (fun n -> n[0] / -0.75) (fun v -> v[0] / -0.75) x
        checkRule (fun n -> 3.0 / n[1]) (fun v -> 3.0 / v[1]) x)

[<Property>]
let ``d(-a) is -1`` () = forAll (single (within -10.0 10.0)) (checkRule (fun n -> -n[0]) (fun v -> -v[0]))

// ---------------------------------------------------------------------------------------------
// IEEE edge cases, as Node.fs documents them: NaN and infinities, never exceptions

[<Fact>]
let ``a negative base to a fractional constant power is NaN, and so is its gradient`` () =
    let a = Node.Leaf(-8.0)
    let y = a ** (1.0 / 3.0)
    Assert.True(Double.IsNaN y.Data)
    let grads = Backprop.gradients y
    Assert.True(Double.IsNaN grads[a])

[<Fact>]
let ``a negative base to a fractional node power is NaN`` () =
    Assert.True(Double.IsNaN (Node.Leaf(-2.0) ** Node.Leaf 0.5).Data)

[<Fact>]
let ``a negative base to an integer node power has a value, but its exponent's gradient ln(a) a^b is NaN`` () =
    let a, b = Node.Leaf(-2.0), Node.Leaf 2.0
    let y = a ** b
    let grads = Backprop.gradients y
    Assert.Equal(4.0, y.Data)
    Assert.Equal(-4.0, grads[a]) // b a^(b-1) = 2 · (-2)
    Assert.True(Double.IsNaN grads[b])

[<Fact>]
let ``log 0 is -Infinity with gradient +Infinity, and log of a negative number is NaN`` () =
    let zero = Node.Leaf 0.0
    let y = log zero
    Assert.Equal(Double.NegativeInfinity, y.Data)
    Assert.Equal(Double.PositiveInfinity, (Backprop.gradients y)[zero]) // 1 / 0
    Assert.True(Double.IsNaN (log (Node.Leaf(-1.0))).Data)

[<Fact>]
let ``exp overflows to +Infinity past 709.78`` () =
    Assert.True(Double.IsFinite (exp (Node.Leaf 709.78)).Data)
    Assert.Equal(Double.PositiveInfinity, (exp (Node.Leaf 709.79)).Data)

[<Fact>]
let ``relu at exactly 0 is 0 with gradient 0, as micrograd's out > 0`` () =
    let a = Node.Leaf 0.0
    let y = Node.Relu a
    Assert.Equal(0.0, y.Data)
    Assert.Equal(0.0, (Backprop.gradients y)[a])

// ---------------------------------------------------------------------------------------------
// The rule table is written once, over any scalar type: with nodes it builds gradients as graphs

/// d root / d n as a node (Backprop.gradientNodes: the rule table with ^T = Node); a node
/// outside the root's graph gets a new leaf 0.
let private gradientNodes (root: Node) : Node -> Node =
    let grads = Backprop.gradientNodes root
    fun n ->
        match grads.TryGetValue n with
        | true, g -> g
        | _ -> Node.Leaf 0.0

[<Property(Arbitrary = [| typeof<Arbitraries> |], MaxTest = 300)>]
let ``the rule table over nodes gives gradient graphs whose data are the float gradients`` (e: Expr) =
    let nodes = e.Build()
    let root = nodes[nodes.Length - 1]
    let floats = Backprop.gradients root
    let asNodes = gradientNodes root
    // The same floating-point operations in the same order, except that log's 1/a becomes
    // a * a**-1 with nodes (division is built from a power): a few ulps at most.
    for i in 0 .. e.Leaves.Length - 1 do
        let x = nodes[i]
        let expected = floats[x]
        let actual = (asNodes x).Data
        if abs (actual - expected) > 1e-12 * (1.0 + abs expected) then
            failwithf "x%d: node gradient %.17g, float gradient %.17g" i actual expected

[<Fact>]
let ``differentiating the gradient of x³ again gives 6x`` () =
    let x = Node.Leaf 1.5
    let dy = gradientNodes (x ** 3.0) x
    Assert.Equal(6.75, dy.Data) // 3x² = 3 · 2.25
    Assert.Equal(9.0, (Backprop.gradients dy)[x]) // 6x = 9

[<Fact>]
let ``differentiating the gradient of tanh again gives -2 tanh x (1 - tanh² x)`` () =
    for v in [ -2.0; -0.3; 0.0; 0.7; 1.9 ] do
        let x = Node.Leaf v
        let dy = gradientNodes (tanh x) x
        let second = (Backprop.gradients dy)[x]
        let t = Math.Tanh v
        let byHand = -2.0 * t * (1.0 - t * t)
        Assert.True(abs (second - byHand) <= 1e-12, sprintf "at %g: %.17g, by hand %.17g" v second byHand)
        Numeric.expectAgree (sprintf "at %g" v) (Numeric.secondDerivative Math.Tanh v) second

[<Fact>]
let ``mixed second derivatives come out of the gradient graph: d²(x² y)/dx dy = 2x`` () =
    let x, y = Node.Leaf 1.25, Node.Leaf(-3.0)
    let dfdx = gradientNodes (x ** 2.0 * y) x // 2xy
    let grads = Backprop.gradients dfdx
    Assert.Equal(-7.5, dfdx.Data) // 2 · 1.25 · -3
    Assert.Equal(2.5, grads[y]) // d/dy 2xy = 2x
    Assert.Equal(-6.0, grads[x]) // d/dx 2xy = 2y

/// Expressions whose relu inputs keep their sign over a 5-point second-difference stencil.
/// (a ** 1 at a = 0, as from s - s, is fine: the rule gives x ** 0 the gradient 0.)
let private smoothForSecondDifferences = expr |> Gen.where (isSmoothWithin 2e-2)

[<Property(MaxTest = 300)>]
let ``differentiating a gradient graph again agrees with MathNet's numerical second derivative`` () =
    forAll smoothForSecondDifferences (fun e ->
        let nodes = e.Build()
        let asNodes = gradientNodes nodes[nodes.Length - 1]
        for i in 0 .. e.Leaves.Length - 1 do
            let second = (Backprop.gradients (asNodes nodes[i]))[nodes[i]]
            let along (v: float) =
                let x = Array.copy e.Leaves
                x[i] <- v
                e.Evaluate x
            let numeric = Numeric.secondDerivative along e.Leaves[i]
            Numeric.expectAgree (sprintf "d² root / d x%d² in %O" i e) numeric second)

[<Fact>]
let ``x ** 0 has gradient 0 everywhere, 0 included, so second derivatives through x ** 1 at 0 are finite`` () =
    // d/dx x^0 = 0 (a constant); the general formula k·x^(k-1) would give 0·∞ = NaN at x = 0.
    let x = Node.Leaf 0.0
    Assert.Equal(0.0, (Backprop.gradients (x ** 0.0))[x])
    // d²/dx² x² = 2 at every x: through the gradient graph 2·x^1 → 2·1·x^0.
    let dx = (Backprop.gradientNodes (x ** 2.0))[x]
    Assert.Equal(0.0, dx.Data)
    Assert.Equal(2.0, (Backprop.gradients dx)[x])

// ---------------------------------------------------------------------------------------------
// Where the formulas read 0 · ∞: the limits, as PyTorch gives them

/// The gradients of a ** b at (x, y) from every engine: the fast one, the reference, the tape and
/// gradients as nodes; fails unless all four agree to the bit.
let private powGradients (x: float) (y: float) : float * float =
    let a, b = Node.Leaf x, Node.Leaf y
    let out = a ** b
    let fast = Backprop.gradients out
    let reference = Reference.Backprop.gradients out
    let tape = Tape.Compile out
    tape.Backward()
    let nodes = Backprop.gradientNodes out
    for leaf in [ a; b ] do
        Bits.assertSame fast[leaf] reference[leaf] "reference"
        Bits.assertSame fast[leaf] (tape.Gradient(tape.IndexOf leaf)) "tape"
        Bits.assertSame fast[leaf] nodes[leaf].Data "gradient nodes"
    fast[a], fast[b]

[<Fact>]
let ``a power with a node exponent has the limits of its gradients at a zero base`` () =
    // 0 ** 2: ∂/∂a = 2·0¹ = 0; ∂/∂b = ln(0)·0² reads -∞·0, and a^2 ln a → 0 as a → 0.
    Assert.Equal((0.0, 0.0), powGradients 0.0 2.0)
    // 0 ** 0 = 1: ∂/∂a = 0·0⁻¹ reads 0·∞, and a^0 is the constant 1; ∂/∂b as above.
    Assert.Equal((0.0, 0.0), powGradients 0.0 0.0)
    // 0 ** 0.5: ∂/∂a = 0.5·0^-0.5 is truly infinite; ∂/∂b → 0.
    Assert.Equal((Double.PositiveInfinity, 0.0), powGradients 0.0 0.5)
    // 2 ** 0: ∂/∂a = 0 (a constant in a), ∂/∂b = ln 2 · 1.
    Assert.Equal((0.0, Math.Log 2.0), powGradients 2.0 0.0)
    // Away from zero nothing changes: 2 ** 3 gives 3·2² = 12 and ln 2 · 8.
    Assert.Equal((12.0, Math.Log 2.0 * 8.0), powGradients 2.0 3.0)
