using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Micrograd.CSharp.Tests.Support;

namespace Micrograd.CSharp.Tests;

/// <summary><see cref="ValueTape"/>: a compiled façade expression gives what building it again gives, bit for bit.</summary>
public class ValueTapeTests
{
    [Property(Arbitrary = [typeof(ExpressionArbitraries)], MaxTest = 300)]
    public void Backward_RandomDag_GradsEqualValueBackwardBitForBit(ExpressionRecipe recipe)
    {
        var compiled = recipe.Build();
        var tape = compiled.Root.Compile();
        var fresh = recipe.Build();

        var root = tape.Forward();
        tape.Backward();
        fresh.Root.Backward();

        Bits.AssertSame(fresh.Root.Data, root);
        Bits.AssertSame(fresh.Root.Data, tape.Data);
        for (var k = 0; k < fresh.Values.Count; k++)
        {
            Bits.AssertSame(fresh.Values[k].Grad, compiled.Values[k].Grad);
        }
    }

    [Property(Arbitrary = [typeof(ExpressionArbitraries)], MaxTest = 300)]
    public Property Forward_AfterSettingLeafData_EqualsTheExpressionBuiltAgainOnThatData(ExpressionRecipe recipe, int seed)
    {
        var compiled = recipe.Build();
        var tape = compiled.Root.Compile();
        tape.Forward();
        tape.Backward(); // a first run on the old data, which must leave no trace but the grads it adds

        var random = new Random(seed);
        var leaves = recipe.Leaves.Select(_ => random.Next(-300, 301) / 100.0).ToArray();
        var fresh = (recipe with { Leaves = leaves }).Build();

        // The recipe builds tanh(x) where an operation would leave its safe range; only where it
        // makes the same choices on the new data is the expression the same shape.
        return Prop.When(fresh.Taken.SequenceEqual(compiled.Taken), () =>
        {
            foreach (var v in compiled.Values.Concat(Reachable(compiled.Root)))
            {
                v.Grad = 0.0;
            }
            for (var k = 0; k < leaves.Length; k++)
            {
                compiled.Leaves[k].Data = leaves[k];
            }

            var root = tape.Forward();
            tape.Backward();
            fresh.Root.Backward();

            Bits.AssertSame(fresh.Root.Data, root);
            for (var k = 0; k < fresh.Values.Count; k++)
            {
                Bits.AssertSame(fresh.Values[k].Grad, compiled.Values[k].Grad);
                // Computed values keep their nodes, so the tape knows them; their values are the tape's.
                if (compiled.Values[k].Op != "" && tape.Tape.IndexOf(compiled.Values[k].Node) is var i and >= 0)
                {
                    Bits.AssertSame(fresh.Values[k].Data, tape.Tape.Value(i));
                }
            }
        });
    }

    [Fact]
    public void Backward_Twice_AddsTheGradientsTwice()
    {
        var a = new Value(3.0, "a");
        var tape = (a * a + a).Compile();

        tape.Forward();
        tape.Backward();
        tape.Backward();

        Assert.Equal(14.0, a.Grad); // 2 × (2a + 1)
    }

    [Fact]
    public void Forward_ReadsTheLeavesCurrentData()
    {
        var x = new Value(2.0);
        var tape = (x * x + x).Compile();

        x.Data = 3.0;

        Assert.Equal(12.0, tape.Forward());
        tape.Backward();
        Assert.Equal(7.0, x.Grad);
    }

    [Fact]
    public void ForwardAndBackward_AfterTheFirstRun_AllocateNothing()
    {
        var x = new Value(0.3);
        var y = x;
        for (var i = 1; i <= 10_000; i++)
        {
            y = (y * x + i).Tanh();
        }
        var tape = y.Compile();
        tape.Forward();
        tape.Backward();

        var bytes = Allocations.FewestBytes(20, _ =>
        {
            tape.Forward();
            tape.Backward();
        });

        Assert.Equal(0L, bytes);
    }

    private static List<Value> Reachable(Value root) => ValueProperties.Reachable(root);
}
