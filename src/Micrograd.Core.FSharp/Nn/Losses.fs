namespace Micrograd.Core.Nn

open System.Collections.Generic

/// <summary>
/// The loss of micrograd's demo (a two-moons classifier), written once for any
/// <see cref="T:Micrograd.Core.Nn.IArithmetic`1"/>:
/// <code>
/// losses    = [(1 + -y*score).relu() for each sample]     # max-margin (SVM) loss
/// data_loss = sum(losses) * (1.0 / len(losses))
/// reg_loss  = alpha * sum(p*p for p in parameters)
/// total     = data_loss + reg_loss
/// </code>
/// built operand for operand as Python builds it, so that every value is micrograd's to the bit:
/// <c>-y*score</c> is <c>score * Value(-y)</c> (a float times a Value goes to <c>__rmul__</c>),
/// <c>1 + v</c> is <c>v + Value(1)</c> (<c>__radd__</c>), <c>alpha * s</c> is <c>s * Value(alpha)</c>,
/// and <c>sum</c> starts from 0 (see <see cref="M:Micrograd.Core.Nn.Arithmetic.Sum``2(``1,System.Collections.Generic.IEnumerable{``0})"/>).
/// </summary>
/// <example>
/// <code lang="fsharp">
/// let a = NodeArithmetic()
/// let scores = [| for x, y, _ in samples -> model.Forward([ Node.Leaf x; Node.Leaf y ])[0] |]
/// let negatedLabels = [| for _, _, label in samples -> Node.Leaf -label |]
/// let total = Losses.demo a scores negatedLabels model.Parameters
/// </code>
/// </example>
[<RequireQualifiedAccess>]
module Losses =

    /// <summary>The weight of the demo's L2 penalty, micrograd's <c>alpha = 1e-4</c>.</summary>
    [<Literal>]
    let DemoAlpha = 1e-4

    /// <summary>The max-margin (hinge) loss, averaged: <c>sum(relu(score_i * negatedLabel_i + 1)) * (1 / n)</c>.
    /// A sample costs nothing once its score has the label's sign with a margin of 1.</summary>
    /// <param name="arithmetic">The arithmetic to build with.</param>
    /// <param name="scores">The model's score for each sample.</param>
    /// <param name="negatedLabels">For each sample, a leaf holding <c>-label</c> (labels are 1 or -1).
    /// They are values, not numbers, so that a compiled tape can keep them and write the next
    /// batch's labels into them.</param>
    /// <returns>The data loss, a new value.</returns>
    /// <exception cref="T:System.ArgumentException">The lists are null, empty or of different lengths.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">A negated label is NaN or infinite.</exception>
    /// <typeparam name="T">The kind of value (<c>Node</c>, or the C# façade's <c>Value</c>).</typeparam>
    /// <typeparam name="A">The arithmetic's type, a struct (see <see cref="T:Micrograd.Core.Nn.IArithmetic`1"/>).</typeparam>
    [<CompiledName("MaxMargin")>]
    let maxMargin<'T, 'A when 'A :> IArithmetic<'T> and 'A: struct>
        (arithmetic: 'A)
        (scores: IReadOnlyList<'T>)
        (negatedLabels: IReadOnlyList<'T>)
        : 'T =
        Checks.pairs (nameof scores) scores (nameof negatedLabels) negatedLabels
        Checks.entries (nameof scores) scores
        Checks.entries (nameof negatedLabels) negatedLabels
        for i in 0 .. negatedLabels.Count - 1 do
            Checks.target (nameof negatedLabels) i (arithmetic.Data negatedLabels[i])
        let n = scores.Count
        let losses =
            Array.init n (fun i ->
                arithmetic.Relu(
                    arithmetic.Add(arithmetic.Multiply(scores[i], negatedLabels[i]), arithmetic.Constant 1.0)
                ))
        arithmetic.Multiply(Arithmetic.sum arithmetic losses, arithmetic.Constant(1.0 / float n))

    /// <summary>The L2 penalty: <c>sum(p * p for p in parameters) * alpha</c>, which pulls every
    /// parameter a little towards 0.</summary>
    /// <param name="arithmetic">The arithmetic to build with.</param>
    /// <param name="alpha">The weight of the penalty (the demo's is <see cref="F:Micrograd.Core.Nn.Losses.DemoAlpha"/>).</param>
    /// <param name="parameters">The model's parameters, in their usual order.</param>
    /// <returns>The penalty, a new value.</returns>
    /// <exception cref="T:System.ArgumentNullException">The parameters are null.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">alpha is NaN, infinite or negative.</exception>
    /// <typeparam name="T">The kind of value (<c>Node</c>, or the C# façade's <c>Value</c>).</typeparam>
    /// <typeparam name="A">The arithmetic's type, a struct (see <see cref="T:Micrograd.Core.Nn.IArithmetic`1"/>).</typeparam>
    [<CompiledName("L2")>]
    let l2<'T, 'A when 'A :> IArithmetic<'T> and 'A: struct>
        (arithmetic: 'A)
        (alpha: float)
        (parameters: IReadOnlyList<'T>)
        : 'T =
        Checks.l2Weight (nameof alpha) alpha
        if isNull parameters then
            raise (
                System.ArgumentNullException(
                    nameof parameters,
                    "The parameters are null; expected the model's parameters."
                )
            )
        Checks.entries (nameof parameters) parameters
        // Lazy, as Python's generator is: each square is built just before it is added.
        let squares = Seq.map (fun p -> arithmetic.Multiply(p, p)) parameters
        arithmetic.Multiply(Arithmetic.sum arithmetic squares, arithmetic.Constant alpha)

    /// <summary>The demo's total loss: <c>maxMargin scores negatedLabels + l2 DemoAlpha parameters</c>,
    /// the data loss built first.</summary>
    /// <param name="arithmetic">The arithmetic to build with.</param>
    /// <param name="scores">The model's score for each sample.</param>
    /// <param name="negatedLabels">For each sample, a leaf holding <c>-label</c>.</param>
    /// <param name="parameters">The model's parameters.</param>
    /// <returns>The total loss, a new value; its backward pass gives every parameter's gradient.</returns>
    /// <exception cref="T:System.ArgumentException">The lists are null, empty or of different lengths.</exception>
    /// <typeparam name="T">The kind of value (<c>Node</c>, or the C# façade's <c>Value</c>).</typeparam>
    /// <typeparam name="A">The arithmetic's type, a struct (see <see cref="T:Micrograd.Core.Nn.IArithmetic`1"/>).</typeparam>
    [<CompiledName("Demo")>]
    let demo<'T, 'A when 'A :> IArithmetic<'T> and 'A: struct>
        (arithmetic: 'A)
        (scores: IReadOnlyList<'T>)
        (negatedLabels: IReadOnlyList<'T>)
        (parameters: IReadOnlyList<'T>)
        : 'T =
        let dataLoss = maxMargin arithmetic scores negatedLabels
        arithmetic.Add(dataLoss, l2 arithmetic DemoAlpha parameters)

    /// <summary>Mean squared error: <c>sum((p_i - t_i)² for each i) * (1 / n)</c>, each difference
    /// built as <c>p_i + (t_i * -1)</c> and squared as <c>d * d</c>.</summary>
    /// <param name="arithmetic">The arithmetic to build with.</param>
    /// <param name="predictions">The model's output for each sample.</param>
    /// <param name="targets">For each sample, a value holding what the output should be: values,
    /// not numbers, so that a compiled tape can keep them and write the next batch's targets into
    /// them. Each must be finite.</param>
    /// <returns>The mean, a new value.</returns>
    /// <exception cref="T:System.ArgumentNullException">A list or one of its entries is null.</exception>
    /// <exception cref="T:System.ArgumentException">The lists are empty or of different lengths.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">A target is NaN or infinite.</exception>
    /// <typeparam name="T">The kind of value (<c>Node</c>, or the C# façade's <c>Value</c>).</typeparam>
    /// <typeparam name="A">The arithmetic's type, a struct (see <see cref="T:Micrograd.Core.Nn.IArithmetic`1"/>).</typeparam>
    [<CompiledName("Mse")>]
    let mse<'T, 'A when 'A :> IArithmetic<'T> and 'A: struct>
        (arithmetic: 'A)
        (predictions: IReadOnlyList<'T>)
        (targets: IReadOnlyList<'T>)
        : 'T =
        Checks.pairs (nameof predictions) predictions (nameof targets) targets
        Checks.entries (nameof predictions) predictions
        Checks.entries (nameof targets) targets
        for i in 0 .. targets.Count - 1 do
            Checks.target (nameof targets) i (arithmetic.Data targets[i])
        let n = predictions.Count
        let squares =
            Array.init n (fun i ->
                let d = Functions.subtract arithmetic predictions[i] targets[i]
                arithmetic.Multiply(d, d))
        arithmetic.Multiply(Arithmetic.sum arithmetic squares, arithmetic.Constant(1.0 / float n))

    /// <summary>Binary cross-entropy of a logit (PyTorch's <c>binary_cross_entropy_with_logits</c>):
    /// <c>-(t ln σ(x) + (1 - t) ln(1 - σ(x)))</c>, computed in the stable form
    /// <c>softplus(x) - x * t</c> (see <see cref="M:Micrograd.Core.Nn.Functions.Softplus``2(``1,``0)"/>),
    /// finite for logits of ±1000, with the gradient <c>σ(x) - t</c>.</summary>
    /// <remarks>An infinite logit gives the IEEE result of that form, not the limit: +∞ gives NaN
    /// (softplus(+∞) is NaN), and -∞ gives +∞ for a target above 0 and NaN for a target of 0
    /// (-∞ · 0). Keep the scores finite, or look for the first NaN with <c>Anomaly.Detect()</c>.</remarks>
    /// <param name="arithmetic">The arithmetic to build with.</param>
    /// <param name="logit">The model's score, a logit: σ(logit) is the probability of the positive class.</param>
    /// <param name="target">A value holding the probability the score should give, from 0 to 1
    /// (1 for the positive class, 0 for the negative).</param>
    /// <returns>The loss, a new value.</returns>
    /// <exception cref="T:System.ArgumentNullException">logit or target is null.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">The target is NaN or outside [0, 1].</exception>
    /// <typeparam name="T">The kind of value (<c>Node</c>, or the C# façade's <c>Value</c>).</typeparam>
    /// <typeparam name="A">The arithmetic's type, a struct (see <see cref="T:Micrograd.Core.Nn.IArithmetic`1"/>).</typeparam>
    [<CompiledName("BinaryCrossEntropy")>]
    let binaryCrossEntropy<'T, 'A when 'A :> IArithmetic<'T> and 'A: struct>
        (arithmetic: 'A)
        (logit: 'T)
        (target: 'T)
        : 'T =
        if isNull (box logit) then
            raise (System.ArgumentNullException(nameof logit, "The logit is null; expected a value."))
        if isNull (box target) then
            raise (System.ArgumentNullException(nameof target, "The target is null; expected a value."))
        Checks.probability (nameof target) (arithmetic.Data target)
        Functions.subtract arithmetic (Functions.softplus arithmetic logit) (arithmetic.Multiply(logit, target))

    /// <summary>Cross-entropy over classes (PyTorch's <c>cross_entropy</c>): the negative
    /// log-likelihood of the target class, <c>-log-softmax(logits)[targetClass]</c>, computed as
    /// <c>ln Σ e^(x_j - m) - (x_t - m)</c> (see <see cref="M:Micrograd.Core.Nn.Functions.LogSoftmax``2(``1,System.Collections.Generic.IReadOnlyList{``0})"/>).
    /// Its gradient in logit j is <c>softmax_j - (1 if j = targetClass else 0)</c>.</summary>
    /// <param name="arithmetic">The arithmetic to build with.</param>
    /// <param name="logits">The scores of the classes, at least one.</param>
    /// <param name="targetClass">The index of the right class, from 0 to the number of logits - 1.</param>
    /// <returns>The loss, a new value.</returns>
    /// <exception cref="T:System.ArgumentNullException">The list or one of its entries is null.</exception>
    /// <exception cref="T:System.ArgumentException">The list is empty.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">targetClass is not the index of a logit.</exception>
    /// <typeparam name="T">The kind of value (<c>Node</c>, or the C# façade's <c>Value</c>).</typeparam>
    /// <typeparam name="A">The arithmetic's type, a struct (see <see cref="T:Micrograd.Core.Nn.IArithmetic`1"/>).</typeparam>
    [<CompiledName("CrossEntropy")>]
    let crossEntropy<'T, 'A when 'A :> IArithmetic<'T> and 'A: struct>
        (arithmetic: 'A)
        (logits: IReadOnlyList<'T>)
        (targetClass: int)
        : 'T =
        Checks.values (nameof logits) logits
        Checks.classIndex (nameof targetClass) logits.Count targetClass
        let struct (_, z, logSum) = Functions.shifted arithmetic logits
        Functions.subtract arithmetic logSum z[targetClass]

    /// <summary>micrograd's accuracy test: a sample is classified right when its score has its
    /// label's sign, <c>(label &gt; 0) == (score &gt; 0)</c>.</summary>
    /// <param name="label">The label, 1 or -1.</param>
    /// <param name="score">The model's score (its forward value).</param>
    /// <returns>Whether the sample counts as right.</returns>
    [<CompiledName("IsCorrect")>]
    let isCorrect (label: float) (score: float) : bool = (label > 0.0) = (score > 0.0)
