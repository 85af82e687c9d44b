namespace Micrograd.Core.Nn

open Micrograd.Core
open Micrograd.Core.IO

open System
open System.IO
open System.Text
open System.Text.Json

/// What a saved network is: its inputs, each layer's size and nonlinearity, and every parameter
/// in micrograd's <c>parameters()</c> order (per layer, per neuron, its weights then its bias).
type internal MlpDescription = {
    Nin: int
    Sizes: int[]
    Nonlinearities: Nonlinearity[]
    Parameters: float[]
}

/// <summary>
/// The saved network's JSON, version 1:
/// <code>
/// { "format": "micrograd-mlp", "version": 1, "nin": 2,
///   "layers": [ { "nout": 16, "nonlinearity": "ReLU" }, ..., { "nout": 1, "nonlinearity": "Linear" } ],
///   "parameters": [ w, w, b, ... ] }
/// </code>
/// Each number is written as the shortest text that reads back as the same double (−0 and
/// subnormals included); NaN and infinity, which JSON cannot hold, are refused on saving.
/// </summary>
module internal MlpFormat =

    let format = "micrograd-mlp"
    let version = 1

    let private names = [
        "Linear", Nonlinearity.Linear
        "ReLU", Nonlinearity.ReLU
        "Tanh", Nonlinearity.Tanh
    ]

    /// Layer, neuron and weight (or bias) of the parameter at `index`, for the messages.
    let locate (d: MlpDescription) (index: int) : string =
        let mutable rest = index
        let mutable found = None
        let mutable layer = 0
        while found.IsNone && layer < d.Sizes.Length do
            let nin = if layer = 0 then d.Nin else d.Sizes[layer - 1]
            let count = d.Sizes[layer] * (nin + 1)
            if rest < count then
                let neuron, k = rest / (nin + 1), rest % (nin + 1)
                let what = if k = nin then "its bias" else sprintf "weight %d" k
                found <- Some(sprintf "layer %d, neuron %d, %s" layer neuron what)
            else
                rest <- rest - count
                layer <- layer + 1
        defaultArg found "beyond the last layer"

    /// Refuses, before anything is written, a network with a NaN or infinite parameter.
    let checkFinite (target: string) (d: MlpDescription) : unit =
        for i in 0 .. d.Parameters.Length - 1 do
            let x = d.Parameters[i]
            if not (Double.IsFinite x) then
                raise (
                    InvalidOperationException(
                        sprintf
                            "Cannot save the network to %s: parameter %d (%s) is %s. A saved network holds finite numbers only (JSON has no NaN or infinity); nothing was written."
                            target
                            i
                            (locate d i)
                            (JsonFields.showFloat x)
                    )
                )

    let write (stream: Stream) (d: MlpDescription) : unit =
        use w = JsonFields.writer stream
        w.WriteStartObject()
        w.WriteString("format", format)
        w.WriteNumber("version", version)
        w.WriteNumber("nin", d.Nin)
        w.WriteStartArray "layers"
        for i in 0 .. d.Sizes.Length - 1 do
            w.WriteStartObject()
            w.WriteNumber("nout", d.Sizes[i])
            w.WriteString("nonlinearity", d.Nonlinearities[i].ToString())
            w.WriteEndObject()
        w.WriteEndArray()
        JsonFields.writeFloats w "parameters" d.Parameters
        w.WriteEndObject()

    let toBytes (d: MlpDescription) : byte[] =
        use memory = new MemoryStream()
        write memory d
        memory.ToArray()

    /// The description in the bytes, every field checked before any is used: a wrong shape, a
    /// wrong type, a missing or unknown field is refused, never half read.
    let read (source: JsonSource) (bytes: byte[]) : MlpDescription =
        use doc = JsonFields.parse source bytes
        let root = doc.RootElement
        JsonFields.header source format version root
        let fields =
            JsonFields.objectAt source "$" [ "format"; "version"; "nin"; "layers"; "parameters" ] root
        let get = JsonFields.field source "$" fields
        let ninElement, ninPath = get "nin"
        let nin = JsonFields.intAt source ninPath 1 ninElement
        let layersElement, layersPath = get "layers"
        let layers = JsonFields.arrayAt source layersPath layersElement
        if layers.Length = 0 then
            JsonFields.fail source layersPath "expected at least one layer, got none."
        let shapes =
            layers
            |> Array.mapi (fun i layer ->
                let path = sprintf "%s[%d]" layersPath i
                let f = JsonFields.objectAt source path [ "nout"; "nonlinearity" ] layer
                let noutElement, noutPath = JsonFields.field source path f "nout"
                let nout = JsonFields.intAt source noutPath 1 noutElement
                let nlElement, nlPath = JsonFields.field source path f "nonlinearity"
                let name = JsonFields.stringAt source nlPath nlElement
                match names |> List.tryFind (fun (n, _) -> n = name) with
                | Some(_, nl) -> nout, nl
                | None ->
                    JsonFields.fail
                        source
                        nlPath
                        (sprintf "expected \"Linear\", \"ReLU\" or \"Tanh\", got \"%s\"." name))
        let sizes = Array.map fst shapes
        // In 64 bits: sizes that are each valid may still multiply beyond an int.
        let mutable needed = 0L
        for i in 0 .. sizes.Length - 1 do
            let layerNin = if i = 0 then nin else sizes[i - 1]
            needed <- needed + int64 sizes[i] * (int64 layerNin + 1L)
        let parametersElement, parametersPath = get "parameters"
        let count = (JsonFields.arrayAt source parametersPath parametersElement).Length
        if int64 count <> needed then
            JsonFields.fail
                source
                parametersPath
                (sprintf
                    "expected %d numbers, nout × (nin + 1) for each layer of the shape (nin %d, layers [%s]), got %d."
                    needed
                    nin
                    (String.Join(", ", sizes))
                    count)
        {
            Nin = nin
            Sizes = sizes
            Nonlinearities = Array.map snd shapes
            Parameters = JsonFields.floatsAt source parametersPath count "one per parameter" parametersElement
        }

    let private fileSource (path: string) = {
        Name = sprintf "The file '%s'" path
        Kind = "a saved MLP"
    }

    let save (path: string) (d: MlpDescription) : unit =
        AtomicFile.CheckPath path
        checkFinite (sprintf "'%s'" path) d
        AtomicFile.Write(path, Action<Stream>(fun stream -> write stream d))

    let load (path: string) : MlpDescription =
        let bytes = JsonFields.readFile path
        read (fileSource path) bytes

    let saveTo (stream: Stream) (d: MlpDescription) : unit =
        if isNull stream then
            raise (ArgumentNullException(nameof stream, "The stream is null; expected one to write to."))
        checkFinite "the stream" d
        // Whole, then written: a refusal part way would leave half a document in the stream.
        let bytes = toBytes d
        stream.Write(bytes, 0, bytes.Length)

    let loadFrom (stream: Stream) : MlpDescription =
        read
            {
                Name = "The stream"
                Kind = "a saved MLP"
            }
            (JsonFields.readStream stream)

    let toJson (d: MlpDescription) : string =
        checkFinite "JSON" d
        Encoding.UTF8.GetString(toBytes d)

    let ofJson (json: string) : MlpDescription =
        if isNull json then
            raise (ArgumentNullException(nameof json, "The JSON text is null; expected what ToJson gave."))
        read
            {
                Name = "The JSON text"
                Kind = "a saved MLP"
            }
            (Encoding.UTF8.GetBytes json)
