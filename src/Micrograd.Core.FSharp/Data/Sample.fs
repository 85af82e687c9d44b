namespace Micrograd.Core.Data

/// <summary>One labelled point of a two-class data set in the plane, such as micrograd's moons.</summary>
/// <example>
/// <code lang="fsharp">
/// let p = { X = 0.5; Y = -0.25; Label = 1.0 }
/// </code>
/// </example>
[<Struct>]
type Sample = {
    /// <summary>The first coordinate.</summary>
    X: float
    /// <summary>The second coordinate.</summary>
    Y: float
    /// <summary>The class, -1 or +1 (micrograd's demo's <c>y*2 - 1</c> of scikit-learn's 0/1).</summary>
    Label: float
}

/// <summary>
/// One labelled example of any number of features: what a training loop consumes. The label is
/// a number, read as the loss needs it: <c>-1</c> or <c>+1</c> for a two-class loss such as the
/// max-margin loss of micrograd's demo, or a class index <c>0, 1, ..., K - 1</c> for cross-entropy
/// over K classes (the CS231n spiral's).
/// </summary>
/// <remarks>One type for both kinds of label keeps one training loop for both losses; a
/// <see cref="T:Micrograd.Core.Data.Sample"/> becomes an example with
/// <see cref="M:Micrograd.Core.Data.Example.OfSample(Micrograd.Core.Data.Sample)"/>.</remarks>
/// <example>
/// <code lang="fsharp">
/// let binary = Example.Create([| 0.5; -0.25 |], 1.0)     // class +1 of two
/// let third = Example.OfClass([| 0.1; 0.7 |], 2)         // class 2 of three
/// </code>
/// </example>
[<Sealed>]
type Example private (features: float[], label: float) =

    /// <summary>An example with these features and this label.</summary>
    /// <param name="features">The inputs, at least one, each finite; copied.</param>
    /// <param name="label">-1 or +1 for two classes, or a class index 0, 1, ... (a whole number); finite.</param>
    /// <exception cref="T:System.ArgumentNullException"><paramref name="features"/> is null.</exception>
    /// <exception cref="T:System.ArgumentException"><paramref name="features"/> is empty.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">A feature or the label is NaN or infinite.</exception>
    static member Create(features: System.Collections.Generic.IReadOnlyList<float>, label: float) : Example =
        if isNull features then
            raise (
                System.ArgumentNullException(nameof features, "The features are null; expected one number per input.")
            )
        if features.Count = 0 then
            raise (System.ArgumentException("The features are empty; expected at least one number.", nameof features))
        let copy = Array.init features.Count (fun i -> features[i])
        for i in 0 .. copy.Length - 1 do
            if not (System.Double.IsFinite copy[i]) then
                raise (
                    System.ArgumentOutOfRangeException(
                        nameof features,
                        copy[i],
                        sprintf "features[%d] is %g; expected a finite number." i copy[i]
                    )
                )
        if not (System.Double.IsFinite label) then
            raise (
                System.ArgumentOutOfRangeException(
                    nameof label,
                    label,
                    "The label is not a finite number; expected -1 or +1, or a class index."
                )
            )
        Example(copy, label)

    /// <summary>An example of class <paramref name="classIndex"/> (for cross-entropy).</summary>
    /// <param name="features">The inputs, at least one, each finite; copied.</param>
    /// <param name="classIndex">The class, 0 or more.</param>
    /// <exception cref="T:System.ArgumentOutOfRangeException"><paramref name="classIndex"/> is negative, or a feature is not finite.</exception>
    static member OfClass(features: System.Collections.Generic.IReadOnlyList<float>, classIndex: int) : Example =
        if classIndex < 0 then
            raise (
                System.ArgumentOutOfRangeException(
                    nameof classIndex,
                    classIndex,
                    "The class index is negative; expected 0, 1, ..."
                )
            )
        Example.Create(features, float classIndex)

    /// <summary>The two-feature example of a <see cref="T:Micrograd.Core.Data.Sample"/>: features (X, Y), the same label.</summary>
    static member OfSample(sample: Sample) : Example = Example([| sample.X; sample.Y |], sample.Label)

    /// <summary>The inputs, in order.</summary>
    member _.Features: System.Collections.Generic.IReadOnlyList<float> = features

    /// <summary>The number of inputs.</summary>
    member _.FeatureCount: int = features.Length

    /// <summary>Feature <paramref name="i"/>, without going through the list (no allocation, for tapes).</summary>
    member _.Feature(i: int) : float = features[i]

    /// <summary>The label: -1 or +1, or a class index.</summary>
    member _.Label: float = label

    /// <summary>The label as a class index (for cross-entropy); -1 when it is not a whole number 0 or more.</summary>
    member _.Class: int =
        if
            label >= 0.0
            && label <= float System.Int32.MaxValue
            && label = System.Math.Floor label
        then
            int label
        else
            -1

    /// <summary>The features and the label, e.g. <c>Example([0.5, -0.25], 1)</c>.</summary>
    override _.ToString() =
        let invariant (v: float) = v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)
        sprintf "Example([%s], %s)" (features |> Array.map invariant |> String.concat ", ") (invariant label)
