module Micrograd.Core.Tests.ChecksTests

open System
open Xunit
open Micrograd.Core
open Micrograd.Core.Nn

// Each check names the caller's parameter, whatever the caller calls it, and says what it expected.

[<Fact>]
let ``an undefined nonlinearity is refused under the caller's parameter name`` () =
    let e =
        Assert.Throws<ArgumentOutOfRangeException>(fun () -> Checks.nonlinearity "hidden" (enum<Nonlinearity> 42))
    Assert.Equal("hidden", e.ParamName)
    Assert.StartsWith("Expected Linear, ReLU or Tanh.", e.Message)
    Checks.nonlinearity "hidden" Nonlinearity.Tanh

[<Fact>]
let ``a count of inputs below one is refused, naming what needs them`` () =
    let e =
        Assert.Throws<ArgumentOutOfRangeException>(fun () -> Checks.nin "nin" "layer" 0)
    Assert.Equal("nin", e.ParamName)
    Assert.StartsWith("A layer needs at least one input.", e.Message)
    let e = Assert.Throws<ArgumentOutOfRangeException>(fun () -> Checks.nout "nout" 0)
    Assert.StartsWith("A layer needs at least one neuron.", e.Message)

[<Fact>]
let ``layer sizes are refused when null, empty, or with a size below one at a named position`` () =
    Assert.Equal("nouts", Assert.Throws<ArgumentNullException>(fun () -> Checks.layerSizes "nouts" null).ParamName)
    let e = Assert.Throws<ArgumentException>(fun () -> Checks.layerSizes "nouts" [||])
    Assert.StartsWith("Expected at least one layer size, got none.", e.Message)
    let e =
        Assert.Throws<ArgumentOutOfRangeException>(fun () -> Checks.layerSizes "nouts" [| 16; -1; 1 |])
    Assert.Equal("nouts", e.ParamName)
    Assert.StartsWith("Layer 1 has size -1; every layer needs at least one neuron.", e.Message)

[<Fact>]
let ``inputs are refused when null, miscounted, or holding a null, under the caller's parameter name`` () =
    Assert.Equal("x", Assert.Throws<ArgumentNullException>(fun () -> Checks.inputs<float> "x" 2 null).ParamName)
    let e =
        Assert.Throws<ArgumentException>(fun () -> Checks.inputs "x" 2 [| 1.0; 2.0; 3.0 |])
    Assert.Equal("x", e.ParamName)
    Assert.StartsWith("Expected 2 inputs, got 3.", e.Message)
    let e =
        Assert.Throws<ArgumentNullException>(fun () -> Checks.noNullInputs "inputs" [| Node.Leaf 1.0; null |])
    Assert.Equal("inputs", e.ParamName)
    Assert.StartsWith("inputs[1] is null; expected a value.", e.Message)

[<Fact>]
let ``a weight is Python's uniform(-1, 1) from one draw`` () =
    let r = PythonRandom 1337
    let expected = -1.0 + 2.0 * (PythonRandom 1337).NextDouble()
    Assert.Equal(expected, WeightDraw.uniform r)
    Assert.Equal("random", Assert.Throws<ArgumentNullException>(fun () -> WeightDraw.uniform null |> ignore).ParamName)
