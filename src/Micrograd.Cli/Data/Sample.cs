namespace Micrograd.Cli.Data;

/// <summary>One labelled point of a two-class data set.</summary>
/// <param name="X">First coordinate.</param>
/// <param name="Y">Second coordinate.</param>
/// <param name="Label">The class, -1 or +1 (micrograd's demo's <c>y*2 - 1</c>).</param>
internal readonly record struct Sample(double X, double Y, double Label);
