/// The kit's bad inputs: each a typed exception naming the caller's parameter and saying what was expected.
module Micrograd.Testing.Tests.BadInputTests

open System
open System.Collections.Generic
open Xunit
open Micrograd
open Micrograd.Core
open Micrograd.Testing

let private throws<'E when 'E :> exn> (name: string) (expected: string) (f: unit -> obj) =
    let e = Assert.Throws<'E>(fun () -> f () |> ignore)
    Assert.Equal(name, (e :> exn :?> ArgumentException).ParamName)
    Assert.Contains(expected, e.Message)

let private square = Func<IReadOnlyList<Value>, Value>(fun xs -> xs[0] * xs[0])
let private squareNodes = Func<IReadOnlyList<Node>, Node>(fun xs -> xs[0] * xs[0])

[<Fact>]
let ``GradCheck refuses a null function, a null or empty point and a coordinate that is not finite`` () =
    throws<ArgumentNullException> "function" "function is null" (fun () -> GradCheck.Check(null, 1.0))
    throws<ArgumentNullException> "function" "function is null" (fun () -> GradCheck.CheckNodes(null, 1.0))
    throws<ArgumentNullException> "point" "point is null" (fun () -> GradCheck.Check(square, (null: float[])))
    throws<ArgumentException> "point" "expected one per input (at least one)" (fun () -> GradCheck.Check(square))
    throws<ArgumentOutOfRangeException> "point" "point[1] is NaN; expected a finite number" (fun () ->
        GradCheck.CheckNodes(squareNodes, 1.0, nan))
    throws<ArgumentOutOfRangeException> "point" "point[0] is Infinity" (fun () -> GradGradCheck.Check(square, infinity))

[<Fact>]
let ``GradCheck refuses a C# function that reads an input the point has no coordinate for`` () =
    let product = Func<IReadOnlyList<Value>, Value>(fun xs -> xs[0] * xs[1])
    let productNodes = Func<IReadOnlyList<Node>, Node>(fun xs -> xs[0] * xs[1])
    let expected =
        "the function read input 1, but point has 1 coordinate(s); expected one coordinate per input"
    throws<ArgumentOutOfRangeException> "point" expected (fun () -> GradCheck.Check(product, 2.0))
    throws<ArgumentOutOfRangeException> "point" expected (fun () -> GradCheck.CheckNodes(productNodes, 2.0))
    throws<ArgumentOutOfRangeException> "point" expected (fun () -> GradGradCheck.Check(product, 2.0))
    // With enough coordinates the same function is fine: d(x0·x1)/dx0 = x1 = 3.
    Assert.Equal(3.0, (GradCheck.Check(product, 2.0, 3.0)).Entries[0].Analytic)

[<Fact>]
let ``GradCheck refuses a function that returns null`` () =
    throws<ArgumentException> "function" "function returned null" (fun () ->
        GradCheck.Check(Func<IReadOnlyList<Value>, Value>(fun _ -> null), 1.0))
    throws<ArgumentException> "function" "function returned null" (fun () ->
        GradCheck.CheckNodes(Func<IReadOnlyList<Node>, Node>(fun _ -> null), 1.0))

[<Fact>]
let ``GradCheckOptions refuses a step that is not above 0 and a tolerance that is negative or not finite`` () =
    throws<ArgumentOutOfRangeException> "eps" "expected a finite number above 0" (fun () -> GradCheckOptions(eps = 0.0))
    throws<ArgumentOutOfRangeException> "atol" "expected a finite number at least 0" (fun () ->
        GradCheckOptions(atol = -1.0))
    throws<ArgumentOutOfRangeException> "rtol" "rtol is NaN" (fun () -> GradCheckOptions(rtol = nan))
    throws<ArgumentNullException> "options" "options is null" (fun () ->
        GradCheck.Check(square, (null: GradCheckOptions), 1.0))

[<Fact>]
let ``an ExpressionOperation refuses a null operation, the wrong arity and an empty domain`` () =
    let d = { Lo = -1.0; Hi = 1.0 }
    throws<ArgumentNullException> "operation" "operation is null" (fun () -> ExpressionOperation(null, d))
    throws<ArgumentException> "operation" "'*' takes two inputs; 1 given." (fun () ->
        ExpressionOperation(Operation.Multiply, d))
    throws<ArgumentException> "operation" "'tanh' takes one input; 2 given." (fun () ->
        ExpressionOperation(Operation.Tanh, d, d))
    throws<ArgumentException> "domain" "expected lo <= hi, neither NaN" (fun () ->
        ExpressionOperation(Operation.Tanh, { Lo = 1.0; Hi = -1.0 }))
    throws<ArgumentException> "domainY" "domainY is [0, NaN]" (fun () ->
        ExpressionOperation(Operation.Add, d, { Lo = 0.0; Hi = nan }))
    throws<ArgumentOutOfRangeException> "weight" "weight is 0; expected 1 to 1000" (fun () ->
        ExpressionOperation(Operation.Tanh, d).WithWeight 0)
    throws<ArgumentNullException> "kinks" "kinks is null" (fun () ->
        ExpressionOperation(Operation.Tanh, d).WithKinks null)

[<Fact>]
let ``ExpressionOptions refuses counts out of range and a null operation`` () =
    throws<ArgumentOutOfRangeException> "maxLeaves" "maxLeaves is 0; expected 1 to 8" (fun () ->
        ExpressionOptions(maxLeaves = 0))
    throws<ArgumentOutOfRangeException> "maxInstructions" "maxInstructions is 201; expected 1 to 200" (fun () ->
        ExpressionOptions(maxInstructions = 201))
    throws<ArgumentNullException> "operations" "operations[0] is null" (fun () -> ExpressionOptions([| null |]))

[<Fact>]
let ``an Expression refuses leaves or inputs of the wrong length`` () =
    let e = Expression([| 1.0 |], [| { Lo = 0.5; Hi = 2.0 } |], [| Tanh 0 |], [||])
    throws<ArgumentException> "leaves" "leaves has 2 values; expected one per leaf (1)." (fun () ->
        e.WithLeaves [| 1.0; 2.0 |])
    throws<ArgumentException> "inputs" "inputs has 0 nodes; expected one per leaf (1)." (fun () -> e.BuildFrom [||])
    throws<ArgumentNullException> "expression" "expression is null" (fun () -> ExpressionGenerator.Shrink null)

[<Fact>]
let ``Mutants refuses a null operation or property and a kind that is not a rule mutant of the operation`` () =
    let always = Func<OperationUnderTest, bool>(fun _ -> true)
    throws<ArgumentNullException> "operation" "operation is null" (fun () -> Mutants.Run(null, always))
    throws<ArgumentNullException> "property" "property is null" (fun () -> Mutants.Run(Operation.Tanh, null))
    throws<ArgumentOutOfRangeException> "kind" "OperandsSwapped is not a rule mutant of 'tanh'" (fun () ->
        Mutants.Mutant(Operation.Tanh, MutantKind.OperandsSwapped))
    throws<ArgumentOutOfRangeException> "kind" "SetInsteadOfAccumulated is not a rule mutant of '+'" (fun () ->
        Mutants.Mutant(Operation.Add, MutantKind.SetInsteadOfAccumulated))
    throws<ArgumentNullException> "register" "register is null" (fun () -> RuleProperties.NumericGradients null)
    throws<ArgumentOutOfRangeException> "tests" "tests is 0" (fun () ->
        RuleProperties.NumericGradients(Func<_, _>(fun op -> ExpressionOperation(op, { Lo = 0.0; Hi = 1.0 })), 0))

[<Fact>]
let ``Hessians refuse a null list, a null node and a vector of the wrong length`` () =
    let x = Node.Leaf 1.0
    throws<ArgumentNullException> "wrt" "" (fun () -> Backprop.hessian x null)
    throws<ArgumentNullException> "wrt" "wrt[1] is null; expected a value." (fun () -> Backprop.hessian x [| x; null |])
    throws<ArgumentException> "vector" "vector has 1 entries; expected one per node of wrt (2)." (fun () ->
        Backprop.hessianVectorProduct x [| x; x |] [| 1.0 |])
    let v = Value(1.0)
    throws<ArgumentNullException> "wrt" "wrt[0] is null; expected a value." (fun () -> v.Hessian [| null |])
    throws<ArgumentNullException> "vector" "" (fun () -> v.HessianVectorProduct([| v |], null))

[<Fact>]
let ``Gradients refuses a graph whose leaf was given new data after it was built, and says what to do`` () =
    let x = Value(2.0)
    let y = x * x
    x.Data <- 3.0
    let e = Assert.Throws<InvalidOperationException>(fun () -> y.Gradients() |> ignore)
    Assert.Contains("build the expression again", e.Message)
