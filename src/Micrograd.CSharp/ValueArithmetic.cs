using Micrograd.Core.Nn;

namespace Micrograd;

/// <summary>
/// The arithmetic of <see cref="Value"/> (its operators), for the networks and losses written once in
/// the F# core over <see cref="IArithmetic{T}"/>: with it, a C# <see cref="Neuron"/> computes
/// exactly what the F# one computes, operation for operation.
/// </summary>
/// <example>
/// <code>
/// var total = Micrograd.Core.Nn.Losses.Demo(new ValueArithmetic(), scores, negatedLabels, model.Parameters());
/// </code>
/// </example>
public readonly struct ValueArithmetic : IWeightedSum<Value>
{
    /// <summary>A new leaf, <c>new Value(value)</c>.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The new leaf.</returns>
    public Value Constant(double value) => new(value);

    /// <summary><c>a + b</c>.</summary>
    /// <param name="a">The left operand.</param>
    /// <param name="b">The right operand.</param>
    /// <returns>The new value.</returns>
    public Value Add(Value a, Value b) => a + b;

    /// <summary><c>a * b</c>.</summary>
    /// <param name="a">The left operand.</param>
    /// <param name="b">The right operand.</param>
    /// <returns>The new value.</returns>
    public Value Multiply(Value a, Value b) => a * b;

    /// <summary><c>x.Relu()</c>.</summary>
    /// <param name="x">The operand.</param>
    /// <returns>The new value.</returns>
    public Value Relu(Value x) => x.Relu();

    /// <summary><c>x.Tanh()</c>.</summary>
    /// <param name="x">The operand.</param>
    /// <returns>The new value.</returns>
    public Value Tanh(Value x) => x.Tanh();

    /// <summary><c>x.Exp()</c>.</summary>
    /// <param name="x">The operand.</param>
    /// <returns>The new value.</returns>
    public Value Exp(Value x) => x.Exp();

    /// <summary><c>x.Log()</c>.</summary>
    /// <param name="x">The operand.</param>
    /// <returns>The new value.</returns>
    public Value Log(Value x) => x.Log();

    /// <summary><c>x.Detach()</c>.</summary>
    /// <param name="x">The operand.</param>
    /// <returns>The new value.</returns>
    public Value Detach(Value x) => x.Detach();

    /// <summary><c>Value.WeightedSum(bias, weights, inputs)</c>.</summary>
    /// <param name="bias">The bias.</param>
    /// <param name="weights">The weights.</param>
    /// <param name="inputs">The inputs, one per weight.</param>
    /// <returns>The new value.</returns>
    public Value WeightedSum(Value bias, Value[] weights, IReadOnlyList<Value> inputs) =>
        Value.WeightedSum(bias, weights, inputs);

    /// <summary><c>x.Data</c>.</summary>
    /// <param name="x">The value.</param>
    /// <returns>Its forward value.</returns>
    public double Data(Value x) => x.Data;
}
