module Micrograd.Core.Tests.MlpFileTests

open System
open System.IO
open Xunit
open FsCheck
open FsCheck.Xunit
open Micrograd.Core
open Micrograd.Core.Nn
open Micrograd.Core.Tests

// Numbers whose text is hard to get back exactly: the sign of zero, the smallest subnormal, the
// largest subnormal and smallest normal, the extremes, and values whose shortest round-trip text
// has 16 or 17 digits (0.1 + 0.2 = 0.30000000000000004, 1/3, pi).
let private hard = [|
    -0.0
    0.0
    Double.Epsilon
    -Double.Epsilon
    2.225073858507201E-308
    2.2250738585072014E-308
    1e308
    Double.MaxValue
    -Double.MaxValue
    0.1 + 0.2
    1.0 / 3.0
    Math.PI
    123456789012345680.0
    -1.0 / 7.0
    5e-324 * 3.0
    1.0 - Double.Epsilon
    0.1
|]

// nin 2, layers [3, 2]: 3·(2 + 1) + 2·(3 + 1) = 17 parameters, one per hard number.
let private shaped () =
    Mlp.Create(2, [ 3; 2 ], PythonRandom 1, Nonlinearity.Tanh, Nonlinearity.ReLU)
    |> Mlp.withParameters hard

let private assertSameNetwork (expected: Mlp) (actual: Mlp) =
    Assert.Equal(expected.Nin, actual.Nin)
    Assert.Equal<int list>([ for l in expected.Layers -> l.Nout ], [ for l in actual.Layers -> l.Nout ])
    Assert.Equal<Nonlinearity list>(
        [
            for l in expected.Layers do
                for n in l.Neurons -> n.Nonlinearity
        ],
        [
            for l in actual.Layers do
                for n in l.Neurons -> n.Nonlinearity
        ]
    )
    Assert.Equal(expected.Parameters.Count, actual.Parameters.Count)
    for i in 0 .. expected.Parameters.Count - 1 do
        Bits.assertSame expected.Parameters[i].Data actual.Parameters[i].Data (sprintf "parameter %d" i)

[<Fact>]
let ``a saved network loads back with its shape and every parameter to the bit`` () =
    use folder = new TempFolder()
    let path = folder.File "model.json"
    let model = shaped ()
    model |> Mlp.save path
    let loaded = Mlp.load path
    assertSameNetwork model loaded
    // The hard numbers themselves, not just whatever the model held.
    for i in 0 .. hard.Length - 1 do
        Bits.assertSame hard[i] loaded.Parameters[i].Data (sprintf "hard number %d" i)
    Assert.Equal<string[]>([| "model.json" |], folder.Entries())

[<Fact>]
let ``the sign of zero and the smallest subnormal survive, as the numbers' bits show`` () =
    let loaded = Mlp.ofJson (Mlp.toJson (shaped ()))
    Assert.Equal(0x8000000000000000L, Bits.ofFloat loaded.Parameters[0].Data)
    Assert.Equal(1L, Bits.ofFloat loaded.Parameters[2].Data)
    Assert.Equal(0x7FEFFFFFFFFFFFFFL, Bits.ofFloat loaded.Parameters[7].Data)

[<Fact>]
let ``a loaded network computes the same outputs to the bit`` () =
    let model = Mlp.Create(2, [ 16; 16; 1 ], PythonRandom 1337)
    let loaded = Mlp.FromJson(model.ToJson())
    for x in [ [| 0.5; -1.0 |]; [| 2.0; 0.25 |]; [| -1.5; 1.5 |] ] do
        Bits.assertSame (model.Forward(x)[0]).Data (loaded.Forward(x)[0]).Data "output"

[<Fact>]
let ``a save to a stream and a load from it give the same network`` () =
    let model = shaped ()
    use memory = new MemoryStream()
    model.Save(memory: Stream)
    memory.Position <- 0L
    assertSameNetwork model (Mlp.Load(memory: Stream))

[<Property(MaxTest = 300)>]
let ``every finite double round-trips through the saved text`` (DoNotSize(raw: int64)) =
    // Bit patterns from the whole range, not sized small (small ones are all subnormals). An exponent of all ones (NaN, infinity) loses its top bit: every draw is a finite double.
    let bits =
        if Double.IsFinite(BitConverter.Int64BitsToDouble raw) then raw else raw &&& ~~~0x4000000000000000L
    let x = BitConverter.Int64BitsToDouble bits
    let model = Mlp.Create(1, [ 1 ], PythonRandom 3) |> Mlp.withParameters [| x; -x |]
    let loaded = Mlp.ofJson (Mlp.toJson model)
    Bits.ofFloat loaded.Parameters[0].Data = bits
    && Bits.ofFloat loaded.Parameters[1].Data = Bits.ofFloat -x

// ---------------------------------------------------------------------------------------------
// Saving refuses what JSON cannot hold, before anything is written.

[<Theory>]
[<InlineData("NaN")>]
[<InlineData("Infinity")>]
[<InlineData("-Infinity")>]
let ``a non-finite parameter is refused with its position, and the old file is left as it was`` (shown: string) =
    let bad = Double.Parse(shown, Globalization.CultureInfo.InvariantCulture)
    use folder = new TempFolder()
    let path = folder.File "model.json"
    File.WriteAllText(path, "old")
    // nin 2: each first-layer neuron holds w0, w1, b; parameter 4 is neuron 1's weight 1.
    let values = Array.copy hard
    values[4] <- bad
    let model = Mlp.Create(2, [ 3; 2 ], PythonRandom 1) |> Mlp.withParameters values
    let e = Assert.Throws<InvalidOperationException>(fun () -> model |> Mlp.save path)
    Assert.Contains("parameter 4 (layer 0, neuron 1, weight 1)", e.Message)
    Assert.Contains(path, e.Message)
    Assert.Contains(shown, e.Message)
    Assert.Equal("old", File.ReadAllText path)
    Assert.Equal<string[]>([| "model.json" |], folder.Entries())
    Assert.Throws<InvalidOperationException>(fun () -> Mlp.toJson model |> ignore)
    |> ignore

[<Fact>]
let ``a non-finite bias is named as the bias of its neuron`` () =
    // Layer 1 starts at parameter 9; its neuron 1 holds parameters 13..16, the bias last.
    let values = Array.copy hard
    values[16] <- nan
    let model = Mlp.Create(2, [ 3; 2 ], PythonRandom 1) |> Mlp.withParameters values
    let e =
        Assert.Throws<InvalidOperationException>(fun () -> Mlp.toJson model |> ignore)
    Assert.Contains("parameter 16 (layer 1, neuron 1, its bias)", e.Message)

[<Fact>]
let ``a save to a folder that does not exist names the path and leaves nothing behind`` () =
    use folder = new TempFolder()
    let path = Path.Combine(folder.Path, "nowhere", "model.json")
    let e =
        Assert.Throws<DirectoryNotFoundException>(fun () -> shaped () |> Mlp.save path)
    Assert.Contains(path, e.Message)
    Assert.Empty(folder.Entries())

[<Fact>]
let ``a save over a folder names the path and leaves the folder as it was`` () =
    use folder = new TempFolder()
    let path = folder.File "model.json"
    Directory.CreateDirectory path |> ignore
    let e = Assert.Throws<ArgumentException>(fun () -> shaped () |> Mlp.save path)
    Assert.Equal("path", e.ParamName)
    Assert.Contains(path, e.Message)
    Assert.True(Directory.Exists path)
    Assert.Equal<string[]>([| "model.json" |], folder.Entries())

[<Fact>]
let ``a null or empty path is refused by name`` () =
    let model = shaped ()
    Assert.Equal("path", Assert.Throws<ArgumentNullException>(fun () -> model.Save(null: string)).ParamName)
    Assert.Equal("path", Assert.Throws<ArgumentException>(fun () -> model.Save "").ParamName)
    Assert.Equal("path", Assert.Throws<ArgumentNullException>(fun () -> Mlp.load null |> ignore).ParamName)
    Assert.Equal("path", Assert.Throws<ArgumentException>(fun () -> Mlp.load "" |> ignore).ParamName)

[<Fact>]
let ``a missing file is a FileNotFoundException naming it`` () =
    use folder = new TempFolder()
    let path = folder.File "absent.json"
    let e = Assert.Throws<FileNotFoundException>(fun () -> Mlp.load path |> ignore)
    Assert.Equal(path, e.FileName)
    Assert.Contains(path, e.Message)

// ---------------------------------------------------------------------------------------------
// Loading refuses a file that is not a saved network, saying what is wrong and where.

// nin 1, layers [2 (ReLU), 1 (Linear)]: 2·(1 + 1) + 1·(2 + 1) = 7 parameters.
let private good =
    """{"format":"micrograd-mlp","version":1,"nin":1,"layers":[{"nout":2,"nonlinearity":"ReLU"},{"nout":1,"nonlinearity":"Linear"}],"parameters":[0.5,-0.25,1.5,0,0.75,-1,0.125]}"""

[<Fact>]
let ``a file written by hand loads as its fields say`` () =
    let m = Mlp.ofJson good
    Assert.Equal(1, m.Nin)
    Assert.Equal("MLP of [Layer of [ReLUNeuron(1), ReLUNeuron(1)], Layer of [LinearNeuron(2)]]", string m)
    let n = m.Layers[0].Neurons
    Assert.Equal((0.5, -0.25), (n[0].Weights[0].Data, n[0].Bias.Data))
    Assert.Equal((1.5, 0.0), (n[1].Weights[0].Data, n[1].Bias.Data))
    let last = m.Layers[1].Neurons[0]
    Assert.Equal((0.75, -1.0, 0.125), (last.Weights[0].Data, last.Weights[1].Data, last.Bias.Data))

let private refusal (json: string) : string =
    let e = Assert.Throws<InvalidDataException>(fun () -> Mlp.ofJson json |> ignore)
    e.Message

[<Theory>]
// Not JSON, or not all of it.
[<InlineData("\"layers\":[", "\"layers\":[[", "not whole, valid JSON")>]
[<InlineData("0.125]", "0.125,]", "not whole, valid JSON")>]
// Another kind of file, or another version.
[<InlineData("micrograd-mlp", "micrograd-optimizer", "at $.format, expected \"micrograd-mlp\"")>]
[<InlineData("\"version\":1", "\"version\":2", "at $.version, expected 1")>]
[<InlineData("\"version\":1", "\"version\":\"1\"", "at $.version, expected 1")>]
[<InlineData("\"format\":\"micrograd-mlp\",", "", "the field \"format\" is missing")>]
// A shape that cannot be.
[<InlineData("\"nin\":1", "\"nin\":0", "at $.nin, expected a whole number, 1 or more, got a number (0)")>]
[<InlineData("\"nout\":2", "\"nout\":-2", "at $.layers[0].nout, expected a whole number, 1 or more")>]
[<InlineData("\"nout\":1,", "\"nout\":2,", "at $.parameters, expected 10 numbers")>]
[<InlineData("\"nin\":1", "\"nin\":2", "at $.parameters, expected 9 numbers")>]
[<InlineData(",0.125]",
             "]",
             "at $.parameters, expected 7 numbers, nout × (nin + 1) for each layer of the shape (nin 1, layers [2, 1]), got 6")>]
[<InlineData("\"Linear\"",
             "\"Sigmoid\"",
             "at $.layers[1].nonlinearity, expected \"Linear\", \"ReLU\" or \"Tanh\", got \"Sigmoid\"")>]
[<InlineData("\"ReLU\"", "\"relu\"", "at $.layers[0].nonlinearity")>]
[<InlineData("[{\"nout\":2,\"nonlinearity\":\"ReLU\"},{\"nout\":1,\"nonlinearity\":\"Linear\"}]",
             "[]",
             "at $.layers, expected at least one layer")>]
// Numbers of the wrong type, or out of a double's range.
[<InlineData("\"nin\":1", "\"nin\":\"1\"", "at $.nin, expected a whole number, 1 or more, got a string")>]
[<InlineData("\"nin\":1", "\"nin\":1.5", "at $.nin, expected a whole number")>]
[<InlineData("\"nout\":2", "\"nout\":2147483648", "at $.layers[0].nout, expected a whole number")>]
[<InlineData("-0.25,", "\"-0.25\",", "at $.parameters[1], expected a number, got a string")>]
[<InlineData("-0.25,", "null,", "at $.parameters[1], expected a number, got null")>]
[<InlineData("-0.25,", "1e400,", "at $.parameters[1], expected a finite number")>]
[<InlineData("[0.5,-0.25,1.5,0,0.75,-1,0.125]", "7", "at $.parameters, expected an array, got a number (7)")>]
// Missing, unknown and repeated fields.
[<InlineData(",\"nonlinearity\":\"Linear\"", "", "at $.layers[1], the field \"nonlinearity\" is missing")>]
[<InlineData("\"nin\":1,", "", "at $, the field \"nin\" is missing")>]
[<InlineData("\"nin\":1,", "\"nin\":1,\"nim\":1,", "the field \"nim\" is not one of this format's")>]
[<InlineData("\"nin\":1,", "\"nin\":1,\"nin\":1,", "the field \"nin\" is given twice")>]
[<InlineData("{\"nout\":2,", "{\"bias\":0,\"nout\":2,", "at $.layers[0], the field \"bias\" is not one of")>]
let ``a file that is not a saved network is refused, saying what and where``
    (from: string, ``to``: string, says: string)
    =
    Assert.Contains(from, good)
    let message = refusal (good.Replace(from, ``to``))
    Assert.Contains(says, message)
    Assert.StartsWith("The JSON text is not a saved MLP", message)

[<Fact>]
let ``an empty text, and the start of one, are refused as not whole JSON`` () =
    Assert.Contains("not whole, valid JSON", refusal "")
    Assert.Contains("not whole, valid JSON", refusal "{\"format\"")

[<Fact>]
let ``a document that is not an object is refused at its root`` () =
    Assert.Contains("at $, expected an object, got an array", refusal "[1, 2]")

[<Fact>]
let ``every truncation of a saved file is refused, naming the file`` () =
    use folder = new TempFolder()
    let path = folder.File "model.json"
    Mlp.Create(1, [ 2; 1 ], PythonRandom 5) |> Mlp.save path
    let bytes = File.ReadAllBytes path
    let cut = folder.File "cut.json"
    for length in 0 .. bytes.Length - 1 do
        File.WriteAllBytes(cut, bytes[.. length - 1])
        let e = Assert.Throws<InvalidDataException>(fun () -> Mlp.load cut |> ignore)
        Assert.Contains(sprintf "The file '%s' is not a saved MLP" cut, e.Message)

[<Fact>]
let ``a corrupted file is refused, naming the file and the place`` () =
    use folder = new TempFolder()
    let path = folder.File "model.json"
    File.WriteAllText(path, good.Replace("0.75", "0.7.5"))
    let e = Assert.Throws<InvalidDataException>(fun () -> Mlp.load path |> ignore)
    Assert.Contains(path, e.Message)
    Assert.Contains("not whole, valid JSON", e.Message)
    Assert.IsAssignableFrom<System.Text.Json.JsonException>(e.InnerException)
    |> ignore
    File.WriteAllBytes(path, [| 0xFFuy; 0xFEuy; 0x00uy; 0x7Buy |])
    let e = Assert.Throws<InvalidDataException>(fun () -> Mlp.load path |> ignore)
    Assert.Contains(path, e.Message)

[<Fact>]
let ``a byte-order mark before the JSON is allowed`` () =
    use folder = new TempFolder()
    let path = folder.File "model.json"
    File.WriteAllText(path, good, Text.UTF8Encoding(true))
    Assert.Equal(File.ReadAllBytes(path)[0], 0xEFuy)
    Assert.Equal(7, (Mlp.load path).Parameters.Count)

[<Fact>]
let ``a load of a folder is a FileNotFoundException naming it`` () =
    use folder = new TempFolder()
    let e =
        Assert.Throws<FileNotFoundException>(fun () -> Mlp.load folder.Path |> ignore)
    Assert.Equal(folder.Path, e.FileName)
    Assert.Contains("it is a folder", e.Message)
