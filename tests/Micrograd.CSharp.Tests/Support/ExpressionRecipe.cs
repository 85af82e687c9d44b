using System.Globalization;
using System.Text;

namespace Micrograd.CSharp.Tests.Support;

/// <summary>One operation of a random expression (see <see cref="ExpressionRecipe"/>).</summary>
public enum StepKind
{
    Add,        // x + y
    Sub,        // x - y
    Mul,        // x * y
    Div,        // x / y
    Neg,        // -x
    AddLeft,    // c + x
    AddRight,   // x + c
    SubLeft,    // c - x
    SubRight,   // x - c
    MulLeft,    // c * x
    MulRight,   // x * c
    DivLeft,    // c / x
    DivRight,   // x / c
    PowConst,   // x.Pow(c)
    PowValue,   // x.Pow(y)
    Relu,
    Tanh,
    Exp,
    Log,
    Sigmoid,
    Sum,        // Value.Sum([x, y, x])
    Detach,     // x.Detach(): x going forward, a constant going back
}

/// <summary>
/// One step: an operation on earlier values. <see cref="X"/> and <see cref="Y"/> count back from
/// the newest value (0 = the newest), modulo how many values there are, so any earlier value can
/// be used again and the expression is a DAG, not a tree.
/// </summary>
public sealed record Step(StepKind Kind, int X, int Y, double C);

/// <summary>
/// A random expression, as data: leaves, then steps that each add one value. Interpreted twice:
/// through the façade (<see cref="Build"/>) and in plain doubles (<see cref="Evaluate"/>), so a
/// numerical derivative can be taken without the code under test.
/// </summary>
/// <remarks>
/// Every operand is checked before its step is built: where the operation would leave the range
/// in which it and its derivative are finite and moderate (log or a fractional power of a value
/// below 0.25, a divisor below 0.25 in size, exp past ±4, a result past ±100), the step is
/// built as tanh(x) instead. The choice is recorded, so the plain-double interpreter makes the
/// same one at nearby inputs.
/// </remarks>
public sealed record ExpressionRecipe(double[] Leaves, Step[] Steps)
{
    public const double Bound = 100.0;

    /// <summary>The expression built through the façade.</summary>
    public sealed record Built(IReadOnlyList<Value> Leaves, IReadOnlyList<Value> Values, bool[] Taken, Value Root);

    /// <summary>Builds the expression through the façade; the root is the last value.</summary>
    public Built Build()
    {
        var leaves = Leaves.Select((d, i) => new Value(d, $"x{i}")).ToArray();
        var values = new List<Value>(leaves);
        var taken = new bool[Steps.Length];
        for (var i = 0; i < Steps.Length; i++)
        {
            var s = Steps[i];
            var x = Pick(values, s.X);
            var y = Pick(values, s.Y);
            taken[i] = InRange(s.Kind, x.Data, y.Data, s.C);
            values.Add(taken[i] ? Apply(s.Kind, x, y, s.C) : x.Tanh());
        }
        return new Built(leaves, values, taken, values[^1]);
    }

    /// <summary>
    /// The root's value in plain doubles, for the given leaves and the recorded choices, with every
    /// detached step held at its value at the recipe's own <see cref="Leaves"/>: the function whose
    /// derivatives a detach promises, so that finite differences of it check gradients through one.
    /// </summary>
    public double Evaluate(double[] leaves, bool[] taken)
    {
        var held = Steps.Any(s => s.Kind == StepKind.Detach) ? Values(Leaves, taken, null) : null;
        return Values(leaves, taken, held)[^1];
    }

    // Every value in plain doubles; a detached step takes its value from held, when given.
    private List<double> Values(double[] leaves, bool[] taken, List<double>? held)
    {
        var values = new List<double>(leaves);
        for (var i = 0; i < Steps.Length; i++)
        {
            var s = Steps[i];
            var x = Pick(values, s.X);
            var y = Pick(values, s.Y);
            values.Add(
                !taken[i] ? Math.Tanh(x)
                : s.Kind == StepKind.Detach && held is not null ? held[values.Count]
                : Apply(s.Kind, x, y, s.C));
        }
        return values;
    }

    private static T Pick<T>(List<T> values, int back) => values[values.Count - 1 - back % values.Count];

    private static Value Apply(StepKind kind, Value x, Value y, double c) => kind switch
    {
        StepKind.Add => x + y,
        StepKind.Sub => x - y,
        StepKind.Mul => x * y,
        StepKind.Div => x / y,
        StepKind.Neg => -x,
        StepKind.AddLeft => c + x,
        StepKind.AddRight => x + c,
        StepKind.SubLeft => c - x,
        StepKind.SubRight => x - c,
        StepKind.MulLeft => c * x,
        StepKind.MulRight => x * c,
        StepKind.DivLeft => c / x,
        StepKind.DivRight => x / c,
        StepKind.PowConst => x.Pow(c),
        StepKind.PowValue => x.Pow(y),
        StepKind.Relu => x.Relu(),
        StepKind.Tanh => x.Tanh(),
        StepKind.Exp => x.Exp(),
        StepKind.Log => x.Log(),
        StepKind.Sigmoid => x.Sigmoid(),
        StepKind.Sum => Value.Sum([x, y, x]),
        StepKind.Detach => x.Detach(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    // The same operations in plain doubles, written from their definitions.
    private static double Apply(StepKind kind, double x, double y, double c) => kind switch
    {
        StepKind.Add => x + y,
        StepKind.Sub => x - y,
        StepKind.Mul => x * y,
        StepKind.Div => x / y,
        StepKind.Neg => -x,
        StepKind.AddLeft => c + x,
        StepKind.AddRight => x + c,
        StepKind.SubLeft => c - x,
        StepKind.SubRight => x - c,
        StepKind.MulLeft => c * x,
        StepKind.MulRight => x * c,
        StepKind.DivLeft => c / x,
        StepKind.DivRight => x / c,
        StepKind.PowConst => Math.Pow(x, c),
        StepKind.PowValue => Math.Pow(x, y),
        StepKind.Relu => Math.Max(0.0, x),
        StepKind.Tanh => Math.Tanh(x),
        StepKind.Exp => Math.Exp(x),
        StepKind.Log => Math.Log(x),
        StepKind.Sigmoid => 1.0 / (1.0 + Math.Exp(-x)),
        StepKind.Sum => x + y + x,
        StepKind.Detach => x,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Whether the step is safe on these operands: finite, moderate, away from poles and branch cuts.</summary>
    private static bool InRange(StepKind kind, double x, double y, double c)
    {
        var domain = kind switch
        {
            StepKind.Div => Math.Abs(y) >= 0.25,
            StepKind.DivLeft => Math.Abs(x) >= 0.25,
            StepKind.PowConst => c == Math.Floor(c) ? c >= 0.0 || Math.Abs(x) >= 0.25 : x >= 0.25,
            StepKind.PowValue => x >= 0.25 && Math.Abs(y) <= 3.0,
            StepKind.Exp => Math.Abs(x) <= 4.0,
            StepKind.Log => x >= 0.25,
            _ => true,
        };
        if (!domain)
        {
            return false;
        }
        var result = Apply(kind, x, y, c);
        return double.IsFinite(result) && Math.Abs(result) <= Bound;
    }

    /// <summary>The recipe as C#, so that a failing case can be pasted into a test.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        var names = new List<string>();
        for (var i = 0; i < Leaves.Length; i++)
        {
            names.Add($"x{i}");
            sb.Append(CultureInfo.InvariantCulture, $"var x{i} = new Value({Leaves[i]:R}); ");
        }
        for (var i = 0; i < Steps.Length; i++)
        {
            var s = Steps[i];
            var x = names[names.Count - 1 - s.X % names.Count];
            var y = names[names.Count - 1 - s.Y % names.Count];
            var c = s.C.ToString("R", CultureInfo.InvariantCulture);
            var text = s.Kind switch
            {
                StepKind.Add => $"{x} + {y}",
                StepKind.Sub => $"{x} - {y}",
                StepKind.Mul => $"{x} * {y}",
                StepKind.Div => $"{x} / {y}",
                StepKind.Neg => $"-{x}",
                StepKind.AddLeft => $"{c} + {x}",
                StepKind.AddRight => $"{x} + {c}",
                StepKind.SubLeft => $"{c} - {x}",
                StepKind.SubRight => $"{x} - {c}",
                StepKind.MulLeft => $"{c} * {x}",
                StepKind.MulRight => $"{x} * {c}",
                StepKind.DivLeft => $"{c} / {x}",
                StepKind.DivRight => $"{x} / {c}",
                StepKind.PowConst => $"{x}.Pow({c})",
                StepKind.PowValue => $"{x}.Pow({y})",
                StepKind.Sum => $"Value.Sum([{x}, {y}, {x}])",
                _ => $"{x}.{s.Kind}()",
            };
            var name = $"v{i}";
            names.Add(name);
            sb.Append($"var {name} = {text}; ");
        }
        return sb.Append("// a step out of range is built as tanh of its first operand").ToString();
    }
}
