using Micrograd.Core;

namespace Micrograd;

/// <summary>
/// A façade expression compiled once (<see cref="Value.Compile"/>) and re-run on the current
/// <see cref="Micrograd.Core.MutableNode.Data"/> of its leaves, without building a graph or allocating: a training
/// loop whose graph keeps its shape step after step compiles it once and then calls
/// <see cref="Forward"/> and <see cref="Backward"/> each step.
/// </summary>
/// <remarks>
/// The numbers are the core <see cref="Tape"/>'s, which are bit for bit those of building the
/// graph again and calling <see cref="Value.Backward"/>. Not thread-safe.
/// </remarks>
public sealed class ValueTape
{
    private readonly Tape _tape;
    private readonly Value[] _values;
    private readonly int[] _leaves;

    internal ValueTape(Value root)
    {
        _tape = Tape.Compile(root.Node);
        var nodes = _tape.Nodes;
        _values = new Value[nodes.Count];
        var leaves = new List<int>();
        for (var i = 0; i < _values.Length; i++)
        {
            _values[i] = (Value)nodes[i].Tag;
            if (_tape.IsLeaf(i))
            {
                leaves.Add(i);
            }
        }
        _leaves = [.. leaves];
    }

    /// <summary>The compiled core tape (positions are the graph's topological order).</summary>
    public Tape Tape => _tape;

    /// <summary>The root's value as of the last <see cref="Forward"/>.</summary>
    public double Data => _tape.Value(_tape.Count - 1);

    /// <summary>Reads every leaf's current <see cref="Micrograd.Core.MutableNode.Data"/> and recomputes the expression; returns the root's value.</summary>
    public double Forward()
    {
        foreach (var i in _leaves)
        {
            _tape.SetValue(i, _values[i].Data);
        }
        return _tape.Forward();
    }

    /// <summary>
    /// Adds d(root)/d(v) to <c>v.Grad</c> for every value v of the compiled expression, as
    /// <see cref="Value.Backward"/> does, using the values of the last <see cref="Forward"/>.
    /// </summary>
    public void Backward()
    {
        _tape.Backward();
        for (var i = 0; i < _values.Length; i++)
        {
            _values[i].Grad += _tape.Gradient(i);
        }
    }
}
