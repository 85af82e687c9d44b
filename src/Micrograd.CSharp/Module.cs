namespace Micrograd;

/// <summary>micrograd's <c>Module</c>: something with parameters whose gradients can be zeroed.</summary>
public abstract class Module
{
    /// <summary>The trainable values, in a fixed order (per layer, per neuron, weights then bias).</summary>
    public abstract IReadOnlyList<Value> Parameters();

    /// <summary>Sets every parameter's <see cref="Micrograd.Core.MutableNode.Grad"/> to 0, before the next <see cref="Value.Backward"/>.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters())
        {
            p.Grad = 0.0;
        }
    }
}
