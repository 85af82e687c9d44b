module Micrograd.Testing.Tests.MutantsTests

open System
open Xunit
open Micrograd.Core
open Micrograd.Testing

let private within lo hi : ClosedInterval = { Lo = lo; Hi = hi }

/// Each built-in operation with the domain its property draws operands from.
let private register (name: string) : Func<Operation, ExpressionOperation> =
    Func<Operation, ExpressionOperation>(fun op ->
        match name with
        | "+"
        | "*" -> ExpressionOperation(op, within -10.0 10.0, within -10.0 10.0)
        | "**" -> ExpressionOperation(op, within 0.25 10.0, within -3.0 3.0)
        | "**0.5"
        | "log" -> ExpressionOperation(op, within 0.25 1000.0)
        | "exp" -> ExpressionOperation(op, within -10.0 4.0)
        | "ReLU" -> ExpressionOperation(op, within -10.0 10.0).WithKinks(0.0)
        | _ -> ExpressionOperation(op, within -10.0 10.0))

let private builtIns = [
    Operation.Add
    Operation.Multiply
    Operation.Power 3.0
    Operation.Power 0.5
    Operation.PowerOfNode
    Operation.Relu
    Operation.Tanh
    Operation.Exp
    Operation.Log
    Operation.Sigmoid
]

let private run (op: Operation) = Mutants.Run(op, RuleProperties.NumericGradients(register op.Name))

let private outcome (report: MutantReport) (kind: MutantKind) =
    (report.Results |> Seq.find (fun r -> r.Kind = kind)).Outcome

let C = MutantOutcome.Caught
let E = MutantOutcome.Equivalent

/// The expected outcome of every mutant, worked out from each rule (∂ below) by hand:
/// + has ∂ = (1, 1): dropping the factor leaves 1, swapping gives (1, 1), ∂ at the output is 1:
/// equivalent. ReLU's ∂ at its output relu(x) is ∂ at x (both 1 for x > 0, 0 for x < 0): equivalent.
/// Every other mutant changes a derivative somewhere in the domain, and the property's expressions
/// reuse nodes, so setting instead of adding changes some leaf's gradient.
let private expected: (string * (MutantKind * MutantOutcome) list) list = [
    yield
        "+",
        [
            MutantKind.SignFlipped, C
            MutantKind.Scaled, C
            MutantKind.LocalFactorDropped, E
            MutantKind.OperandsSwapped, E
            MutantKind.OutputForInput, E
            MutantKind.SetInsteadOfAccumulated, C
        ]
    yield
        "*",
        [
            MutantKind.SignFlipped, C
            MutantKind.Scaled, C
            MutantKind.LocalFactorDropped, C
            MutantKind.OperandsSwapped, C
            MutantKind.OutputForInput, C
            MutantKind.SetInsteadOfAccumulated, C
        ]
    for name in [ "**3"; "**0.5"; "tanh"; "exp"; "log"; "sigmoid" ] ->
        name,
        [
            MutantKind.SignFlipped, C
            MutantKind.Scaled, C
            MutantKind.LocalFactorDropped, C
            MutantKind.OutputForInput, C
            MutantKind.SetInsteadOfAccumulated, C
        ]
    yield
        "**",
        [
            MutantKind.SignFlipped, C
            MutantKind.Scaled, C
            MutantKind.LocalFactorDropped, C
            MutantKind.OperandsSwapped, C
            MutantKind.OutputForInput, C
            MutantKind.SetInsteadOfAccumulated, C
        ]
    yield
        "ReLU",
        [
            MutantKind.SignFlipped, C
            MutantKind.Scaled, C
            MutantKind.LocalFactorDropped, C
            MutantKind.OutputForInput, E
            MutantKind.SetInsteadOfAccumulated, C
        ]
]

[<Fact>]
let ``the numeric property over random expressions catches every mutant of every built-in rule that is not equivalent``
    ()
    =
    for op in builtIns do
        let report = run op
        Assert.True(report.OriginalPassed, string report)
        Assert.False(report.Worthless, string report)
        let want = expected |> List.find (fun (name, _) -> name = op.Name) |> snd
        Assert.Equal(want.Length, report.Results.Count)
        for kind, o in want do
            Assert.True((outcome report kind = o), sprintf "%s %O: expected %O\n%O" op.Name kind o report)

[<Fact>]
let ``a property over one use of the operation cannot catch a gradient set instead of added`` () =
    let points =
        [| [| 0.3 |]; [| -1.1 |]; [| 1.7 |] |] :> Collections.Generic.IReadOnlyList<float[]>
    let report =
        Mutants.Run(Operation.Tanh, RuleProperties.NumericGradientsInIsolation points)
    Assert.True report.OriginalPassed
    Assert.Equal<MutantKind>([ MutantKind.SetInsteadOfAccumulated ], report.Survived)
    Assert.Equal(4, report.Caught.Count)
    Assert.False report.Worthless

[<Fact>]
let ``a property that asserts nothing catches no mutant and is reported worthless`` () =
    for op in builtIns do
        let report = Mutants.Run(op, Func<OperationUnderTest, bool>(fun _ -> true))
        Assert.Empty report.Caught
        Assert.True(report.Worthless, string report)
        Assert.Contains("WORTHLESS", string report)

[<Fact>]
let ``a property that fails on the right rule is reported so, and no mutant is run`` () =
    let report =
        Mutants.Run(Operation.Exp, Func<OperationUnderTest, bool>(fun _ -> failwith "boom"))
    Assert.False report.OriginalPassed
    Assert.False report.Worthless
    Assert.Empty report.Results
    Assert.Contains("boom", report.OriginalFailure)
    Assert.Contains("FAILS on the operation as it is", string report)

[<Fact>]
let ``a mutant keeps the operation's name and forward value and changes only its derivative`` () =
    let m = Mutants.Mutant(Operation.Tanh, MutantKind.SignFlipped)
    let x = Node.Leaf 0.5
    let y = m.Apply x
    Assert.Equal("tanh", y.Op)
    Assert.Equal(Math.Tanh 0.5, y.Data)
    // -(1 - tanh² 0.5), written out.
    Assert.Equal(-(1.0 - Math.Tanh 0.5 * Math.Tanh 0.5), (Backprop.gradients y)[x], 15)
    // OutputForInput of exp: e^(e^x) instead of e^x, at x = 0: e^1.
    let o = Mutants.Mutant(Operation.Exp, MutantKind.OutputForInput)
    let z = Node.Leaf 0.0
    Assert.Equal(Math.E, (Backprop.gradients (o.Apply z))[z], 15)
    // OperandsSwapped of *: ∂/∂a = a, ∂/∂b = b, at (2, 5).
    let s = Mutants.Mutant(Operation.Multiply, MutantKind.OperandsSwapped)
    let a, b = Node.Leaf 2.0, Node.Leaf 5.0
    let g = Backprop.gradients (s.Apply(a, b))
    Assert.Equal((2.0, 5.0), (g[a], g[b]))

[<Fact>]
let ``the set-instead-of-accumulated engine loses the earlier use's contribution`` () =
    // y = tanh(x) + x at x = 0.5: right dy/dx = 1 - tanh² 0.5 + 1. The sweep meets + first (it
    // adds: x gets 1), then tanh, whose contribution is set: x ends with 1 - tanh² 0.5 alone.
    let run =
        Mutants.Run(
            Operation.Tanh,
            Func<OperationUnderTest, bool>(fun u ->
                let x = Node.Leaf 0.5
                let y = u.Operation.Apply x + x
                let g = (u.Gradients(y, [| x |]))[0]
                let t = Math.Tanh 0.5
                match u.Kind with
                | k when k.HasValue && k.Value = MutantKind.SetInsteadOfAccumulated -> Assert.Equal(1.0 - t * t, g, 15)
                | _ -> ()
                abs (g - (2.0 - t * t)) < 1e-12)
        )
    Assert.Equal(MutantOutcome.Caught, outcome run MutantKind.SetInsteadOfAccumulated)

[<Fact>]
let ``user-defined operations have mutants too, and the report prints a line per mutant`` () =
    let softplus =
        CustomOp.Unary(
            "softplus",
            (fun x -> Math.Log(1.0 + Math.Exp x)),
            (fun x _ -> 1.0 / (1.0 + Math.Exp(-x))),
            (fun x _ -> Node.Sigmoid x)
        )
    let report =
        Mutants.Run(softplus, RuleProperties.NumericGradients(fun op -> ExpressionOperation(op, within -10.0 4.0)))
    Assert.Equal(5, report.Caught.Count)
    let lines = (string report).Split('\n')
    Assert.StartsWith("Mutants of 'softplus': 5 caught, 0 survived, 0 equivalent", lines[0])
    Assert.Equal(6, lines.Length)
