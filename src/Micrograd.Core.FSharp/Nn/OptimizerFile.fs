namespace Micrograd.Core.Nn

open Micrograd.Core.IO

open System
open System.Collections.Generic
open System.Collections.ObjectModel
open System.IO
open System.Text.Json

/// <summary>SGD at a point of training: all a run needs to go on as if it had never stopped.</summary>
type SgdCheckpoint = {
    /// The learning rate of the next step.
    LearningRate: float
    /// The settings: momentum, dampening, Nesterov, weight decay.
    Options: SgdOptions
    /// The step count and the momentum buffers.
    State: SgdState
}

/// <summary>Adam or AdamW at a point of training: all a run needs to go on as if it had never stopped.</summary>
type AdamCheckpoint = {
    /// The learning rate of the next step.
    LearningRate: float
    /// The settings: betas, eps, weight decay.
    Options: AdamOptions
    /// The step count and the first and second moments.
    State: AdamState
}

/// <summary>
/// An optimizer's settings, learning rate and state saved to a JSON file and loaded back, every
/// number to the bit, so that training resumes exactly: ten steps are five steps, a save, a load
/// and five more. The file says which optimizer it is for; loading it as another, or for another
/// number of parameters, is refused.
/// </summary>
/// <remarks>
/// The format, version 1 (an SGD file; Adam's and AdamW's hold <c>beta1</c>, <c>beta2</c>,
/// <c>eps</c>, <c>weightDecay</c> and <c>firstMoments</c>, <c>secondMoments</c> instead):
/// <code>
/// { "format": "micrograd-optimizer", "version": 1, "optimizer": "SGD", "learningRate": 0.1,
///   "options": { "momentum": 0.9, "dampening": 0, "nesterov": false, "weightDecay": 0 },
///   "steps": 5, "momentumBuffers": [ ... ] }
/// </code>
/// Files are written atomically (<see cref="T:Micrograd.Core.IO.AtomicFile"/>).
/// </remarks>
/// <example>
/// <code lang="fsharp">
/// OptimizerFile.saveAdam "adam.json" lr options state
/// let c = OptimizerFile.loadAdam model.Parameters.Count "adam.json"
/// let values, state' = Adam.step c.Options c.LearningRate (Mlp.parameterValues model) grads c.State
/// </code>
/// </example>
[<RequireQualifiedAccess>]
module OptimizerFile =

    let private format = "micrograd-optimizer"
    let private version = 1

    let private sgdName = "SGD"
    let private adamName = "Adam"
    let private adamWName = "AdamW"

    let private checkFinite (target: string) (what: string) (values: IReadOnlyList<float>) =
        for i in 0 .. values.Count - 1 do
            if not (Double.IsFinite values[i]) then
                raise (
                    InvalidOperationException(
                        sprintf
                            "Cannot save the optimizer to '%s': %s[%d] is %s. A saved state holds finite numbers only (JSON has no NaN or infinity); nothing was written."
                            target
                            what
                            i
                            (JsonFields.showFloat values[i])
                    )
                )

    let private nullState (name: string) : 'T =
        raise (ArgumentNullException(name, Micrograd.Core.Messages.nullState "init"))

    let private write (path: string) (optimizer: string) (lr: float) (body: Utf8JsonWriter -> unit) =
        AtomicFile.Write(
            path,
            Action<Stream>(fun stream ->
                use w = JsonFields.writer stream
                w.WriteStartObject()
                w.WriteString("format", format)
                w.WriteNumber("version", version)
                w.WriteString("optimizer", optimizer)
                w.WriteNumber("learningRate", lr)
                body w
                w.WriteEndObject())
        )

    /// <summary>Saves SGD's learning rate, settings and state to a JSON file, atomically.</summary>
    /// <param name="path">The file; its folder must exist.</param>
    /// <param name="learningRate">The learning rate of the next step.</param>
    /// <param name="options">The settings.</param>
    /// <param name="state">The state the last step returned.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The learning rate, a setting or the step count is out of range.</exception>
    /// <exception cref="T:System.ArgumentNullException">The path, the state or its buffers are null.</exception>
    /// <exception cref="T:System.InvalidOperationException">A buffer is NaN or infinite; nothing is written.</exception>
    /// <exception cref="T:System.IO.IOException">As <c>AtomicFile.Write</c>.</exception>
    [<CompiledName("SaveSgd")>]
    let saveSgd (path: string) (learningRate: float) (options: SgdOptions) (state: SgdState) : unit =
        AtomicFile.CheckPath path
        Checks.optimizerLearningRate (nameof learningRate) learningRate
        Sgd.checkOptions (nameof options) options
        if isNull (box state) then
            nullState (nameof state)
        Checks.stepCount (nameof state) state.Steps
        if isNull state.MomentumBuffers then
            Checks.perParameter (nameof state) "momentum buffers" 1 state.MomentumBuffers
        checkFinite path "momentumBuffers" state.MomentumBuffers
        write path sgdName learningRate (fun w ->
            w.WriteStartObject "options"
            w.WriteNumber("momentum", options.Momentum)
            w.WriteNumber("dampening", options.Dampening)
            w.WriteBoolean("nesterov", options.Nesterov)
            w.WriteNumber("weightDecay", options.WeightDecay)
            w.WriteEndObject()
            w.WriteNumber("steps", state.Steps)
            JsonFields.writeFloats w "momentumBuffers" state.MomentumBuffers)

    let private saveAdamLike (name: string) path learningRate (options: AdamOptions) (state: AdamState) =
        AtomicFile.CheckPath path
        Checks.optimizerLearningRate (nameof learningRate) learningRate
        Adam.checkOptions (nameof options) options
        if isNull (box state) then
            nullState (nameof state)
        Checks.stepCount (nameof state) state.Steps
        if isNull state.FirstMoments then
            Checks.perParameter (nameof state) "first moments" 1 state.FirstMoments
        Checks.perParameter (nameof state) "second moments" state.FirstMoments.Count state.SecondMoments
        checkFinite path "firstMoments" state.FirstMoments
        checkFinite path "secondMoments" state.SecondMoments
        write path name learningRate (fun w ->
            w.WriteStartObject "options"
            w.WriteNumber("beta1", options.Beta1)
            w.WriteNumber("beta2", options.Beta2)
            w.WriteNumber("eps", options.Eps)
            w.WriteNumber("weightDecay", options.WeightDecay)
            w.WriteEndObject()
            w.WriteNumber("steps", state.Steps)
            JsonFields.writeFloats w "firstMoments" state.FirstMoments
            JsonFields.writeFloats w "secondMoments" state.SecondMoments)

    /// <summary>Saves Adam's learning rate, settings and state to a JSON file, atomically.</summary>
    /// <param name="path">The file; its folder must exist.</param>
    /// <param name="learningRate">The learning rate of the next step.</param>
    /// <param name="options">The settings.</param>
    /// <param name="state">The state the last step returned.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The learning rate, a setting or the step count is out of range.</exception>
    /// <exception cref="T:System.ArgumentException">The two moments' lists differ in length.</exception>
    /// <exception cref="T:System.InvalidOperationException">A moment is NaN or infinite; nothing is written.</exception>
    /// <exception cref="T:System.IO.IOException">As <c>AtomicFile.Write</c>.</exception>
    [<CompiledName("SaveAdam")>]
    let saveAdam (path: string) (learningRate: float) (options: AdamOptions) (state: AdamState) : unit =
        saveAdamLike adamName path learningRate options state

    /// <summary>Saves AdamW's learning rate, settings and state to a JSON file, atomically (as <c>saveAdam</c>;
    /// the file says AdamW, so that it is not resumed as Adam).</summary>
    /// <param name="path">The file; its folder must exist.</param>
    /// <param name="learningRate">The learning rate of the next step.</param>
    /// <param name="options">The settings.</param>
    /// <param name="state">The state the last step returned.</param>
    /// <exception cref="T:System.InvalidOperationException">A moment is NaN or infinite; nothing is written.</exception>
    [<CompiledName("SaveAdamW")>]
    let saveAdamW (path: string) (learningRate: float) (options: AdamOptions) (state: AdamState) : unit =
        saveAdamLike adamWName path learningRate options state

    /// The file's fields after its header and optimizer name are checked, and its learning rate.
    let private readChecked
        (parameterCount: int)
        (path: string)
        (expected: string)
        (body: string list)
        (read: JsonSource -> (string -> JsonElement * string) -> 'T)
        : 'T =
        Checks.stepsAtLeastOne (nameof parameterCount) "The number of parameters" parameterCount
        let bytes = JsonFields.readFile path
        let source = {
            Name = sprintf "The file '%s'" path
            Kind = sprintf "a saved %s state" expected
        }
        use doc = JsonFields.parse source bytes
        let root = doc.RootElement
        JsonFields.header source format version root
        // Which optimizer, before the fields: another optimizer's file has other fields, and is
        // refused as what it is.
        let nameElement, namePath =
            match root.TryGetProperty "optimizer" with
            | true, e -> e, "$.optimizer"
            | _ -> JsonFields.fail source "$" "the field \"optimizer\" is missing."
        let name = JsonFields.stringAt source namePath nameElement
        if name <> expected then
            JsonFields.fail source namePath (sprintf "the file holds the state of %s, not of %s." name expected)
        let fields =
            JsonFields.objectAt
                source
                "$"
                ([ "format"; "version"; "optimizer"; "learningRate"; "options"; "steps" ] @ body)
                root
        let get = JsonFields.field source "$" fields
        read source get

    // A value read from the file, refused (at its JSON path) by the check a step would make.
    let private checkedBy source (path: string) (check: string -> unit) =
        try
            check path
        with :? ArgumentException as ex ->
            JsonFields.refusedBy source path ex

    // A number field of the options object o at optionsPath.
    let private numberIn source optionsPath o (name: string) =
        let e, p = JsonFields.field source optionsPath o name
        JsonFields.floatAt source p e

    let private learningRateOf source (get: string -> JsonElement * string) =
        let e, p = get "learningRate"
        let lr = JsonFields.floatAt source p e
        checkedBy source p (fun p -> Checks.optimizerLearningRate p lr)
        lr

    let private stepsOf source (get: string -> JsonElement * string) =
        let e, p = get "steps"
        JsonFields.intAt source p 0 e

    let private buffersOf source (get: string -> JsonElement * string) (count: int) (name: string) =
        let e, p = get name
        ReadOnlyCollection(JsonFields.floatsAt source p count "one per parameter" e)

    /// <summary>Loads what <c>saveSgd</c> (or the C# façade's <c>Sgd.Save</c>) wrote.</summary>
    /// <param name="parameterCount">How many parameters the optimizer steps (<c>model.Parameters.Count</c>).</param>
    /// <param name="path">The file.</param>
    /// <returns>The learning rate, settings and state, to the bit.</returns>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The count is below 1.</exception>
    /// <exception cref="T:System.IO.FileNotFoundException">There is no such file.</exception>
    /// <exception cref="T:System.IO.InvalidDataException">The file is not a saved SGD state: not whole
    /// JSON, another format, version or optimizer, a missing, unknown or mistyped field, a setting
    /// out of range, or not one buffer per parameter. The message names the file and the JSON path.</exception>
    [<CompiledName("LoadSgd")>]
    let loadSgd (parameterCount: int) (path: string) : SgdCheckpoint =
        readChecked parameterCount path sgdName [ "momentumBuffers" ] (fun source get ->
            let lr = learningRateOf source get
            let optionsElement, optionsPath = get "options"
            let o =
                JsonFields.objectAt
                    source
                    optionsPath
                    [ "momentum"; "dampening"; "nesterov"; "weightDecay" ]
                    optionsElement
            let number = numberIn source optionsPath o
            let nesterovElement, nesterovPath = JsonFields.field source optionsPath o "nesterov"
            let options = {
                Momentum = number "momentum"
                Dampening = number "dampening"
                Nesterov = JsonFields.boolAt source nesterovPath nesterovElement
                WeightDecay = number "weightDecay"
            }
            checkedBy source optionsPath (fun p -> Sgd.checkOptions p options)
            let steps = stepsOf source get
            {
                LearningRate = lr
                Options = options
                State = {
                    Steps = steps
                    MomentumBuffers = buffersOf source get parameterCount "momentumBuffers"
                }
            })

    let private loadAdamLike (name: string) (parameterCount: int) (path: string) : AdamCheckpoint =
        readChecked parameterCount path name [ "firstMoments"; "secondMoments" ] (fun source get ->
            let lr = learningRateOf source get
            let optionsElement, optionsPath = get "options"
            let o =
                JsonFields.objectAt source optionsPath [ "beta1"; "beta2"; "eps"; "weightDecay" ] optionsElement
            let number = numberIn source optionsPath o
            let options = {
                Beta1 = number "beta1"
                Beta2 = number "beta2"
                Eps = number "eps"
                WeightDecay = number "weightDecay"
            }
            checkedBy source optionsPath (fun p -> Adam.checkOptions p options)
            let steps = stepsOf source get
            {
                LearningRate = lr
                Options = options
                State = {
                    Steps = steps
                    FirstMoments = buffersOf source get parameterCount "firstMoments"
                    SecondMoments = buffersOf source get parameterCount "secondMoments"
                }
            })

    /// <summary>Loads what <c>saveAdam</c> (or the C# façade's <c>Adam.Save</c>) wrote.</summary>
    /// <param name="parameterCount">How many parameters the optimizer steps.</param>
    /// <param name="path">The file.</param>
    /// <returns>The learning rate, settings and state, to the bit.</returns>
    /// <exception cref="T:System.IO.FileNotFoundException">There is no such file.</exception>
    /// <exception cref="T:System.IO.InvalidDataException">The file is not a saved Adam state (an
    /// AdamW or SGD one included), or not one moment per parameter; the message says where.</exception>
    [<CompiledName("LoadAdam")>]
    let loadAdam (parameterCount: int) (path: string) : AdamCheckpoint = loadAdamLike adamName parameterCount path

    /// <summary>Loads what <c>saveAdamW</c> (or the C# façade's <c>AdamW.Save</c>) wrote.</summary>
    /// <param name="parameterCount">How many parameters the optimizer steps.</param>
    /// <param name="path">The file.</param>
    /// <returns>The learning rate, settings and state, to the bit.</returns>
    /// <exception cref="T:System.IO.FileNotFoundException">There is no such file.</exception>
    /// <exception cref="T:System.IO.InvalidDataException">The file is not a saved AdamW state, or
    /// not one moment per parameter; the message says where.</exception>
    [<CompiledName("LoadAdamW")>]
    let loadAdamW (parameterCount: int) (path: string) : AdamCheckpoint = loadAdamLike adamWName parameterCount path
