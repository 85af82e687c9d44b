namespace Micrograd.CSharp.Tests;

/// <summary>How each operator builds the graph: forward value, op string, children in operand order.</summary>
public class ValueOperatorTests
{
    private readonly Value _a = new(3.0, "a");
    private readonly Value _b = new(2.0, "b");

    [Fact]
    public void ImplicitConversion_FromDouble_MakesALeaf()
    {
        Value v = 2.5;

        Assert.Equal(2.5, v.Data);
        Assert.Equal(0.0, v.Grad);
        Assert.Equal("", v.Op);
        Assert.Equal("", v.Label);
        Assert.Empty(v.Children);
    }

    [Fact]
    public void Add_TwoValues_IsPlusOfBothInOrder()
    {
        var y = _a + _b;

        AssertBuilt(y, 5.0, "+", _a, _b);
    }

    [Fact]
    public void Multiply_TwoValues_IsTimesOfBothInOrder()
    {
        var y = _a * _b;

        AssertBuilt(y, 6.0, "*", _a, _b);
    }

    [Fact]
    public void Add_DoubleOnEitherSide_ValueFirstThenNewLeaf()
    {
        AssertBuilt(_a + 4.0, 7.0, "+", _a, Leaf(4.0));
        AssertBuilt(4.0 + _a, 7.0, "+", _a, Leaf(4.0));
    }

    [Fact]
    public void Multiply_DoubleOnEitherSide_ValueFirstThenNewLeaf()
    {
        AssertBuilt(_a * 4.0, 12.0, "*", _a, Leaf(4.0));
        AssertBuilt(4.0 * _a, 12.0, "*", _a, Leaf(4.0));
    }

    [Fact]
    public void Negate_Value_IsTimesMinusOne()
    {
        AssertBuilt(-_a, -3.0, "*", _a, Leaf(-1.0));
    }

    [Fact]
    public void Subtract_TwoValues_IsPlusOfTheNegation()
    {
        var y = _a - _b;

        AssertBuilt(y, 1.0, "+", _a, Any);
        AssertBuilt(y.Children[1], -2.0, "*", _b, Leaf(-1.0));
    }

    [Fact]
    public void Subtract_DoubleOnRight_IsPlusOfNegatedLeaf()
    {
        AssertBuilt(_a - 4.0, -1.0, "+", _a, Leaf(-4.0));
    }

    [Fact]
    public void Subtract_DoubleOnLeft_IsNegationPlusLeaf()
    {
        var y = 4.0 - _a;

        AssertBuilt(y, 1.0, "+", Any, Leaf(4.0));
        AssertBuilt(y.Children[0], -3.0, "*", _a, Leaf(-1.0));
    }

    [Fact]
    public void Divide_TwoValues_IsTimesPowMinusOne()
    {
        var y = _a / _b;

        AssertBuilt(y, 1.5, "*", _a, Any);
        AssertBuilt(y.Children[1], 0.5, "**-1", _b);
    }

    [Fact]
    public void Divide_DoubleOnRight_IsTimesReciprocalLeaf()
    {
        AssertBuilt(_a / 4.0, 0.75, "*", _a, Leaf(0.25));
    }

    [Fact]
    public void Divide_DoubleOnLeft_IsPowMinusOneTimesLeaf()
    {
        var y = 3.0 / _b;

        AssertBuilt(y, 1.5, "*", Any, Leaf(3.0));
        AssertBuilt(y.Children[0], 0.5, "**-1", _b);
    }

    [Theory]
    [InlineData(3.0, "**3", 27.0)]
    [InlineData(2.0, "**2", 9.0)]
    [InlineData(0.5, "**0.5", 1.7320508075688772)] // python3 -c "print(repr(3 ** 0.5))"
    [InlineData(-1.0, "**-1", 0.3333333333333333)]
    public void Pow_Double_OpShowsTheExponent(double exponent, string op, double data)
    {
        AssertBuilt(_a.Pow(exponent), data, op, _a);
    }

    [Fact]
    public void Pow_Value_IsStarStarOfBaseThenExponent()
    {
        AssertBuilt(_a.Pow(_b), 9.0, "**", _a, _b);
    }

    [Theory]
    [InlineData("ReLU", 3.0, 3.0)]
    [InlineData("ReLU", -3.0, 0.0)]
    [InlineData("tanh", 0.0, 0.0)]
    [InlineData("exp", 0.0, 1.0)]
    [InlineData("log", 1.0, 0.0)]
    [InlineData("sigmoid", 0.0, 0.5)]
    public void UnaryOperation_Value_OpStringDataAndSingleChild(string op, double x, double data)
    {
        var a = new Value(x);

        AssertBuilt(Unary(op, a), data, op, a);
    }

    // Local derivatives worked by hand: d relu = 1 for x > 0 else 0 (0 at 0, as micrograd),
    // d tanh = 1 - tanh², d exp = exp, d log = 1/x, d sigmoid = σ(1 - σ), d x**k = k x**(k-1).
    [Theory]
    [InlineData("ReLU", 3.0, 1.0)]
    [InlineData("ReLU", -3.0, 0.0)]
    [InlineData("ReLU", 0.0, 0.0)]
    [InlineData("tanh", 0.0, 1.0)]
    [InlineData("exp", 0.0, 1.0)]
    [InlineData("log", 2.0, 0.5)]
    [InlineData("sigmoid", 0.0, 0.25)]
    [InlineData("**3", 2.0, 12.0)]
    [InlineData("**-1", 2.0, -0.25)]
    [InlineData("**0.5", 4.0, 0.25)]
    public void Backward_UnaryOperation_GivesTheLocalDerivative(string op, double x, double derivative)
    {
        var a = new Value(x);

        Unary(op, a).Backward();

        Assert.Equal(derivative, a.Grad);
    }

    [Fact]
    public void Backward_PowValue_BaseAndExponentGetTheirGradients()
    {
        // d(a**b)/da = b·a**(b-1) = 3·4; d(a**b)/db = ln(a)·a**b = 8 ln 2.
        var a = new Value(2.0);
        var b = new Value(3.0);

        a.Pow(b).Backward();

        Assert.Equal(12.0, a.Grad);
        Assert.Equal(8.0 * Math.Log(2.0), b.Grad, 15);
    }

    [Fact]
    public void Sum_Values_AddsLeftToRightStartingFromZeroAsPythonsSum()
    {
        var c = new Value(4.0);

        var y = Value.Sum([_a, _b, c]);

        // Python's sum([a, b, c]) is ((0 + a) + b) + c, and 0 + a is a.__radd__(0), i.e. a + 0.
        AssertBuilt(y, 9.0, "+", Any, c);
        AssertBuilt(y.Children[0], 5.0, "+", Any, _b);
        AssertBuilt(y.Children[0].Children[0], 3.0, "+", _a, Leaf(0.0));
    }

    [Fact]
    public void Sum_Empty_IsLeafZero()
    {
        AssertBuilt(Value.Sum([]), 0.0, "");
    }

    [Fact]
    public void Sum_MillionValues_BackwardSetsEveryGradToOne()
    {
        var values = Enumerable.Range(0, 1_000_000).Select(i => new Value(i % 7)).ToArray();

        var y = Value.Sum(values);
        y.Backward();

        Assert.Equal(2999997.0, y.Data); // python3 -c "print(sum(i % 7 for i in range(10**6)))"
        Assert.Equal(0, values.Count(v => v.Grad != 1.0));
    }

    private static readonly Value A = new(1.0);
    private static readonly Value Null = null!;

    // Each expression, the parameter it must name and the operator the caller wrote.
    private static readonly Dictionary<string, (Func<Value> Build, string Parameter, string Operator)> WithNullOperand = new()
    {
        ["a + null"] = (() => A + Null, "b", "'+'"),
        ["null + a"] = (() => Null + A, "a", "'+'"),
        ["null + 1.0"] = (() => Null + 1.0, "a", "'+'"),
        ["1.0 + null"] = (() => 1.0 + Null, "b", "'+'"),
        ["a * null"] = (() => A * Null, "b", "'*'"),
        ["null * a"] = (() => Null * A, "a", "'*'"),
        ["null * 2.0"] = (() => Null * 2.0, "a", "'*'"),
        ["2.0 * null"] = (() => 2.0 * Null, "b", "'*'"),
        ["-null"] = (() => -Null, "a", "'-'"),
        ["a - null"] = (() => A - Null, "b", "'-'"),
        ["null - a"] = (() => Null - A, "a", "'-'"),
        ["null - 1.0"] = (() => Null - 1.0, "a", "'-'"),
        ["1.0 - null"] = (() => 1.0 - Null, "b", "'-'"),
        ["a / null"] = (() => A / Null, "b", "'/'"),
        ["null / a"] = (() => Null / A, "a", "'/'"),
        ["null / 2.0"] = (() => Null / 2.0, "a", "'/'"),
        ["2.0 / null"] = (() => 2.0 / Null, "b", "'/'"),
        ["a.Pow(null)"] = (() => A.Pow(Null), "exponent", "'**'"),
        ["Value.Sum(null)"] = (() => Value.Sum(null!), "values", ""),
        ["Value.Sum([a, null])"] = (() => Value.Sum([A, Null]), "values", "values[1] is null"),
    };

    public static TheoryData<string> NullOperandExpressions() => new(WithNullOperand.Keys);

    [Theory]
    [MemberData(nameof(NullOperandExpressions))]
    public void Operator_NullOperand_ThrowsArgumentNullExceptionNamingTheOperandAndOperator(string expression)
    {
        var (build, parameter, op) = WithNullOperand[expression];

        var e = Record.Exception(build);

        var nullError = Assert.IsType<ArgumentNullException>(e);
        Assert.Equal(parameter, nullError.ParamName);
        Assert.Contains(op, nullError.Message);
    }

    // A placeholder child: only its position is checked here (its own shape is checked separately).
    private static readonly Value Any = new(double.NaN, "any");

    private static Value Leaf(double data) => new(data, "leaf");

    private static Value Unary(string op, Value a) => op switch
    {
        "ReLU" => a.Relu(),
        "tanh" => a.Tanh(),
        "exp" => a.Exp(),
        "log" => a.Log(),
        "sigmoid" => a.Sigmoid(),
        "**3" => a.Pow(3.0),
        "**-1" => a.Pow(-1.0),
        "**0.5" => a.Pow(0.5),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    /// <summary>
    /// y's data and op, and its children: the same Value where one is given, a new leaf with the
    /// given data where a <see cref="Leaf"/> is given, anything where <see cref="Any"/> is given.
    /// </summary>
    private static void AssertBuilt(Value y, double data, string op, params Value[] children)
    {
        Assert.Equal(data, y.Data);
        Assert.Equal(op, y.Op);
        Assert.Equal(children.Length, y.Children.Count);
        for (var i = 0; i < children.Length; i++)
        {
            var expected = children[i];
            var actual = y.Children[i];
            if (ReferenceEquals(expected, Any))
            {
                continue;
            }
            if (expected.Label == "leaf")
            {
                Assert.Equal("", actual.Op);
                Assert.Empty(actual.Children);
                Assert.Equal(expected.Data, actual.Data);
            }
            else
            {
                Assert.Same(expected, actual);
            }
        }
    }
}
