namespace Micrograd.Core.Nn

open Micrograd.Core

open System
open System.Collections.Generic
open System.Collections.ObjectModel

/// What a neuron's two ways of building its output share.
module internal NeuronParts =
    let checkTerms<'T> (weights: 'T[]) (bias: 'T) (inputs: IReadOnlyList<'T>) =
        if isNull (box weights) then
            nullArg (nameof weights)
        if isNull (box bias) then
            nullArg (nameof bias)
        Checks.inputs (nameof inputs) weights.Length inputs

    let nonlinear<'T, 'A when 'A :> IArithmetic<'T> and 'A: struct>
        (arithmetic: 'A)
        (act: 'T)
        (nonlinearity: Nonlinearity)
        : 'T =
        match nonlinearity with
        | Nonlinearity.ReLU -> arithmetic.Relu act
        | Nonlinearity.Tanh -> arithmetic.Tanh act
        | _ -> act

/// <summary>
/// One neuron of micrograd's <c>nn.py</c>, immutable: its weights and bias are leaves of the
/// expression graph, and <see cref="M:Micrograd.Core.Nn.Neuron.Forward(System.Collections.Generic.IReadOnlyList{Micrograd.Core.Node})"/>
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
        Checks.nin (nameof nin) "neuron" nin
        Checks.random (nameof random) random
        Checks.nonlinearity (nameof nonlinearity) nonlinearity
        let weights = Array.init nin (fun _ -> Node.Leaf(WeightDraw.uniform random))
        let bias = Node.Leaf(if randomBias then WeightDraw.uniform random else 0.0)
        Neuron(weights, bias, nonlinearity)

    /// <summary>
    /// What a neuron computes, written once for every kind of value: <c>f(((b + w0*x0) + w1*x1) + ...)</c>,
    /// the sum starting from the bias, each term weight times input (weight on the left), and f
    /// ReLU, tanh or nothing. micrograd's <c>sum((wi*xi for wi, xi in zip(self.w, x)), self.b)</c>.
    /// </summary>
    /// <param name="arithmetic">The arithmetic of the values (<see cref="T:Micrograd.Core.Nn.NodeArithmetic"/>
    /// for nodes, <c>ValueArithmetic</c> for the C# façade's values).</param>
    /// <param name="weights">The weights w0..w(n-1).</param>
    /// <param name="bias">The bias b.</param>
    /// <param name="inputs">The inputs x0..x(n-1), one per weight, none of them null.</param>
    /// <param name="nonlinearity">The function f.</param>
    /// <returns>The neuron's output, a new value; every intermediate sum and product is a new value too.</returns>
    /// <exception cref="T:System.ArgumentNullException">The weights, the bias or the inputs are null.</exception>
    /// <exception cref="T:System.ArgumentException">The number of inputs is not the number of weights.</exception>
    /// <remarks>A null input is not looked for here (the layers check their inputs once for all
    /// their neurons); the arithmetic's operation refuses it. Pass a struct as <c>'A</c> (as both arithmetics above are), so that the runtime calls
    /// its operations directly.</remarks>
    /// <typeparam name="T">The kind of value (<c>Node</c>, or the C# façade's <c>Value</c>).</typeparam>
    /// <typeparam name="A">The arithmetic's type, a struct (see <see cref="T:Micrograd.Core.Nn.IArithmetic`1"/>).</typeparam>
    static member Activate<'T, 'A when 'A :> IArithmetic<'T> and 'A: struct>
        (arithmetic: 'A, weights: 'T[], bias: 'T, inputs: IReadOnlyList<'T>, nonlinearity: Nonlinearity)
        : 'T =
        NeuronParts.checkTerms weights bias inputs
        let mutable act = bias
        for i in 0 .. weights.Length - 1 do
            act <- arithmetic.Add(act, arithmetic.Multiply(weights[i], inputs[i]))
        NeuronParts.nonlinear arithmetic act nonlinearity

    /// <summary>
    /// <see cref="M:Micrograd.Core.Nn.Neuron.Activate``2(``1,``0[],``0,System.Collections.Generic.IReadOnlyList{``0},Micrograd.Core.Nonlinearity)"/>
    /// with the weighted sum built at once by the arithmetic's <c>WeightedSum</c>: the same value and
    /// the same gradients, to the last bit (the C# façade's neurons, whose sum is one value).
    /// </summary>
    /// <param name="arithmetic">The arithmetic of the values.</param>
    /// <param name="weights">The weights w0..w(n-1).</param>
    /// <param name="bias">The bias b.</param>
    /// <param name="inputs">The inputs x0..x(n-1), one per weight.</param>
    /// <param name="nonlinearity">The function f.</param>
    /// <returns>The neuron's output, a new value.</returns>
    /// <exception cref="T:System.ArgumentNullException">The weights, the bias or the inputs are null.</exception>
    /// <exception cref="T:System.ArgumentException">The number of inputs is not the number of weights.</exception>
    /// <typeparam name="T">The kind of value.</typeparam>
    /// <typeparam name="A">The arithmetic's type, a struct.</typeparam>
    static member ActivateSum<'T, 'A when 'A :> IWeightedSum<'T> and 'A: struct>
        (arithmetic: 'A, weights: 'T[], bias: 'T, inputs: IReadOnlyList<'T>, nonlinearity: Nonlinearity)
        : 'T =
        NeuronParts.checkTerms weights bias inputs
        NeuronParts.nonlinear arithmetic (arithmetic.WeightedSum(bias, weights, inputs)) nonlinearity


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
    /// <exception cref="T:System.ArgumentNullException">The list, or one of its nodes, is null.</exception>
    /// <exception cref="T:System.ArgumentException">The number of inputs is not <c>Nin</c>.</exception>
    member this.Forward(inputs: IReadOnlyList<Node>) : Node =
        Checks.inputs (nameof inputs) weights.Length inputs
        Checks.noNullInputs (nameof inputs) inputs
        this.Apply inputs

    /// Forward without the checks of the inputs' elements, for a layer that has made them once for all its neurons.
    member internal _.Apply(inputs: IReadOnlyList<Node>) : Node =
        Neuron.Activate(NodeArithmetic(), weights, bias, inputs, nonlinearity)

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
