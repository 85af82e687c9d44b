namespace Micrograd.Core.Nn

open Micrograd.Core

open System
open System.Collections.Generic
open System.Collections.ObjectModel

/// <summary>
/// One layer of micrograd's <c>nn.py</c>, immutable: neurons that all read the same inputs.
/// </summary>
[<Sealed>]
type Layer internal (nin: int, neurons: Neuron[]) =
    let readOnlyNeurons = ReadOnlyCollection<Neuron> neurons
    let parameters =
        ReadOnlyCollection<Node>(neurons |> Array.collect (fun n -> Seq.toArray n.Parameters))

    /// <summary>A layer of <paramref name="nout"/> neurons with <paramref name="nin"/> inputs each.</summary>
    /// <param name="nin">How many inputs, 1 or more.</param>
    /// <param name="nout">How many neurons (and outputs), 1 or more.</param>
    /// <param name="random">Where the draws come from, neuron after neuron (see <see cref="M:Micrograd.Core.Nn.Neuron.Create(System.Int32,System.Random,Micrograd.Core.Nonlinearity,System.Boolean)"/>).</param>
    /// <param name="nonlinearity">The function every neuron applies to its weighted sum.</param>
    /// <param name="randomBias">Whether each bias is drawn (the lecture) or 0.0 (micrograd's repository).</param>
    /// <returns>The new layer.</returns>
    static member Create(nin: int, nout: int, random: Random, nonlinearity: Nonlinearity, randomBias: bool) : Layer =
        Checks.nin (nameof nin) "layer" nin
        Checks.nout (nameof nout) nout
        Checks.random (nameof random) random
        Checks.nonlinearity (nameof nonlinearity) nonlinearity
        Layer(nin, Array.init nout (fun _ -> Neuron.Create(nin, random, nonlinearity, randomBias)))

    /// The neurons, in output order.
    member _.Neurons: IReadOnlyList<Neuron> = readOnlyNeurons

    /// How many inputs every neuron takes.
    member _.Nin: int = nin

    /// How many neurons, and so outputs.
    member _.Nout: int = neurons.Length

    /// Every neuron's parameters, neuron after neuron (each: weights, then bias).
    member _.Parameters: IReadOnlyList<Node> = parameters

    /// <summary>Every neuron applied to the same inputs.</summary>
    /// <param name="inputs">One node per input.</param>
    /// <returns>One new node per neuron, in order; a list even when there is one neuron (where
    /// micrograd returns the bare value).</returns>
    /// <exception cref="T:System.ArgumentException">The number of inputs is not <c>Nin</c>.</exception>
    member this.Forward(inputs: IReadOnlyList<Node>) : IReadOnlyList<Node> =
        Checks.inputs (nameof inputs) nin inputs
        Checks.noNullInputs (nameof inputs) inputs
        this.Apply inputs

    member internal _.Apply(inputs: IReadOnlyList<Node>) : IReadOnlyList<Node> =
        ReadOnlyCollection<Node>(neurons |> Array.map (fun n -> n.Apply inputs))

    member internal _.Map(replace: Node -> Node) : Layer = Layer(nin, neurons |> Array.map (fun n -> n.Map replace))

    /// <summary>micrograd's repr: <c>Layer of [ReLUNeuron(2), ReLUNeuron(2)]</c>.</summary>
    override _.ToString() = "Layer of [" + String.Join(", ", neurons |> Array.map string) + "]"
