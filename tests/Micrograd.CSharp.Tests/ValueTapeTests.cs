using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Micrograd.CSharp.Tests.Support;
using Micrograd.Testing;

namespace Micrograd.CSharp.Tests;

/// <summary><see cref="ValueTape"/>: a compiled façade expression gives what building it again gives, bit for bit.</summary>
public class ValueTapeTests
{
    [Property(Arbitrary = [typeof(ExpressionArbitraries)], MaxTest = 300)]
    public void Backward_RandomDag_GradsEqualValueBackwardBitForBit(Expression expression)
    {
        var compiled = expression.BuildValues();
        var tape = compiled[^1].Compile();
        var fresh = expression.BuildValues();

        var root = tape.Forward();
        tape.Backward();
        fresh[^1].Backward();

        Bits.AssertSame(fresh[^1].Data, root);
        Bits.AssertSame(fresh[^1].Data, tape.Data);
        for (var k = 0; k < fresh.Length; k++)
        {
            Bits.AssertSame(fresh[k].Grad, compiled[k].Grad);
        }
    }

    [Property(Arbitrary = [typeof(ExpressionArbitraries)], MaxTest = 300)]
    public void Forward_AfterSettingLeafData_EqualsTheExpressionBuiltAgainOnThatData(Expression expression, int seed)
    {
        var compiled = expression.BuildValues();
        var tape = compiled[^1].Compile();
        tape.Forward();
        tape.Backward(); // a first run on the old data, which must leave no trace but the grads it adds

        // New leaves anywhere inside the leaves' intervals, where every operation stays in its
        // domain: the expression built again on them has the same shape.
        var random = new Random(seed);
        var leaves = expression.LeafRanges.Select(r => r.Lo + (r.Hi - r.Lo) * random.NextDouble()).ToArray();
        var fresh = expression.WithLeaves(leaves).BuildValues();

        foreach (var v in compiled.Concat(Reachable(compiled[^1])))
        {
            v.Grad = 0.0;
        }
        for (var k = 0; k < leaves.Length; k++)
        {
            compiled[k].Data = leaves[k];
        }

        var root = tape.Forward();
        tape.Backward();
        fresh[^1].Backward();

        Bits.AssertSame(fresh[^1].Data, root);
        for (var k = 0; k < fresh.Length; k++)
        {
            Bits.AssertSame(fresh[k].Grad, compiled[k].Grad);
            // Computed values keep their nodes, so the tape knows them; their values are the tape's.
            if (compiled[k].Op != "" && tape.Tape.IndexOf(compiled[k].Node) is var i and >= 0)
            {
                Bits.AssertSame(fresh[k].Data, tape.Tape.Value(i));
            }
        }
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
