namespace Micrograd.Core.Nn

open System.Collections.Generic

/// <summary>
/// Softmax, log-softmax, log-sum-exp and softplus, written once for any
/// <see cref="T:Micrograd.Core.Nn.IArithmetic`1"/> and numerically stable: each subtracts the
/// largest input before it takes an exponential, so logits such as <c>[1000, 0, -1000]</c> give
/// finite values and gradients where <c>exp 1000</c> alone would overflow.
/// </summary>
/// <remarks>
/// <para>The shift is the running maximum <c>m = x0</c>, <c>m = m + relu(x_k - m)</c>, built as
/// nodes, so that a compiled tape that replays the graph with new inputs shifts by their maximum,
/// not by the one the graph was built with. It goes through
/// <see cref="M:Micrograd.Core.Nn.IArithmetic`1.Detach(`0)"/>: the shift cancels out of every
/// result, so no gradient should flow through it, and none does.</para>
/// <para>Subtraction is built as the core builds <c>a - b</c>: <c>a + (b * -1)</c>.</para>
/// </remarks>
/// <example>
/// <code lang="fsharp">
/// let a = NodeArithmetic()
/// let p = Functions.softmax a [| Node.Leaf 1.0; Node.Leaf 2.0; Node.Leaf 3.0 |]   // 0.090, 0.245, 0.665
/// </code>
/// </example>
[<RequireQualifiedAccess>]
module Functions =

    /// a - b, built as the core's operator builds it: a + (b * -1).
    let internal subtract<'T, 'A when 'A :> IArithmetic<'T> and 'A: struct> (arithmetic: 'A) (a: 'T) (b: 'T) : 'T =
        arithmetic.Add(a, arithmetic.Multiply(b, arithmetic.Constant -1.0))

    /// The detached shift m (the running maximum), each x_i - m, and ln Σ exp(x_i - m).
    /// The maximum runs over halves, h = h + relu(x_k/2 - h), and m = 2h: halving and doubling are
    /// exact, so no step overflows even for logits of ±1e308. h + (x_k/2 - h) may round away from
    /// x_k/2, so m is the largest logit to within a rounding, not always to the bit ([-2.62, 0.44]
    /// gives 0.43999999999999995): all a shift needs, since it cancels out of every result.
    let internal shifted<'T, 'A when 'A :> IArithmetic<'T> and 'A: struct>
        (arithmetic: 'A)
        (xs: IReadOnlyList<'T>)
        : struct ('T * 'T[] * 'T) =
        let half (x: 'T) = arithmetic.Multiply(x, arithmetic.Constant 0.5)
        let mutable h = half xs[0]
        for k in 1 .. xs.Count - 1 do
            h <- arithmetic.Add(h, arithmetic.Relu(subtract arithmetic (half xs[k]) h))
        let shift = arithmetic.Multiply(arithmetic.Detach h, arithmetic.Constant 2.0)
        let negatedShift = arithmetic.Multiply(shift, arithmetic.Constant -1.0)
        let z = Array.init xs.Count (fun i -> arithmetic.Add(xs[i], negatedShift))
        let exps = Array.map (fun zi -> arithmetic.Exp zi) z
        struct (shift, z, arithmetic.Log(Arithmetic.sum arithmetic exps))

    /// <summary>ln(e^x0 + e^x1 + ...), computed as <c>m + ln Σ e^(x_i - m)</c> with m the largest
    /// input, detached. Its gradient is the softmax of the inputs.</summary>
    /// <remarks>For finite inputs. The IEEE results beyond them: an input of +∞ or NaN gives NaN, not
    /// +∞ (the shift is then +∞ or NaN, and +∞ - +∞ is NaN), and so does a first input of -∞ (the
    /// running maximum starts at -∞, and -∞ - -∞ is NaN); an input of -∞ after the first adds
    /// e^-∞ = 0 to the sum, as it should.</remarks>
    /// <param name="arithmetic">The arithmetic to build with.</param>
    /// <param name="values">The inputs, at least one.</param>
    /// <returns>A new value.</returns>
    /// <exception cref="T:System.ArgumentNullException">The list or one of its entries is null.</exception>
    /// <exception cref="T:System.ArgumentException">The list is empty.</exception>
    /// <typeparam name="T">The kind of value (<c>Node</c>, or the C# façade's <c>Value</c>).</typeparam>
    /// <typeparam name="A">The arithmetic's type, a struct (see <see cref="T:Micrograd.Core.Nn.IArithmetic`1"/>).</typeparam>
    [<CompiledName("LogSumExp")>]
    let logSumExp<'T, 'A when 'A :> IArithmetic<'T> and 'A: struct> (arithmetic: 'A) (values: IReadOnlyList<'T>) : 'T =
        Checks.values (nameof values) values
        let struct (shift, _, logSum) = shifted arithmetic values
        arithmetic.Add(shift, logSum)

    /// <summary>The log-probabilities of classes from their logits: <c>(x_i - m) - ln Σ e^(x_j - m)</c>,
    /// with m the largest logit, detached (PyTorch's <c>log_softmax</c>). Finite wherever the
    /// logits are finite and no two of them differ by more than the largest double (beyond that, the
    /// smaller one's log-probability is -∞, its correctly rounded value). NaN or infinite logits
    /// give NaN, but for a logit of -∞ after the first, whose log-probability is -∞ (as
    /// <c>logSumExp</c> says).</summary>
    /// <param name="arithmetic">The arithmetic to build with.</param>
    /// <param name="logits">The scores of the classes, at least one.</param>
    /// <returns>One new value per logit, in their order.</returns>
    /// <exception cref="T:System.ArgumentNullException">The list or one of its entries is null.</exception>
    /// <exception cref="T:System.ArgumentException">The list is empty.</exception>
    /// <typeparam name="T">The kind of value (<c>Node</c>, or the C# façade's <c>Value</c>).</typeparam>
    /// <typeparam name="A">The arithmetic's type, a struct (see <see cref="T:Micrograd.Core.Nn.IArithmetic`1"/>).</typeparam>
    [<CompiledName("LogSoftmax")>]
    let logSoftmax<'T, 'A when 'A :> IArithmetic<'T> and 'A: struct>
        (arithmetic: 'A)
        (logits: IReadOnlyList<'T>)
        : 'T[] =
        Checks.values (nameof logits) logits
        let struct (_, z, logSum) = shifted arithmetic logits
        let negatedLogSum = arithmetic.Multiply(logSum, arithmetic.Constant -1.0)
        Array.map (fun zi -> arithmetic.Add(zi, negatedLogSum)) z

    /// <summary>The probabilities of classes from their logits, <c>e^x_i / Σ e^x_j</c>, computed as
    /// <c>e^(log-softmax_i)</c> so that no exponential overflows. They sum to 1 (to rounding).</summary>
    /// <param name="arithmetic">The arithmetic to build with.</param>
    /// <param name="logits">The scores of the classes, at least one.</param>
    /// <returns>One new value per logit, in their order.</returns>
    /// <exception cref="T:System.ArgumentNullException">The list or one of its entries is null.</exception>
    /// <exception cref="T:System.ArgumentException">The list is empty.</exception>
    /// <typeparam name="T">The kind of value (<c>Node</c>, or the C# façade's <c>Value</c>).</typeparam>
    /// <typeparam name="A">The arithmetic's type, a struct (see <see cref="T:Micrograd.Core.Nn.IArithmetic`1"/>).</typeparam>
    [<CompiledName("Softmax")>]
    let softmax<'T, 'A when 'A :> IArithmetic<'T> and 'A: struct> (arithmetic: 'A) (logits: IReadOnlyList<'T>) : 'T[] =
        logSoftmax arithmetic logits |> Array.map (fun l -> arithmetic.Exp l)

    /// <summary>softplus x = ln(1 + e^x), computed as the log-sum-exp of <c>[0, x]</c>: finite for
    /// any finite x (about x for large x, about 0 for very negative x), with the gradient
    /// σ(x) = 1 / (1 + e^-x) everywhere, ½ at 0 exactly. softplus(-∞) is 0, with the gradient 0;
    /// softplus(+∞) and softplus(NaN) are NaN (see <c>logSumExp</c>).</summary>
    /// <param name="arithmetic">The arithmetic to build with.</param>
    /// <param name="x">The input.</param>
    /// <returns>A new value.</returns>
    /// <exception cref="T:System.ArgumentNullException">x is null.</exception>
    /// <typeparam name="T">The kind of value (<c>Node</c>, or the C# façade's <c>Value</c>).</typeparam>
    /// <typeparam name="A">The arithmetic's type, a struct (see <see cref="T:Micrograd.Core.Nn.IArithmetic`1"/>).</typeparam>
    [<CompiledName("Softplus")>]
    let softplus<'T, 'A when 'A :> IArithmetic<'T> and 'A: struct> (arithmetic: 'A) (x: 'T) : 'T =
        if isNull (box x) then
            raise (System.ArgumentNullException(nameof x, "The input is null; expected a value."))
        logSumExp arithmetic [| arithmetic.Constant 0.0; x |]
