namespace Micrograd.Core.Nn

open Micrograd.Core

open System
open System.Collections.Generic
open System.Collections.ObjectModel

/// <summary>
/// One neuron of micrograd's <c>nn.py</c>, immutable: its weights and bias are leaves of the
/// expression graph, and <see cref="M:Micrograd.Core.Neuron.Forward(System.Collections.Generic.IReadOnlyList{Micrograd.Core.Node})"/>
/// builds <c>f(b + w0·x0 + w1·x1 + ...)</c> on top of them without changing anything.
/// </summary>
/// <remarks>Learning does not change a neuron: it makes a new one with new leaves (see
/// <see cref="T:Micrograd.Core.Nn.Mlp"/>'s <c>Step</c>).</remarks>
[<Sealed>]
type Neuron internal (weights: Node[], bias: Node, nonlinearity: Nonlinearity) =
    let readOnlyWeights = ReadOnlyCollection<Node> weights
    let parameters = ReadOnlyCollection<Node>(Array.append weights [| bias |])

    /// <summary>A neuron with <paramref name="nin"/> inputs, its weights drawn as micrograd draws them.</summary>
    /// <param name="nin">How many inputs, 1 or more.</param>
    /// <param name="random">Where the draws come from: <c>nin</c> calls to <c>NextDouble()</c> for the
    /// weights, each <c>-1.0 + 2.0 * NextDouble()</c> (Python's <c>uniform(-1, 1)</c>), then one
    /// more for the bias if <paramref name="randomBias"/>.</param>
    /// <param name="nonlinearity">The function applied to the weighted sum.</param>
    /// <param name="randomBias">false: the bias is 0.0 (micrograd's repository); true: it is drawn
    /// like a weight, after the weights (the lecture's network).</param>
    /// <returns>The new neuron.</returns>
    static member Create(nin: int, random: Random, nonlinearity: Nonlinearity, randomBias: bool) : Neuron =
        if nin < 1 then
            raise (ArgumentOutOfRangeException(nameof nin, nin, "A neuron needs at least one input."))
        NetworkChecks.random random
        NetworkChecks.nonlinearity (nameof nonlinearity) nonlinearity
        let weights = Array.init nin (fun _ -> Node.Leaf(NetworkChecks.uniform random))
        let bias = Node.Leaf(if randomBias then NetworkChecks.uniform random else 0.0)
        Neuron(weights, bias, nonlinearity)

    /// The weights w0..w(nin-1), one per input, in input order.
    member _.Weights: IReadOnlyList<Node> = readOnlyWeights

    /// The bias b.
    member _.Bias: Node = bias

    /// The function applied to the weighted sum.
    member _.Nonlinearity: Nonlinearity = nonlinearity

    /// How many inputs the neuron takes.
    member _.Nin: int = weights.Length

    /// The weights, then the bias (micrograd's <c>parameters()</c>: <c>self.w + [self.b]</c>).
    member _.Parameters: IReadOnlyList<Node> = parameters

    /// <summary>The neuron applied to its inputs: a new node, built as micrograd builds it.</summary>
    /// <param name="inputs">One node per weight.</param>
    /// <returns><c>f(((b + w0*x0) + w1*x1) + ...)</c>: the sum starts from the bias, each term is
    /// weight times input (weight on the left), and f is ReLU, tanh or nothing.</returns>
    /// <exception cref="T:System.ArgumentException">The number of inputs is not <c>Nin</c>.</exception>
    member this.Forward(inputs: IReadOnlyList<Node>) : Node =
        NetworkChecks.inputs weights.Length inputs
        NetworkChecks.nodes inputs
        this.Apply inputs

    /// Forward without the checks, for a layer that has made them once for all its neurons.
    member internal _.Apply(inputs: IReadOnlyList<Node>) : Node =
        // micrograd: sum((wi*xi for wi, xi in zip(self.w, x)), self.b)
        let mutable act = bias
        for i in 0 .. weights.Length - 1 do
            act <- act + weights[i] * inputs[i]
        match nonlinearity with
        | Nonlinearity.ReLU -> Node.Relu act
        | Nonlinearity.Tanh -> Node.Tanh act
        | _ -> act

    /// A neuron of the same shape whose parameters are `replace` applied to these, in order.
    member internal _.Map(replace: Node -> Node) : Neuron =
        let weights' = Array.map replace weights
        Neuron(weights', replace bias, nonlinearity)

    /// <summary>micrograd's repr: <c>ReLUNeuron(2)</c>, <c>TanhNeuron(3)</c>, <c>LinearNeuron(16)</c>.</summary>
    override _.ToString() =
        let name =
            match nonlinearity with
            | Nonlinearity.ReLU -> "ReLU"
            | Nonlinearity.Tanh -> "Tanh"
            | _ -> "Linear"
        sprintf "%sNeuron(%d)" name weights.Length
