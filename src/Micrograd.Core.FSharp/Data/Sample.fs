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
