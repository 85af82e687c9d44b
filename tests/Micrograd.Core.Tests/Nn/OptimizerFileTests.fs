module Micrograd.Core.Tests.OptimizerFileTests

open System
open System.Collections.ObjectModel
open System.IO
open Xunit
open Micrograd.Core
open Micrograd.Core.Nn
open Micrograd.Core.Tests

// A small regression: four samples, the sum of squared errors of a 2-4-1 network.
let private xs = [| [| 2.0; 3.0 |]; [| -1.0; 0.5 |]; [| 0.5; -1.5 |]; [| 1.0; 1.0 |] |]
let private ys = [| 1.0; -1.0; -1.0; 1.0 |]

let private gradients (model: Mlp) =
    let mutable loss = Node.Leaf 0.0
    for i in 0 .. xs.Length - 1 do
        let d = model.Forward(xs[i])[0] - ys[i]
        loss <- loss + d * d
    Backprop.gradientsFor loss model.Parameters

let private start () = Mlp.Create(2, [ 4; 1 ], PythonRandom 7)

let private train step (steps: int) (model: Mlp, state) =
    let mutable m, s = model, state
    for _ in 1..steps do
        let values, s' = step (Mlp.parameterValues m) (gradients m) s
        m <- m |> Mlp.withParameters values
        s <- s'
    m, s

let private assertSameValues (what: string) (expected: seq<float>) (actual: seq<float>) =
    let e, a = Seq.toArray expected, Seq.toArray actual
    Assert.Equal(e.Length, a.Length)
    for i in 0 .. e.Length - 1 do
        Bits.assertSame e[i] a[i] (sprintf "%s %d" what i)

let private parametersOf (m: Mlp) = Mlp.parameterValues m

// ---------------------------------------------------------------------------------------------
// Resuming: ten steps are five steps, a save of the network and the optimizer, a load of both,
// and five more, to the bit.

[<Fact>]
let ``SGD with momentum resumed from files takes the same steps as SGD that never stopped`` () =
    use folder = new TempFolder()
    let options = {
        SgdOptions.Defaults with
            Momentum = 0.9
    }
    let lr = 0.01
    let n = (start ()).Parameters.Count
    let step = Sgd.step options lr
    let straight, straightState = train step 10 (start (), Sgd.init n)
    let half, halfState = train step 5 (start (), Sgd.init n)
    half |> Mlp.save (folder.File "model.json")
    OptimizerFile.saveSgd (folder.File "sgd.json") lr options halfState
    let loaded = Mlp.load (folder.File "model.json")
    let c = OptimizerFile.loadSgd loaded.Parameters.Count (folder.File "sgd.json")
    let resumed, resumedState =
        train (Sgd.step c.Options c.LearningRate) 5 (loaded, c.State)
    assertSameValues "parameter" (parametersOf straight) (parametersOf resumed)
    assertSameValues "momentum buffer" straightState.MomentumBuffers resumedState.MomentumBuffers
    Assert.Equal(10, resumedState.Steps)
    // The buffers carry the run: resuming without them lands elsewhere.
    let forgetful, _ = train step 5 (loaded, Sgd.init n)
    Assert.NotEqual<float[]>(parametersOf straight, parametersOf forgetful)

[<Fact>]
let ``Adam resumed from files takes the same steps as Adam that never stopped`` () =
    use folder = new TempFolder()
    let options = AdamOptions.Defaults
    let lr = 0.05
    let n = (start ()).Parameters.Count
    let step = Adam.step options lr
    let straight, straightState = train step 10 (start (), Adam.init n)
    let half, halfState = train step 5 (start (), Adam.init n)
    half |> Mlp.save (folder.File "model.json")
    OptimizerFile.saveAdam (folder.File "adam.json") lr options halfState
    let loaded = Mlp.load (folder.File "model.json")
    let c = OptimizerFile.loadAdam loaded.Parameters.Count (folder.File "adam.json")
    let resumed, resumedState =
        train (Adam.step c.Options c.LearningRate) 5 (loaded, c.State)
    assertSameValues "parameter" (parametersOf straight) (parametersOf resumed)
    assertSameValues "first moment" straightState.FirstMoments resumedState.FirstMoments
    assertSameValues "second moment" straightState.SecondMoments resumedState.SecondMoments
    Assert.Equal(10, resumedState.Steps)
    // The step count carries the bias correction: resuming from step 0 lands elsewhere.
    let restarted, _ = train step 5 (loaded, { c.State with Steps = 0 })
    Assert.NotEqual<float[]>(parametersOf straight, parametersOf restarted)

[<Fact>]
let ``AdamW resumed from files takes the same steps as AdamW that never stopped`` () =
    use folder = new TempFolder()
    let options = AdamOptions.AdamWDefaults
    let n = (start ()).Parameters.Count
    let step = AdamW.step options 0.05
    let straight, _ = train step 10 (start (), Adam.init n)
    let half, halfState = train step 5 (start (), Adam.init n)
    half |> Mlp.save (folder.File "model.json")
    OptimizerFile.saveAdamW (folder.File "adamw.json") 0.05 options halfState
    let loaded = Mlp.load (folder.File "model.json")
    let c = OptimizerFile.loadAdamW loaded.Parameters.Count (folder.File "adamw.json")
    let resumed, _ = train (AdamW.step c.Options c.LearningRate) 5 (loaded, c.State)
    assertSameValues "parameter" (parametersOf straight) (parametersOf resumed)

// ---------------------------------------------------------------------------------------------
// Every number to the bit, settings included.

let private hard = [| -0.0; Double.Epsilon; 1e308; 0.1 + 0.2; 1.0 / 3.0; -Double.MaxValue |]

[<Fact>]
let ``SGD's learning rate, settings and state load back to the bit`` () =
    use folder = new TempFolder()
    let path = folder.File "sgd.json"
    let options = {
        Momentum = 1.0 / 3.0
        Dampening = -0.0
        Nesterov = true
        WeightDecay = Double.Epsilon
    }
    let state = {
        Steps = 123456
        MomentumBuffers = ReadOnlyCollection hard
    }
    OptimizerFile.saveSgd path (0.1 + 0.2) options state
    let c = OptimizerFile.loadSgd hard.Length path
    Bits.assertSame (0.1 + 0.2) c.LearningRate "learning rate"
    Bits.assertSame (1.0 / 3.0) c.Options.Momentum "momentum"
    Bits.assertSame -0.0 c.Options.Dampening "dampening"
    Bits.assertSame Double.Epsilon c.Options.WeightDecay "weight decay"
    Assert.True c.Options.Nesterov
    Assert.Equal(123456, c.State.Steps)
    assertSameValues "buffer" hard c.State.MomentumBuffers

[<Fact>]
let ``Adam's learning rate, settings and state load back to the bit`` () =
    use folder = new TempFolder()
    let path = folder.File "adam.json"
    // 1 - 2**-53, the largest double below 1.
    let options = {
        Beta1 = 0.1 + 0.2
        Beta2 = 0.9999999999999999
        Eps = Double.Epsilon
        WeightDecay = 1e308
    }
    let second = hard |> Array.map abs
    let state = {
        Steps = 7
        FirstMoments = ReadOnlyCollection hard
        SecondMoments = ReadOnlyCollection second
    }
    OptimizerFile.saveAdam path 1e-3 options state
    let c = OptimizerFile.loadAdam hard.Length path
    Bits.assertSame 1e-3 c.LearningRate "learning rate"
    Bits.assertSame (0.1 + 0.2) c.Options.Beta1 "beta1"
    Bits.assertSame 0.9999999999999999 c.Options.Beta2 "beta2"
    Bits.assertSame Double.Epsilon c.Options.Eps "eps"
    Bits.assertSame 1e308 c.Options.WeightDecay "weight decay"
    Assert.Equal(7, c.State.Steps)
    assertSameValues "first moment" hard c.State.FirstMoments
    assertSameValues "second moment" second c.State.SecondMoments

// ---------------------------------------------------------------------------------------------
// Refusals.

let private sgdFile (folder: TempFolder) =
    let path = folder.File "sgd.json"
    OptimizerFile.saveSgd
        path
        0.1
        {
            SgdOptions.Defaults with
                Momentum = 0.9
        }
        (Sgd.init 3)
    path

let private adamFile (folder: TempFolder) (save: string -> float -> AdamOptions -> AdamState -> unit) =
    let path = folder.File "adam.json"
    save path 0.1 AdamOptions.Defaults (Adam.init 3)
    path

[<Fact>]
let ``a state file for another optimizer is refused, naming both`` () =
    use folder = new TempFolder()
    let sgd = sgdFile folder
    let e =
        Assert.Throws<InvalidDataException>(fun () -> OptimizerFile.loadAdam 3 sgd |> ignore)
    Assert.Contains(sprintf "The file '%s' is not a saved Adam state: at $.optimizer" sgd, e.Message)
    Assert.Contains("the state of SGD, not of Adam", e.Message)
    let adam = adamFile folder OptimizerFile.saveAdam
    Assert.Throws<InvalidDataException>(fun () -> OptimizerFile.loadSgd 3 adam |> ignore)
    |> ignore
    let e =
        Assert.Throws<InvalidDataException>(fun () -> OptimizerFile.loadAdamW 3 adam |> ignore)
    Assert.Contains("the state of Adam, not of AdamW", e.Message)
    let adamW = adamFile folder OptimizerFile.saveAdamW
    let e =
        Assert.Throws<InvalidDataException>(fun () -> OptimizerFile.loadAdam 3 adamW |> ignore)
    Assert.Contains("the state of AdamW, not of Adam", e.Message)

[<Fact>]
let ``a state file for another number of parameters is refused, saying both counts`` () =
    use folder = new TempFolder()
    let sgd = sgdFile folder
    let e =
        Assert.Throws<InvalidDataException>(fun () -> OptimizerFile.loadSgd 4 sgd |> ignore)
    Assert.Contains("at $.momentumBuffers, expected 4 numbers, one per parameter, got 3", e.Message)
    let adam = adamFile folder OptimizerFile.saveAdam
    let e =
        Assert.Throws<InvalidDataException>(fun () -> OptimizerFile.loadAdam 2 adam |> ignore)
    Assert.Contains("at $.firstMoments, expected 2 numbers, one per parameter, got 3", e.Message)

[<Fact>]
let ``a network's file is not an optimizer's`` () =
    use folder = new TempFolder()
    let path = folder.File "model.json"
    start () |> Mlp.save path
    let e =
        Assert.Throws<InvalidDataException>(fun () -> OptimizerFile.loadSgd 17 path |> ignore)
    Assert.Contains("at $.format, expected \"micrograd-optimizer\"", e.Message)

[<Theory>]
[<InlineData("\"momentum\": 0.9",
             "\"momentum\": -1",
             "at $.options, The momentum is -1; expected a finite number, 0 or more")>]
[<InlineData("\"nesterov\": false", "\"nesterov\": 0", "at $.options.nesterov, expected true or false, got a number (0)")>]
[<InlineData("\"nesterov\": false", "\"nesterov\": true, \"dampening\": 0", "the field \"dampening\" is given twice")>]
[<InlineData("\"learningRate\": 0.1", "\"learningRate\": -0.1", "at $.learningRate, The learning rate is -0.1")>]
[<InlineData("\"steps\": 0", "\"steps\": -1", "at $.steps, expected a whole number, 0 or more, got a number (-1)")>]
[<InlineData("\"steps\": 0,", "", "at $, the field \"steps\" is missing")>]
[<InlineData("\"version\": 1", "\"version\": 3", "at $.version, expected 1")>]
[<InlineData("\"optimizer\": \"SGD\"", "\"optimizer\": 1", "at $.optimizer, expected a string")>]
let ``a state file with a wrong field is refused, saying what and where`` (from: string, ``to``: string, says: string) =
    use folder = new TempFolder()
    let path = sgdFile folder
    let text = File.ReadAllText path
    Assert.Contains(from, text)
    File.WriteAllText(path, text.Replace(from, ``to``))
    let e =
        Assert.Throws<InvalidDataException>(fun () -> OptimizerFile.loadSgd 3 path |> ignore)
    Assert.Contains(says, e.Message)
    Assert.Contains(path, e.Message)

[<Fact>]
let ``every truncation of a state file is refused`` () =
    use folder = new TempFolder()
    let path = adamFile folder OptimizerFile.saveAdam
    let bytes = File.ReadAllBytes path
    for length in 0 .. bytes.Length - 1 do
        File.WriteAllBytes(path, bytes[.. length - 1])
        Assert.Throws<InvalidDataException>(fun () -> OptimizerFile.loadAdam 3 path |> ignore)
        |> ignore

[<Fact>]
let ``a non-finite buffer is refused on saving, naming it, and the old file is left as it was`` () =
    use folder = new TempFolder()
    let path = folder.File "sgd.json"
    File.WriteAllText(path, "old")
    let state = {
        Steps = 1
        MomentumBuffers = ReadOnlyCollection [| 0.5; nan; 1.0 |]
    }
    let e =
        Assert.Throws<InvalidOperationException>(fun () ->
            OptimizerFile.saveSgd
                path
                0.1
                {
                    SgdOptions.Defaults with
                        Momentum = 0.9
                }
                state)
    Assert.Contains("momentumBuffers[1] is NaN", e.Message)
    Assert.Contains(path, e.Message)
    Assert.Equal("old", File.ReadAllText path)
    Assert.Equal<string[]>([| "sgd.json" |], folder.Entries())

[<Fact>]
let ``saving refuses what a step would refuse, by the argument's name`` () =
    use folder = new TempFolder()
    let path = folder.File "x.json"
    let e =
        Assert.Throws<ArgumentOutOfRangeException>(fun () ->
            OptimizerFile.saveSgd path nan SgdOptions.Defaults (Sgd.init 1))
    Assert.Equal("learningRate", e.ParamName)
    let e =
        Assert.Throws<ArgumentOutOfRangeException>(fun () ->
            OptimizerFile.saveAdam
                path
                0.1
                {
                    AdamOptions.Defaults with
                        Beta1 = 1.0
                }
                (Adam.init 1))
    Assert.Equal("options", e.ParamName)
    let e =
        Assert.Throws<ArgumentNullException>(fun () ->
            OptimizerFile.saveSgd path 0.1 SgdOptions.Defaults (Unchecked.defaultof<SgdState>))
    Assert.Equal("state", e.ParamName)
    Assert.Empty(folder.Entries())

[<Fact>]
let ``loading needs a parameter count and a file`` () =
    use folder = new TempFolder()
    let e =
        Assert.Throws<ArgumentOutOfRangeException>(fun () -> OptimizerFile.loadSgd 0 "x.json" |> ignore)
    Assert.Equal("parameterCount", e.ParamName)
    let missing = folder.File "none.json"
    let e =
        Assert.Throws<FileNotFoundException>(fun () -> OptimizerFile.loadAdam 3 missing |> ignore)
    Assert.Equal(missing, e.FileName)
    Assert.Equal(
        "path",
        Assert.Throws<ArgumentNullException>(fun () -> OptimizerFile.loadSgd 3 null |> ignore).ParamName
    )
