/// Anomaly detection: inside Anomaly.Detect(), the first NaN or infinity of a forward value or a
/// gradient throws, naming where it came from, in every engine; outside, nothing changes.
module Micrograd.Core.Tests.AnomalyTests

open System
open Xunit
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open Micrograd.Core

/// What `f` throws inside a scope of anomaly detection.
let private detected (f: unit -> 'a) : AnomalyException =
    use _ = Anomaly.Detect()
    Assert.Throws<AnomalyException>(fun () -> f () |> ignore)

let private contains (expected: string) (e: exn) =
    Assert.True(e.Message.Contains(expected: string), sprintf "%s\nshould contain: %s" e.Message expected)

/// A wrapper's tag that gives a computed node its label when it is made.
type private Tag(label: string) =
    interface INodeTag with
        member _.Label = label

/// A sink that drops every gradient.
[<Struct>]
type private NoSink =
    interface IGradientSink with
        member _.Receive(_, _) = ()

/// A sink that counts the gradients it receives.
[<Struct>]
type private CountingSink(count: int ref) =
    interface IGradientSink with
        member _.Receive(_, _) = count.Value <- count.Value + 1

// ---- forward values --------------------------------------------------------------------------

[<Fact>]
let ``log of -1 throws an ArithmeticException naming 'log', NaN and its input`` () =
    let x = Node.Leaf(-1.0, "x")
    let e = detected (fun () -> log x)
    Assert.IsAssignableFrom<ArithmeticException> e |> ignore
    contains "in a forward value" e
    contains "'log' gave NaN" e
    contains "its input: -1 (the leaf \"x\")" e
    Assert.Equal("log", e.Node.Op)
    Assert.Same(x, e.Node.Inputs[0])
    Assert.Null e.Input
    Assert.False e.InGradient
    Assert.True(Double.IsNaN e.Value)

[<Fact>]
let ``0 ** -1 throws naming '**-1' and +Infinity`` () =
    // 0^-1 = 1/0 = +∞
    let e = detected (fun () -> Node.Leaf(0.0, "z") ** -1.0)
    contains "'**-1' gave Infinity" e
    contains "its input: 0 (the leaf \"z\")" e
    Assert.Equal(Double.PositiveInfinity, e.Value)

[<Fact>]
let ``exp 1000 throws naming 'exp' and +Infinity`` () =
    // e^1000 ≈ 10^434, past the largest double (≈ 1.8 · 10^308)
    let e = detected (fun () -> exp (Node.Leaf(1000.0, "big")))
    contains "'exp' gave Infinity" e
    contains "its input: 1000 (the leaf \"big\")" e

[<Fact>]
let ``a NaN leaf is allowed, and the first operation that uses it throws naming both inputs`` () =
    use _ = Anomaly.Detect()
    let n = Node.Leaf(nan, "n") // a leaf is given, not computed: no anomaly yet
    let e = Assert.Throws<AnomalyException>(fun () -> n + 1.0 |> ignore)
    contains "'+' gave NaN" e
    contains "its inputs: NaN (the leaf \"n\") and 1 (a leaf with no label)" e

[<Fact>]
let ``the message names the new node's own label when a wrapper's tag gives it one`` () =
    let x = Node.Leaf(-2.0, "x")
    let e = detected (fun () -> Operation.Log.Apply(x, Tag "y"))
    contains "'log' gave NaN at the node \"y\"" e
    let unlabelled = detected (fun () -> log x)
    contains "'log' gave NaN at a node with no label" unlabelled

[<Fact>]
let ``an input that is itself computed is named by its operation`` () =
    let x = Node.Leaf(0.0, "x")
    let r = x ** -1.0 // +∞, built outside the scope
    let e = detected (fun () -> r * 0.0) // ∞ · 0 = NaN
    contains "'*' gave NaN" e
    contains "its inputs: Infinity (a '**-1' node with no label) and 0 (a leaf with no label)" e

// ---- gradients, in every engine ---------------------------------------------------------------

/// Every way to differentiate a root, each made to throw by a NaN or infinite gradient.
let private engines: (string * (Node -> unit)) list = [
    "Backprop.gradients", (fun y -> Backprop.gradients y |> ignore)
    "Backprop.gradientsFor", (fun y -> Backprop.gradientsFor y [| y |] |> ignore)
    "Backprop.visit", (fun y -> Backprop.visit y (Unchecked.defaultof<NoSink>))
    "Reference.Backprop.gradients", (fun y -> Reference.Backprop.gradients y |> ignore)
    "Backprop.gradientNodes", (fun y -> Backprop.gradientNodes y |> ignore)
    "Tape.Backward", (fun y -> (Tape.Compile y).Backward())
]

/// Runs each engine on `root` (built outside the scope) and checks what it throws.
let private eachEngineThrows (root: Node) (check: AnomalyException -> unit) =
    for name, run in engines do
        let e =
            try
                detected (fun () -> run root)
            with ex ->
                raise (Exception(sprintf "%s: %s" name ex.Message, ex))
        Assert.True(e.InGradient, name)
        try
            check e
        with ex ->
            raise (Exception(sprintf "%s: %s" name ex.Message, ex))

[<Fact>]
let ``the NaN gradient of 0 * x ** 0.5 at x = 0 names the rule of '**0.5' and its input, in every engine`` () =
    let x = Node.Leaf(0.0, "x")
    let r = (x ** 0.5).WithLabel "r"
    let y = 0.0 * r
    // ∂y/∂r = 0; ∂r/∂x = 0.5 · 0^-0.5 = ∞; the chain rule's ∞ · 0 is NaN (docs/bad-inputs.md).
    eachEngineThrows y (fun e ->
        contains "in a gradient: the derivative rule of '**0.5' at the node \"r\"" e
        contains "gave NaN for its input; its input: 0 (the leaf \"x\"); its value: 0, its gradient: 0" e
        Assert.Same(r, e.Node)
        Assert.Same(x, e.Input)
        Assert.True(Double.IsNaN e.Value))

[<Fact>]
let ``the infinite gradient of x ** 0.5 at x = 0 names the rule and its input, in every engine`` () =
    let x = Node.Leaf(0.0, "x")
    let y = x ** 0.5
    // ∂y/∂x = 0.5 · 0^-0.5 = +∞ (row F16), with the root's own gradient 1
    eachEngineThrows y (fun e ->
        contains "the derivative rule of '**0.5' at a node with no label" e
        contains "gave Infinity for its input; its input: 0 (the leaf \"x\")" e
        contains "its value: 0, its gradient: 1" e
        Assert.Same(x, e.Input)
        Assert.Equal(Double.PositiveInfinity, e.Value))

[<Fact>]
let ``the gradient of log x at x = 0, built outside the scope, throws inside it`` () =
    let x = Node.Leaf(0.0, "x")
    let y = log x // -∞, allowed: built outside
    // ∂y/∂x = 1/0 = +∞ (row F20)
    eachEngineThrows y (fun e ->
        contains "the derivative rule of 'log' at a node with no label" e
        contains "gave Infinity for its input; its input: 0 (the leaf \"x\")" e
        contains "its value: -Infinity" e)

[<Fact>]
let ``a binary rule names which input the gradient was for`` () =
    let a = Node.Leaf(1e200, "a")
    let b = Node.Leaf(1e-200, "b")
    let y = a * b // 1, finite
    let root = y * 1e200 // 1e200: ∂root/∂y = 1e200, then ∂y/∂b = a · 1e200 = 1e400 = +∞
    eachEngineThrows root (fun e ->
        contains "the derivative rule of '*' at a node with no label" e
        contains "gave Infinity for its second input" e
        contains "its inputs: 1E+200 (the leaf \"a\") and 1E-200 (the leaf \"b\")" e
        Assert.Same(b, e.Input))

[<Fact>]
let ``a gradient whose finite contributions add up past the largest double names the sum`` () =
    let x = Node.Leaf(1e-300, "x")
    let c = Node.Leaf 1e308
    let y = x * c + x * c // 2e8, finite; ∂y/∂x = 1e308 + 1e308 = +∞ (past ≈ 1.8e308)
    eachEngineThrows y (fun e ->
        contains "the gradient of the leaf \"x\"" e
        contains "overflowed to Infinity when 1E+308, from the derivative rule of '*'" e
        contains "was added to 1E+308" e
        Assert.Same(x, e.Input))

[<Fact>]
let ``Backward of the C# kind gets no gradient when the sweep throws`` () =
    let received = ref 0
    let x = Node.Leaf 0.0
    let e = detected (fun () -> Backprop.visit (x ** 0.5) (CountingSink received))
    Assert.Same(x, e.Input)
    Assert.Equal(0, received.Value)

// ---- the compiled tape's forward sweep ----------------------------------------------------------

[<Fact>]
let ``a tape's Forward throws at the first position whose value is NaN, naming the tape position`` () =
    let x = Node.Leaf(1.0, "x")
    let tape = Tape.Compile(exp (log x)) // positions: x 0, log 1, exp 2
    tape.SetValue(0, -1.0)
    let e = detected (fun () -> tape.Forward())
    contains "'log' gave NaN at a node with no label (tape position 1); its input: -1 (the leaf \"x\")" e
    Assert.Equal("log", e.Node.Op)

[<Fact>]
let ``inside a fused neuron sum, the first infinite value is the product that overflowed, not the sum`` () =
    let s0 = Node.Leaf(1.0, "b")
    let w1 = Node.Leaf(1.0, "w1")
    let x1 = Node.Leaf(1.0, "x1")
    let w2 = Node.Leaf(1.0, "w2")
    let x2 = Node.Leaf(1.0, "x2")
    let tape = Tape.Compile(s0 + w1 * x1 + w2 * x2)
    Assert.Equal(1, tape.FusedChains)
    tape.SetValue(tape.IndexOf w1, 1e200)
    tape.SetValue(tape.IndexOf x1, 1e200) // w1 · x1 = 1e400 = +∞
    let e = detected (fun () -> tape.Forward())
    contains "'*' gave Infinity" e
    contains "its inputs: 1E+200 (the leaf \"w1\") and 1E+200 (the leaf \"x1\")" e

[<Fact>]
let ``a tape's Backward names the tape position of the rule that gave the infinity`` () =
    let x = Node.Leaf(4.0, "x")
    let tape = Tape.Compile(x ** 0.5) // positions: x 0, the power 1
    tape.SetValue(0, 0.0)
    tape.Forward() |> ignore // 0, outside the scope
    let e = detected (fun () -> tape.Backward())
    contains "the derivative rule of '**0.5' at a node with no label (tape position 1) gave Infinity" e
    contains "its input: 0 (the leaf \"x\")" e

// ---- gradients as nodes -------------------------------------------------------------------------

[<Fact>]
let ``gradients as nodes name the rule, not the nodes built inside it`` () =
    let x = Node.Leaf(0.0, "x")
    // Inside the rule of x ** 0.5, 0^-0.5 = +∞ is a node of the gradient graph; what is checked is
    // what the rule hands on: 0.5 · ∞ · 1 = +∞ for x.
    let e = detected (fun () -> Backprop.gradientNodes (x ** 0.5))
    contains "the derivative rule of '**0.5'" e
    Assert.Same(x, e.Input)

[<Fact>]
let ``the second derivative of a finite first one is checked as any sweep`` () =
    let x = Node.Leaf(0.0, "x")
    let y = x ** 1.5 // y' = 1.5 · x^0.5 = 0 at 0, y'' = 0.75 · x^-0.5 = +∞
    let dydx = (Backprop.gradientNodes y)[x]
    Assert.Equal(0.0, dydx.Data)
    let e = detected (fun () -> Backprop.gradients dydx)
    contains "the derivative rule of '**0.5'" e
    Assert.Same(x, e.Input)

[<Fact>]
let ``inside a scope, gradients as nodes build the graph they build outside`` () =
    let x = Node.Leaf(0.7, "x")
    let y = Node.Leaf(-1.3, "y")
    let root = tanh (x * y) + exp x ** 2.0 + Node.Pow(exp x, y)
    let outside = Backprop.gradientNodes root
    let inside =
        use _ = Anomaly.Detect()
        Backprop.gradientNodes root
    for n in [ x; y ] do
        Assert.Equal(outside[n].ToString(), inside[n].ToString())
        Bits.assertSame outside[n].Data inside[n].Data "the gradient's value"
        let second = Backprop.gradients outside[n]
        let secondInside = Backprop.gradients inside[n]
        Bits.assertSame second[x] secondInside[x] "a second derivative"

// ---- outside a scope nothing changes; inside, nothing finite changes ----------------------------

[<Fact>]
let ``outside a scope every anomaly is the documented IEEE number, and nothing throws`` () =
    let x = Node.Leaf 0.0
    Assert.True(Double.IsNaN (log (Node.Leaf -1.0)).Data) // F21
    Assert.Equal(Double.PositiveInfinity, (x ** -1.0).Data) // F17
    Assert.Equal(Double.PositiveInfinity, (exp (Node.Leaf 1000.0)).Data) // F23
    Assert.True(Double.IsNaN (Node.Leaf nan + 1.0).Data) // F26
    Assert.Equal(Double.PositiveInfinity, (Backprop.gradients (x ** 0.5))[x]) // F16
    Assert.Equal(Double.PositiveInfinity, (Reference.Backprop.gradients (x ** 0.5))[x])
    let nanGradient = (Backprop.gradients (0.0 * x ** 0.5))[x] // ∞ · 0
    Assert.True(Double.IsNaN nanGradient)
    let nanNode = (Backprop.gradientNodes (0.0 * x ** 0.5))[x]
    Assert.True(Double.IsNaN nanNode.Data)
    let tape = Tape.Compile(0.0 * x ** 0.5)
    tape.Forward() |> ignore
    tape.Backward()
    Assert.True(Double.IsNaN(tape.Gradient(tape.IndexOf x)))
    Assert.False Anomaly.IsEnabled

[<Fact>]
let ``after a scope ends the same operations give their IEEE numbers again`` () =
    let x = Node.Leaf -1.0
    let scope = Anomaly.Detect()
    Assert.True Anomaly.IsEnabled
    Assert.Throws<AnomalyException>(fun () -> log x |> ignore) |> ignore
    scope.Dispose()
    Assert.False Anomaly.IsEnabled
    Assert.True(Double.IsNaN (log x).Data)
    let z = Node.Leaf 0.0
    Assert.Equal(Double.PositiveInfinity, (Backprop.gradients (z ** 0.5))[z]) // F16

/// Leaves where the expression below is finite, with finite gradients.
type FiniteLeaves =
    static member Pair: Arbitrary<float * float> =
        let number = Gen.choose (-2000, 2000) |> Gen.map (fun i -> float i / 1000.0)
        Gen.zip number number |> Arb.fromGen

[<Property(Arbitrary = [| typeof<FiniteLeaves> |])>]
let ``detection changes no bit of a finite value or gradient`` (a: float, b: float) =
    let build () =
        let x = Node.Leaf a
        let y = Node.Leaf b
        let root =
            Node.Relu(x * y + y ** 3.0)
            + tanh x
            + Node.Sigmoid(y * 2.0)
            + exp x / (1.0 + y * y)
        root, x, y
    let root, x, y = build ()
    let g = Backprop.gradients root
    let r = Reference.Backprop.gradients root
    use _ = Anomaly.Detect()
    let root2, x2, y2 = build ()
    let g2 = Backprop.gradients root2
    let r2 = Reference.Backprop.gradients root2
    Bits.ofFloat root.Data = Bits.ofFloat root2.Data
    && Bits.ofFloat g[x] = Bits.ofFloat g2[x2]
    && Bits.ofFloat g[y] = Bits.ofFloat g2[y2]
    && Bits.ofFloat r[x] = Bits.ofFloat r2[x2]
    && Bits.ofFloat r[y] = Bits.ofFloat r2[y2]
