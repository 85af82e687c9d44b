namespace Micrograd.Core.Nn

open Micrograd.Core

open System
open System.Collections.Generic

/// <summary>
/// The scalar arithmetic a network and its loss are built from, for any kind of value that can
/// record it: the F# core's immutable <see cref="T:Micrograd.Core.Node"/> (<see cref="T:Micrograd.Core.Nn.NodeArithmetic"/>)
/// or the C# façade's mutable <c>Value</c> (<c>Micrograd.ValueArithmetic</c>).
/// </summary>
/// <typeparam name="T">The kind of value: a node of an expression graph.</typeparam>
/// <remarks>
/// Neurons (<see cref="M:Micrograd.Core.Nn.Neuron.Activate``2(``1,``0[],``0,System.Collections.Generic.IReadOnlyList{``0},Micrograd.Core.Nonlinearity)"/>)
/// and losses (<see cref="T:Micrograd.Core.Nn.Losses"/>) are written once against this interface, so
/// that every kind of value gets the same operations in the same order, and so the same numbers
/// to the last bit. Implement it on a struct and pass the struct itself as the type argument
/// <c>'A</c>: the runtime then compiles a copy of the network for that struct and calls its methods
/// directly, as fast as writing the arithmetic out by hand.
/// </remarks>
type IArithmetic<'T> =
    /// <summary>A new leaf holding a number (micrograd's <c>Value(value)</c>).</summary>
    /// <param name="value">The number.</param>
    /// <returns>The new leaf.</returns>
    abstract Constant: value: float -> 'T

    /// <summary>a + b, a new node with a as its first operand.</summary>
    /// <param name="a">The left operand.</param>
    /// <param name="b">The right operand.</param>
    /// <returns>The new node.</returns>
    abstract Add: a: 'T * b: 'T -> 'T

    /// <summary>a * b, a new node with a as its first operand.</summary>
    /// <param name="a">The left operand.</param>
    /// <param name="b">The right operand.</param>
    /// <returns>The new node.</returns>
    abstract Multiply: a: 'T * b: 'T -> 'T

    /// <summary>max(0, x), a new node.</summary>
    /// <param name="x">The operand.</param>
    /// <returns>The new node.</returns>
    abstract Relu: x: 'T -> 'T

    /// <summary>tanh x, a new node.</summary>
    /// <param name="x">The operand.</param>
    /// <returns>The new node.</returns>
    abstract Tanh: x: 'T -> 'T

    /// <summary>e^x, a new node.</summary>
    /// <param name="x">The operand.</param>
    /// <returns>The new node.</returns>
    abstract Exp: x: 'T -> 'T

    /// <summary>ln x, a new node.</summary>
    /// <param name="x">The operand.</param>
    /// <returns>The new node.</returns>
    abstract Log: x: 'T -> 'T

    /// <summary>x's value as a constant: a new node that passes no gradient back to x (PyTorch's
    /// <c>detach</c>, JAX's <c>stop_gradient</c>).</summary>
    /// <param name="x">The operand.</param>
    /// <returns>The new node.</returns>
    abstract Detach: x: 'T -> 'T

    /// <summary>The forward value of a node (micrograd's <c>.data</c>).</summary>
    /// <param name="x">The node.</param>
    /// <returns>Its value.</returns>
    abstract Data: x: 'T -> float

/// <summary>
/// An arithmetic that can also build a neuron's weighted sum <c>bias + w0·x0 + w1·x1 + ...</c> at
/// once, as a kind of value that holds it in one value (the C# façade's <c>Value</c> does:
/// see <see cref="M:Micrograd.Core.MutableNode.#ctor(Micrograd.Core.MutableNode,System.Collections.Generic.IReadOnlyList{Micrograd.Core.MutableNode},System.Collections.Generic.IReadOnlyList{Micrograd.Core.MutableNode})"/>).
/// </summary>
/// <typeparam name="T">The kind of value.</typeparam>
type IWeightedSum<'T> =
    inherit IArithmetic<'T>

    /// <summary><c>bias + weights[0] * inputs[0] + weights[1] * inputs[1] + ...</c>, added left to
    /// right from the bias: the same forward value, and the same gradients to the last bit, as
    /// <c>Add(...Add(Add(bias, Multiply(w0, x0)), Multiply(w1, x1))..., Multiply(wn, xn))</c>.</summary>
    /// <param name="bias">The bias.</param>
    /// <param name="weights">The weights (at least one).</param>
    /// <param name="inputs">The inputs, one per weight.</param>
    /// <returns>The sum, a new value.</returns>
    abstract WeightedSum: bias: 'T * weights: 'T[] * inputs: IReadOnlyList<'T> -> 'T

/// <summary>The arithmetic of the F# core's immutable <see cref="T:Micrograd.Core.Node"/>: its operators.</summary>
/// <example><c>Neuron.Activate(NodeArithmetic(), weights, bias, inputs, Nonlinearity.ReLU)</c></example>
[<Struct>]
type NodeArithmetic =
    interface IArithmetic<Node> with
        member _.Constant(value) = Node.Leaf value
        member _.Add(a, b) = a + b
        member _.Multiply(a, b) = a * b
        member _.Relu(x) = Node.Relu x
        member _.Tanh(x) = Node.Tanh x
        member _.Exp(x) = Node.Exp x
        member _.Log(x) = Node.Log x
        member _.Detach(x) = Node.Detach x
        member _.Data(x) = x.Data

/// <summary>Functions written once over any <see cref="T:Micrograd.Core.Nn.IArithmetic`1"/>.</summary>
[<RequireQualifiedAccess>]
module Arithmetic =

    /// <summary>The sum of the terms, left to right, as Python's <c>sum</c> builds it: <c>0 + x0</c>
    /// first, which micrograd's <c>__radd__</c> turns into <c>x0 + Value(0)</c>, then <c>+ x1</c>,
    /// <c>+ x2</c>, ... (the same graph as <see cref="M:Micrograd.Core.Node.Sum(System.Collections.Generic.IEnumerable{Micrograd.Core.Node})"/>).</summary>
    /// <param name="arithmetic">The arithmetic to build with.</param>
    /// <param name="terms">The terms, read once, in order: a lazy sequence builds each term just
    /// before it is added, as Python's generator expressions do.</param>
    /// <returns>The sum; a new leaf 0 when there are no terms.</returns>
    /// <exception cref="T:System.ArgumentNullException">The terms are null.</exception>
    /// <typeparam name="T">The kind of value (<c>Node</c>, or the C# façade's <c>Value</c>).</typeparam>
    /// <typeparam name="A">The arithmetic's type, a struct (see <see cref="T:Micrograd.Core.Nn.IArithmetic`1"/>).</typeparam>
    [<CompiledName("Sum")>]
    let sum<'T, 'A when 'A :> IArithmetic<'T> and 'A: struct> (arithmetic: 'A) (terms: IEnumerable<'T>) : 'T =
        if isNull terms then
            raise (ArgumentNullException(nameof terms, "The terms are null; expected a sequence of them."))
        use e = terms.GetEnumerator()
        if e.MoveNext() then
            let mutable total = arithmetic.Add(e.Current, arithmetic.Constant 0.0)
            while e.MoveNext() do
                total <- arithmetic.Add(total, e.Current)
            total
        else
            arithmetic.Constant 0.0
