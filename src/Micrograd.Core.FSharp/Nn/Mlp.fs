namespace Micrograd.Core.Nn

open Micrograd.Core

open System
open System.Collections.Generic
open System.Collections.ObjectModel
open System.IO
open System.Runtime.InteropServices

/// <summary>
/// micrograd's multi-layer perceptron (<c>nn.py</c>'s <c>MLP</c>), immutable: its parameters are
/// leaves of the expression graph, <c>Forward</c> builds an expression on top of them, and a
/// training step returns a new network instead of changing this one.
/// </summary>
/// <remarks>
/// One step of gradient descent, micrograd's <c>loss.backward(); p.data -= lr * p.grad</c>, is
/// <c>model.Step(Backprop.Gradients(loss), lr)</c>: a new network whose every parameter p is a
/// new leaf <c>p.Data - lr * grads[p]</c>. The old network and every graph built from it are
/// left as they were, so nothing needs zeroing between steps.
/// </remarks>
/// <example>
/// The lecture's network and one step on its four samples:
/// <code lang="fsharp">
/// let model = Mlp.Lecture(3, [ 4; 4; 1 ], PythonRandom 1337)
/// let xs = [ [ 2.0; 3.0; -1.0 ]; [ 3.0; -1.0; 0.5 ]; [ 0.5; 1.0; 1.0 ]; [ 1.0; 1.0; -1.0 ] ]
/// let ys = [ 1.0; -1.0; -1.0; 1.0 ]
/// let ypred = [ for x in xs -> model.Forward(x)[0] ]
/// let loss = List.fold2 (fun acc yout ygt -> acc + (yout - ygt) ** 2.0) (Node.Leaf 0.0) ypred ys
/// let model' = model.Step(Backprop.gradients loss, 0.1)   // or: model |> Mlp.step 0.1 (Backprop.gradients loss)
/// </code>
/// </example>
[<Sealed>]
type Mlp internal (layers: Layer[]) =
    let readOnlyLayers = ReadOnlyCollection<Layer> layers
    let parameters =
        ReadOnlyCollection<Node>(layers |> Array.collect (fun l -> Seq.toArray l.Parameters))

    /// <summary>A network drawn as micrograd draws it.</summary>
    /// <param name="nin">How many inputs, 1 or more.</param>
    /// <param name="nouts">The size of each layer, the last one being the number of outputs
    /// (micrograd's <c>MLP(2, [16, 16, 1])</c> is <c>Create(2, [16; 16; 1], random)</c>).</param>
    /// <param name="random">Where the draws come from, by <c>NextDouble()</c> only: per layer, per
    /// neuron, each weight <c>-1.0 + 2.0 * NextDouble()</c> (Python's <c>uniform(-1, 1)</c>), then
    /// the bias if <paramref name="randomBias"/>. A <see cref="T:Micrograd.Core.PythonRandom"/> with
    /// micrograd's seed gives micrograd's weights.</param>
    /// <param name="hidden">The nonlinearity of every layer but the last (default ReLU).</param>
    /// <param name="output">The nonlinearity of the last layer (default Linear, none).</param>
    /// <param name="randomBias">false (default): every bias is 0.0, as in micrograd's repository;
    /// true: each is drawn after its neuron's weights, as in the lecture.</param>
    /// <returns>The new network.</returns>
    /// <remarks>The defaults are micrograd's repository network; the lecture's network is tanh
    /// everywhere with random biases: <c>Create(3, [4; 4; 1], random, Nonlinearity.Tanh,
    /// Nonlinearity.Tanh, true)</c>.</remarks>
    static member Create
        (
            nin: int,
            nouts: IReadOnlyList<int>,
            random: Random,
            [<Optional; DefaultParameterValue(Nonlinearity.ReLU)>] hidden: Nonlinearity,
            [<Optional; DefaultParameterValue(Nonlinearity.Linear)>] output: Nonlinearity,
            [<Optional; DefaultParameterValue(false)>] randomBias: bool
        ) : Mlp =
        Checks.nin (nameof nin) "network" nin
        Checks.layerSizes (nameof nouts) nouts
        Checks.random (nameof random) random
        Checks.nonlinearity (nameof hidden) hidden
        Checks.nonlinearity (nameof output) output
        let last = nouts.Count - 1
        let layers =
            Array.init nouts.Count (fun i ->
                let layerNin = if i = 0 then nin else nouts[i - 1]
                Layer.Create(layerNin, nouts[i], random, (if i = last then output else hidden), randomBias))
        Mlp layers

    /// <summary>The lecture's network: tanh in every layer, the output included, and random biases
    /// (<c>Create(nin, nouts, random, Nonlinearity.Tanh, Nonlinearity.Tanh, true)</c>).</summary>
    /// <param name="nin">The number of inputs.</param>
    /// <param name="nouts">The layer sizes, the last being the number of outputs.</param>
    /// <param name="random">Where the draws come from (see <c>Create</c>).</param>
    /// <returns>The new network.</returns>
    static member Lecture(nin: int, nouts: IReadOnlyList<int>, random: Random) : Mlp =
        Mlp.Create(nin, nouts, random, Nonlinearity.Tanh, Nonlinearity.Tanh, true)

    /// The layers, input side first.
    member _.Layers: IReadOnlyList<Layer> = readOnlyLayers

    /// How many inputs the network takes.
    member _.Nin: int = layers[0].Nin

    /// How many outputs it gives (the size of the last layer).
    member _.Nout: int = layers[layers.Length - 1].Nout

    /// <summary>Every parameter: per layer, per neuron, its weights then its bias (micrograd's
    /// <c>parameters()</c> order).</summary>
    member _.Parameters: IReadOnlyList<Node> = parameters

    /// <summary>The network applied to its inputs: each layer's outputs are the next one's inputs.</summary>
    /// <param name="inputs">One node per input.</param>
    /// <returns>The last layer's outputs, new nodes; a list even when there is one output (where
    /// micrograd returns the bare value).</returns>
    /// <exception cref="T:System.ArgumentException">The number of inputs is not <c>Nin</c>.</exception>
    member _.Forward(inputs: IReadOnlyList<Node>) : IReadOnlyList<Node> =
        Checks.inputs (nameof inputs) layers[0].Nin inputs
        Checks.noNullInputs (nameof inputs) inputs
        let mutable xs = inputs
        for layer in layers do
            xs <- layer.Apply xs
        xs

    /// <summary>The network applied to numbers: each becomes a new leaf, then as
    /// <see cref="M:Micrograd.Core.Nn.Mlp.Forward(System.Collections.Generic.IReadOnlyList{Micrograd.Core.Node})"/>.</summary>
    /// <param name="inputs">One number per input.</param>
    /// <returns>The last layer's outputs, new nodes, as a list even when there is one.</returns>
    /// <exception cref="T:System.ArgumentException">The number of inputs is not <c>Nin</c>.</exception>
    member this.Forward(inputs: IReadOnlyList<float>) : IReadOnlyList<Node> =
        Checks.inputs (nameof inputs) layers[0].Nin inputs
        this.Forward(Array.init inputs.Count (fun i -> Node.Leaf inputs[i]) :> IReadOnlyList<Node>)

    /// <summary>One step of gradient descent, as a new network.</summary>
    /// <param name="grads">Gradients of a loss (from <see cref="M:Micrograd.Core.Backprop.Gradients(Micrograd.Core.Node)"/>);
    /// a parameter the loss does not depend on has gradient 0.0.</param>
    /// <param name="learningRate">The step size lr.</param>
    /// <returns>A network of the same shape whose every parameter p is a new leaf
    /// <c>p.Data - lr * grads[p]</c> (same label). This network is unchanged.</returns>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The learning rate is NaN or infinite.</exception>
    member _.Step(grads: Gradients, learningRate: float) : Mlp =
        Checks.learningRate (nameof learningRate) learningRate
        if isNull grads then
            raise (ArgumentNullException(nameof grads, "The gradients are null; pass Backprop.Gradients(loss)."))
        let replace (p: Node) = Node.Leaf(Sgd.update p.Data grads[p] learningRate, p.Label)
        Mlp(layers |> Array.map (fun l -> l.Map replace))

    /// <summary>One step of gradient descent, as a new network, from the parameters' gradients alone.</summary>
    /// <param name="gradients">One gradient per parameter, in <c>Parameters</c> order, as
    /// <see cref="M:Micrograd.Core.Backprop.GradientsFor(Micrograd.Core.Node,System.Collections.Generic.IReadOnlyList{Micrograd.Core.Node})"/>
    /// gives them: <c>model.Step(Backprop.GradientsFor(loss, model.Parameters), lr)</c>.</param>
    /// <param name="learningRate">The step size lr.</param>
    /// <returns>A network of the same shape whose every parameter p is a new leaf
    /// <c>p.Data - lr * gradient</c> (same label); the same network, to the bit, as the step from
    /// <c>Backprop.Gradients(loss)</c>. This network is unchanged.</returns>
    /// <exception cref="T:System.ArgumentNullException">The gradients are null.</exception>
    /// <exception cref="T:System.ArgumentException">The number of gradients is not the number of parameters.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The learning rate is NaN or infinite.</exception>
    member this.Step(gradients: IReadOnlyList<float>, learningRate: float) : Mlp =
        Checks.learningRate (nameof learningRate) learningRate
        if isNull gradients then
            raise (
                ArgumentNullException(
                    nameof gradients,
                    "The gradients are null; pass Backprop.GradientsFor(loss, model.Parameters)."
                )
            )
        if gradients.Count <> parameters.Count then
            raise (
                ArgumentException(
                    Messages.perParameterCount "gradients" gradients.Count parameters.Count,
                    nameof gradients
                )
            )
        this.WithParameters(
            Array.init parameters.Count (fun i -> Sgd.update parameters[i].Data gradients[i] learningRate)
        )

    /// <summary>A network of the same shape with the given parameter values.</summary>
    /// <param name="values">One value per parameter, in <c>Parameters</c> order.</param>
    /// <returns>A new network whose parameters are new leaves holding the values (labels kept).</returns>
    /// <exception cref="T:System.ArgumentException">The number of values is not the number of parameters.</exception>
    member _.WithParameters(values: IReadOnlyList<float>) : Mlp =
        if isNull values then
            raise (ArgumentNullException(nameof values, "The parameter values are null; expected one per parameter."))
        if values.Count <> parameters.Count then
            raise (
                ArgumentException(
                    Messages.perParameterCount "parameter values" values.Count parameters.Count,
                    nameof values
                )
            )
        let mutable next = 0
        let replace (p: Node) =
            let leaf = Node.Leaf(values[next], p.Label)
            next <- next + 1
            leaf
        Mlp(layers |> Array.map (fun l -> l.Map replace))

    // Saving and loading: the format lives in MlpFormat; these build and take apart a network.
    member internal _.Describe() : MlpDescription = {
        Nin = layers[0].Nin
        Sizes = layers |> Array.map _.Nout
        Nonlinearities = layers |> Array.map (fun l -> l.Neurons[0].Nonlinearity)
        Parameters = [| for p in parameters -> p.Data |]
    }

    static member internal OfDescription(d: MlpDescription) : Mlp =
        let mutable next = 0
        let take () =
            let leaf = Node.Leaf d.Parameters[next]
            next <- next + 1
            leaf
        Mlp(
            Array.init d.Sizes.Length (fun i ->
                let nin = if i = 0 then d.Nin else d.Sizes[i - 1]
                Layer(
                    nin,
                    Array.init d.Sizes[i] (fun _ ->
                        let weights = Array.init nin (fun _ -> take ())
                        Neuron(weights, take (), d.Nonlinearities[i]))
                ))
        )

    /// <summary>Saves the network to a JSON file, atomically: its shape (inputs, each layer's size
    /// and nonlinearity) and every parameter, each number to the bit (docs/saving.md shows the format).</summary>
    /// <param name="path">The file; its folder must exist. A file already there is replaced only
    /// once the new one is whole (see <see cref="T:Micrograd.Core.IO.AtomicFile"/>).</param>
    /// <exception cref="T:System.InvalidOperationException">A parameter is NaN or infinite (the
    /// message names its position); nothing is written.</exception>
    /// <exception cref="T:System.ArgumentNullException">The path is null.</exception>
    /// <exception cref="T:System.ArgumentException">The path is empty or names a folder.</exception>
    /// <exception cref="T:System.IO.IOException">The folder does not exist, or the write failed.</exception>
    /// <exception cref="T:System.UnauthorizedAccessException">The folder may not be written.</exception>
    member this.Save(path: string) : unit = MlpFormat.save path (this.Describe())

    /// <summary>Writes the saved network's JSON to a stream (made whole before any of it is written).</summary>
    /// <param name="stream">Where to write, left open.</param>
    /// <exception cref="T:System.ArgumentNullException">The stream is null.</exception>
    /// <exception cref="T:System.InvalidOperationException">A parameter is NaN or infinite; nothing is written.</exception>
    member this.Save(stream: Stream) : unit = MlpFormat.saveTo stream (this.Describe())

    /// <summary>The saved network's JSON, as text (what <c>Save</c> writes to a file).</summary>
    /// <returns>The JSON.</returns>
    /// <exception cref="T:System.InvalidOperationException">A parameter is NaN or infinite.</exception>
    member this.ToJson() : string = MlpFormat.toJson (this.Describe())

    /// <summary>Loads a network <c>Save</c> wrote (here or from the C# façade's <c>MLP.Save</c>):
    /// the same shape, every parameter a new leaf with the same bits.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The network.</returns>
    /// <exception cref="T:System.ArgumentNullException">The path is null.</exception>
    /// <exception cref="T:System.ArgumentException">The path is empty.</exception>
    /// <exception cref="T:System.IO.FileNotFoundException">There is no such file.</exception>
    /// <exception cref="T:System.IO.InvalidDataException">The file is not a saved network: not whole
    /// JSON, another format or version, a missing, unknown or mistyped field, a size below 1, an
    /// unknown nonlinearity, or not one number per parameter. The message names the file and the
    /// JSON path of the fault (<c>$.layers[1].nout</c>, <c>$.parameters[7]</c>); no network is made.</exception>
    static member Load(path: string) : Mlp = Mlp.OfDescription(MlpFormat.load path)

    /// <summary>Loads a network from a stream, read to its end (as <c>Load(path)</c>).</summary>
    /// <param name="stream">Where to read from, left open.</param>
    /// <returns>The network.</returns>
    /// <exception cref="T:System.ArgumentNullException">The stream is null.</exception>
    /// <exception cref="T:System.IO.InvalidDataException">What was read is not a saved network.</exception>
    static member Load(stream: Stream) : Mlp = Mlp.OfDescription(MlpFormat.loadFrom stream)

    /// <summary>The network in JSON text <c>ToJson</c> gave (as <c>Load(path)</c>).</summary>
    /// <param name="json">The text.</param>
    /// <returns>The network.</returns>
    /// <exception cref="T:System.ArgumentNullException">The text is null.</exception>
    /// <exception cref="T:System.IO.InvalidDataException">The text is not a saved network.</exception>
    static member FromJson(json: string) : Mlp = Mlp.OfDescription(MlpFormat.ofJson json)

    /// <summary>micrograd's repr: <c>MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2)], Layer of [LinearNeuron(2)]]</c>.</summary>
    override _.ToString() = "MLP of [" + String.Join(", ", layers |> Array.map string) + "]"

/// <summary>Functions over <see cref="T:Micrograd.Core.Nn.Mlp"/>, in the argument order that pipes:
/// <c>model |> Mlp.step 0.1 grads</c>.</summary>
[<RequireQualifiedAccess; CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module Mlp =

    /// <summary>The network applied to its inputs (see <c>Mlp.Forward</c>).</summary>
    /// <param name="inputs">One node per input.</param>
    /// <param name="model">The network.</param>
    /// <returns>The outputs, as a list even when there is one.</returns>
    [<CompiledName("Forward")>]
    let forward (inputs: IReadOnlyList<Node>) (model: Mlp) : IReadOnlyList<Node> = model.Forward inputs

    /// <summary>Every parameter, per layer, per neuron, weights then bias.</summary>
    /// <param name="model">The network.</param>
    /// <returns>The parameters.</returns>
    [<CompiledName("Parameters")>]
    let parameters (model: Mlp) : IReadOnlyList<Node> = model.Parameters

    /// <summary>One step of gradient descent (see <c>Mlp.Step</c>): every parameter p becomes a
    /// new leaf <c>p.Data - learningRate * grads[p]</c>.</summary>
    /// <param name="learningRate">The step size.</param>
    /// <param name="grads">Gradients of a loss.</param>
    /// <param name="model">The network, unchanged.</param>
    /// <returns>The new network.</returns>
    [<CompiledName("Step")>]
    let step (learningRate: float) (grads: Gradients) (model: Mlp) : Mlp = model.Step(grads, learningRate)

    /// <summary>The parameters' values, in <c>Parameters</c> order: what an optimizer's step takes.</summary>
    /// <param name="model">The network.</param>
    /// <returns>A new array, one value per parameter.</returns>
    [<CompiledName("ParameterValues")>]
    let parameterValues (model: Mlp) : float[] = [| for p in model.Parameters -> p.Data |]

    /// <summary>A network of the same shape with the given parameter values (see
    /// <c>Mlp.WithParameters</c>): what an optimizer's step gives back, made a network.</summary>
    /// <param name="values">One value per parameter, in <c>Parameters</c> order.</param>
    /// <param name="model">The network, unchanged.</param>
    /// <returns>The new network.</returns>
    /// <example>
    /// One pure Adam step on a network:
    /// <code lang="fsharp">
    /// let grads = Backprop.gradientsFor loss (Mlp.parameters model)
    /// let values, state' = Adam.step AdamOptions.Defaults 0.001 (Mlp.parameterValues model) grads state
    /// let model' = model |> Mlp.withParameters values
    /// </code>
    /// </example>
    [<CompiledName("WithParameters")>]
    let withParameters (values: IReadOnlyList<float>) (model: Mlp) : Mlp = model.WithParameters values

    /// <summary>Saves the network to a JSON file, atomically (see <c>Mlp.Save</c>): <c>model |> Mlp.save "model.json"</c>.</summary>
    /// <param name="path">The file; its folder must exist.</param>
    /// <param name="model">The network.</param>
    /// <exception cref="T:System.InvalidOperationException">A parameter is NaN or infinite; nothing is written.</exception>
    [<CompiledName("Save")>]
    let save (path: string) (model: Mlp) : unit =
        if isNull (box model) then
            raise (ArgumentNullException(nameof model, "The network is null; expected one to save."))
        model.Save(path: string)

    /// <summary>Loads a network <c>Mlp.save</c> (or the C# façade's <c>MLP.Save</c>) wrote (see <c>Mlp.Load</c>).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The network, its parameters the saved bits.</returns>
    /// <exception cref="T:System.IO.FileNotFoundException">There is no such file.</exception>
    /// <exception cref="T:System.IO.InvalidDataException">The file is not a saved network (the message says where).</exception>
    [<CompiledName("Load")>]
    let load (path: string) : Mlp = Mlp.Load(path: string)

    /// <summary>The saved network's JSON, as text.</summary>
    /// <param name="model">The network.</param>
    /// <returns>The JSON <c>Mlp.save</c> would write.</returns>
    [<CompiledName("ToJson")>]
    let toJson (model: Mlp) : string =
        if isNull (box model) then
            raise (ArgumentNullException(nameof model, "The network is null; expected one to save."))
        model.ToJson()

    /// <summary>The network in JSON text <c>Mlp.toJson</c> gave.</summary>
    /// <param name="json">The text.</param>
    /// <returns>The network.</returns>
    /// <exception cref="T:System.IO.InvalidDataException">The text is not a saved network.</exception>
    [<CompiledName("OfJson")>]
    let ofJson (json: string) : Mlp = Mlp.FromJson json
