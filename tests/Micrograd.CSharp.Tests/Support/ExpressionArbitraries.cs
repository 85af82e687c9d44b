using FsCheck;
using FsCheck.Fluent;

namespace Micrograd.CSharp.Tests.Support;

/// <summary>Random expressions over every operation of the façade, for <c>[Property(Arbitrary = ...)]</c>.</summary>
public static class ExpressionArbitraries
{
    public static Arbitrary<ExpressionRecipe> Recipes() =>
        Arb.From(Recipe(Enum.GetValues<StepKind>(), maxSteps: 40), Shrink);

    // Exponents for Pow(double): integers (any base) and fractions (positive bases only). Not 0:
    // d/dx x**0 = 0 · x**-1 is NaN at x = 0, as micrograd's is an error.
    private static readonly double[] Exponents = [1.0, 2.0, 3.0, -1.0, -2.0, 0.5, 1.5, 2.5, -0.5];

    // Leaves in [-3, 3], in steps of 0.01.
    private static readonly Gen<double> Number = Gen.Choose(-300, 300).Select(i => i / 100.0);

    // Constants 0.25 to 3 in size, either sign: never a division by (nearly) zero.
    private static readonly Gen<double> Constant =
        from size in Gen.Choose(25, 300)
        from sign in Gen.Elements(-1.0, 1.0)
        select sign * size / 100.0;

    // How far back an operand is: often the newest value (deep chains), else any earlier one (reuse).
    private static readonly Gen<int> Back = Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(0, 64)));

    internal static Gen<ExpressionRecipe> Recipe(StepKind[] kinds, int maxSteps) =>
        from leafCount in Gen.Choose(1, 4)
        from leaves in Gen.ArrayOf(Number, leafCount)
        from stepCount in Gen.Choose(1, maxSteps)
        from steps in Gen.ArrayOf(Step(kinds), stepCount)
        select new ExpressionRecipe(leaves, steps);

    private static Gen<Step> Step(StepKind[] kinds) =>
        from kind in Gen.Elements(kinds)
        from x in Back
        from y in Back
        from c in kind == StepKind.PowConst ? Gen.Elements(Exponents) : Constant
        select new Step(kind, x, y, c);

    // Fewer steps: the first half, all but the last, then each step left out in turn. Operands
    // count back modulo the number of values, so every shorter recipe is still valid.
    internal static IEnumerable<ExpressionRecipe> Shrink(ExpressionRecipe recipe)
    {
        var steps = recipe.Steps;
        if (steps.Length <= 1)
        {
            yield break;
        }
        if (steps.Length > 3)
        {
            yield return recipe with { Steps = steps[..(steps.Length / 2)] };
        }
        for (var i = steps.Length - 1; i >= 0; i--)
        {
            yield return recipe with { Steps = [.. steps[..i], .. steps[(i + 1)..]] };
        }
    }
}

/// <summary>Random expressions without ReLU (whose kink a finite difference cannot step over), and shorter.</summary>
public static class SmoothExpressionArbitraries
{
    public static Arbitrary<ExpressionRecipe> Recipes() =>
        Arb.From(
            ExpressionArbitraries.Recipe(Enum.GetValues<StepKind>().Where(k => k != StepKind.Relu).ToArray(), maxSteps: 12),
            ExpressionArbitraries.Shrink);
}
