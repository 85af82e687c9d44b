using System.Globalization;
using Micrograd.Core;

namespace Micrograd;

/// <summary>
/// micrograd's <c>Value</c> for C#: a scalar with a mutable <see cref="MutableNode.Data"/> and
/// <see cref="MutableNode.Grad"/>, and <see cref="Backward"/> to fill in gradients.
/// </summary>
/// <remarks>
/// <para>Each Value is a node of the core's <see cref="MutableNode"/> graphs: the operators make
/// it with its forward value from the core's rule table, and <see cref="Backward"/> runs the core's
/// <see cref="MutableBackprop.Backward"/>, which sweeps the graph with the same rule table and adds
/// each gradient into <see cref="MutableNode.Grad"/>: no derivative rule is written here. The same
/// graph as immutable core nodes, for everything written over nodes, is <see cref="MutableNode.Node"/>.</para>
/// <para>Differences from micrograd, both deliberate:</para>
/// <list type="bullet">
/// <item><see cref="Backward"/> <b>adds</b> d(this)/d(v) to every <c>v.Grad</c> in the graph, this
/// one included (+1). After k calls without zeroing, every Grad is k times the gradient. (micrograd
/// sets the root's grad to 1 but lets interior grads keep what they had, so a second call compounds.)</item>
/// <item>The graph is what was built: setting a leaf's <see cref="MutableNode.Data"/> after an expression was made
/// does not change that expression's values or gradients. The next expression built from the leaf
/// uses the new Data.</item>
/// </list>
/// </remarks>
/// <example>
/// <code>
/// var a = new Value(-4.0, "a");
/// var b = new Value(2.0, "b");
/// var g = (a * b + b.Pow(3)).Relu();
/// g.Backward();
/// Console.WriteLine(a.Grad);   // 2 = b
/// </code>
/// </example>
public sealed class Value : MutableNode
{
    // The operations, read once: the operators below apply them to this value's node.
    private static readonly Operation AddOp = Operation.Add;
    private static readonly Operation MulOp = Operation.Multiply;
    private static readonly Operation PowOp = Operation.PowerOfNode;
    private static readonly Operation ReluOp = Operation.Relu;
    private static readonly Operation TanhOp = Operation.Tanh;
    private static readonly Operation ExpOp = Operation.Exp;
    private static readonly Operation LogOp = Operation.Log;
    private static readonly Operation SigmoidOp = Operation.Sigmoid;
    private static readonly Operation DetachOp = Operation.Detach;

    /// <summary>A leaf holding <paramref name="data"/>.</summary>
    /// <param name="data">The value.</param>
    /// <param name="label">A name for printing and pictures.</param>
    public Value(double data, string label = "")
        : base(data)
    {
        if (!string.IsNullOrEmpty(label))
        {
            Label = label;
        }
    }

    // A computed value: the core computes its forward value from the rule table.
    private Value(Operation op, MutableNode a)
        : base(op, a)
    {
    }

    private Value(Operation op, MutableNode a, MutableNode b)
        : base(op, a, b)
    {
    }

    private Value(Value bias, IReadOnlyList<Value> weights, IReadOnlyList<Value> inputs)
        : base(bias, weights, inputs)
    {
    }

    /// <summary>
    /// <c>bias + weights[0] * inputs[0] + weights[1] * inputs[1] + ...</c>, added left to right from
    /// the bias as micrograd's neuron adds it (<c>sum((wi*xi for ...), self.b)</c>), held as one
    /// value: the same <see cref="MutableNode.Data"/>, and after <see cref="Backward"/> the same
    /// gradients to the last bit, as the chain of products and sums the operators build, in one
    /// object instead of two per weight. A <see cref="Neuron"/>'s sum is one.
    /// </summary>
    /// <remarks>Its <see cref="MutableNode.Op"/> is "+": it is the chain's last sum. Its
    /// <see cref="Children"/> (and its <see cref="MutableNode.Node"/>, its picture, and setting its
    /// <see cref="MutableNode.Grad"/>) make that chain, once: the products and sums micrograd would
    /// have built, with the same values and the gradients they would have had.</remarks>
    /// <param name="bias">The bias, the sum's first term.</param>
    /// <param name="weights">The weights (at least one).</param>
    /// <param name="inputs">The inputs, one per weight.</param>
    /// <returns>The sum, a new value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bias"/>, <paramref name="weights"/>,
    /// <paramref name="inputs"/> or one of their entries is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="weights"/> is empty, or
    /// <paramref name="inputs"/> has another count.</exception>
    /// <example>
    /// <code>
    /// var s = Value.WeightedSum(b, new[] { w0, w1 }, new[] { x0, x1 });   // b + w0*x0 + w1*x1
    /// </code>
    /// </example>
    public static Value WeightedSum(Value bias, IReadOnlyList<Value> weights, IReadOnlyList<Value> inputs) =>
        new(bias, weights, inputs);

    /// <summary>The inputs in operand order (micrograd's <c>_prev</c>, ordered).</summary>
    public IReadOnlyList<Value> Children
    {
        get
        {
            var inputs = Inputs;
            var children = new Value[inputs.Count];
            for (var i = 0; i < children.Length; i++)
            {
                children[i] = (Value)inputs[i];
            }
            return children;
        }
    }

    private static Value Of(Node node) => (Value)node.Tag;

    /// <summary>A leaf holding <paramref name="data"/>.</summary>
    public static implicit operator Value(double data) => new(data);

    /// <summary>a + b.</summary>
    public static Value operator +(Value a, Value b) => new(AddOp, Checked(a, "+"), Checked(b, "+"));
    /// <summary>a + b, with b as a new leaf.</summary>
    public static Value operator +(Value a, double b) => Checked(a, "+") + new Value(b);
    /// <summary>a + b, built as b + a (micrograd's <c>__radd__</c>).</summary>
    public static Value operator +(double a, Value b) => Checked(b, "+") + new Value(a);

    /// <summary>a * b.</summary>
    public static Value operator *(Value a, Value b) => new(MulOp, Checked(a, "*"), Checked(b, "*"));
    /// <summary>a * b, with b as a new leaf.</summary>
    public static Value operator *(Value a, double b) => Checked(a, "*") * new Value(b);
    /// <summary>a * b, built as b * a (micrograd's <c>__rmul__</c>).</summary>
    public static Value operator *(double a, Value b) => Checked(b, "*") * new Value(a);

    /// <summary>-a, built as a * -1.</summary>
    public static Value operator -(Value a) => Checked(a, "-") * -1.0;
    /// <summary>a - b, built as a + (-b).</summary>
    public static Value operator -(Value a, Value b) => Checked(a, "-") + (-Checked(b, "-"));
    /// <summary>a - b, built as a + (-b) with -b a new leaf.</summary>
    public static Value operator -(Value a, double b) => Checked(a, "-") + (-b);
    /// <summary>a - b, built as (-b) + a (micrograd's <c>__rsub__</c>).</summary>
    public static Value operator -(double a, Value b) => (-Checked(b, "-")) + a;

    /// <summary>a / b, built as a * b**-1.</summary>
    public static Value operator /(Value a, Value b) => Checked(a, "/") * Checked(b, "/").Pow(-1.0);
    /// <summary>a / b, built as a * (b**-1) with b**-1 computed in floating point, as Python does.</summary>
    public static Value operator /(Value a, double b) => Checked(a, "/") * Math.Pow(b, -1.0);
    /// <summary>a / b, built as b**-1 * a (micrograd's <c>__rtruediv__</c>).</summary>
    public static Value operator /(double a, Value b) => Checked(b, "/").Pow(-1.0) * a;

    /// <summary>this ** exponent, a constant exponent (op "**k").</summary>
    public Value Pow(double exponent) => new(Operation.Power(exponent), this);
    /// <summary>this ** exponent; the exponent gets its gradient ln(this)·this^exponent (op "**").</summary>
    public Value Pow(Value exponent) => new(PowOp, this, Checked(exponent, "**"));
    /// <summary>max(0, this) (op "ReLU").</summary>
    public Value Relu() => new(ReluOp, this);
    /// <summary>tanh(this) (op "tanh").</summary>
    public Value Tanh() => new(TanhOp, this);
    /// <summary>e^this (op "exp").</summary>
    public Value Exp() => new(ExpOp, this);
    /// <summary>ln(this) (op "log"): NaN below 0, -Infinity at 0.</summary>
    public Value Log() => new(LogOp, this);
    /// <summary>1 / (1 + e^-this) (op "sigmoid").</summary>
    public Value Sigmoid() => new(SigmoidOp, this);

    /// <summary>
    /// This value's Data as a constant (op "detach"; PyTorch's <c>detach</c>, JAX's
    /// <c>stop_gradient</c>): a new value that passes no gradient back to this one, not even NaN
    /// or infinity. Its Data is recomputed from this value, so a compiled tape replays it.
    /// </summary>
    /// <returns>A new value with the same Data.</returns>
    /// <example>
    /// <code>
    /// var x = new Value(3.0);
    /// var y = x * x.Detach();   // 9, but dy/dx = 3: the detached factor counts as a constant
    /// </code>
    /// </example>
    public Value Detach() => new(DetachOp, this);

    /// <summary>
    /// The probabilities of classes from their logits, <c>e^x_i / Σ e^x_j</c>, stable for any
    /// finite logits (the core's <see cref="Core.Nn.Functions.Softmax"/>: the largest logit is
    /// subtracted, detached, before any exponential).
    /// </summary>
    /// <param name="logits">The scores of the classes, at least one.</param>
    /// <returns>One new value per logit, in their order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="logits"/> or one of its entries is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="logits"/> is empty.</exception>
    public static IReadOnlyList<Value> Softmax(IReadOnlyList<Value> logits) =>
        Core.Nn.Functions.Softmax<Value, ValueArithmetic>(default, logits);

    /// <summary>
    /// The log-probabilities of classes from their logits, <c>(x_i - m) - ln Σ e^(x_j - m)</c> with
    /// m the largest logit, detached (the core's <see cref="Core.Nn.Functions.LogSoftmax"/>).
    /// </summary>
    /// <param name="logits">The scores of the classes, at least one.</param>
    /// <returns>One new value per logit, in their order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="logits"/> or one of its entries is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="logits"/> is empty.</exception>
    public static IReadOnlyList<Value> LogSoftmax(IReadOnlyList<Value> logits) =>
        Core.Nn.Functions.LogSoftmax<Value, ValueArithmetic>(default, logits);

    /// <summary>A one-input operation, built-in or your own (<see cref="CustomOp"/>), applied to this value.</summary>
    /// <param name="operation">The operation, e.g. <c>CustomOp.Unary("softplus", ...)</c>.</param>
    /// <returns>A new value; its node's op is the operation's name.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is null.</exception>
    /// <exception cref="ArgumentException">The operation takes two inputs.</exception>
    public Value Apply(Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        operation.CheckArity(1, nameof(operation));
        return new(operation, this);
    }

    /// <summary>A two-input operation, built-in or your own (<see cref="CustomOp"/>), applied to this value and <paramref name="other"/>.</summary>
    /// <param name="operation">The operation, e.g. <c>CustomOp.Binary("hypot", ...)</c>.</param>
    /// <param name="other">The second input.</param>
    /// <returns>A new value; its node's op is the operation's name.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> or <paramref name="other"/> is null.</exception>
    /// <exception cref="ArgumentException">The operation takes one input.</exception>
    public Value Apply(Operation operation, Value other)
    {
        ArgumentNullException.ThrowIfNull(operation);
        operation.CheckArity(2, nameof(operation));
        return new(operation, this, Checked(other, operation.Name));
    }

    /// <summary>
    /// The sum of the values, left to right, as Python's <c>sum</c> does it: <c>0 + v0</c> first
    /// (built as <c>v0 + 0</c>, micrograd's <c>__radd__</c>), then <c>+ v1</c>, ... of any length.
    /// An empty sum is a new leaf 0.
    /// </summary>
    public static Value Sum(IEnumerable<Value> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Value? total = null;
        var i = 0;
        foreach (var v in values)
        {
            Operands.CheckElement(v, nameof(values), i++);
            total = total is null ? 0.0 + v : total + v;
        }
        return total ?? new Value(0.0);
    }

    /// <summary>
    /// Adds d(this)/d(v) to <c>v.Grad</c> for every value v this one depends on, and 1 to this
    /// value's own Grad: the core's <see cref="MutableBackprop.Backward"/>, which sweeps the graph
    /// with the core's rule table (the same bits as <see cref="Backprop.Gradients"/> of
    /// <see cref="MutableNode.Node"/>). Iterative, so any depth is fine.
    /// </summary>
    /// <remarks>Not thread-safe where graphs share values: <c>Grad += ...</c> is not atomic, so two
    /// threads calling Backward on graphs that share a Value (a model's parameters, say) can lose
    /// each other's additions, and each pass notes in every value where it laid it out, so the
    /// gradients of shared values may also differ in their last bits. Every value a thread's graph
    /// holds alone gets its exact gradient. Separate graphs of separate values on separate threads
    /// are fine, and so is the core's <see cref="Backprop.Gradients"/> on one shared graph of
    /// <see cref="Node"/>s from many threads.</remarks>
    public void Backward() => MutableBackprop.Backward(this);

    // Higher-order gradients: gradients as values, and the Hessian (issue 13).

    /// <summary>
    /// d(this)/d(v) for every value v this one depends on (this one included), each as a
    /// <see cref="Value"/> in a new graph, so that it can be differentiated again:
    /// <c>g[x].Backward()</c> adds d²(this)/dx² to <c>x.Grad</c> (and the mixed partials to the
    /// other leaves' Grads). No Grad is changed by the call itself.
    /// </summary>
    /// <returns>The gradients keyed by value (by reference). The new graphs are built from the
    /// expression's own values and from new constant leaves, with the core's rule table.</returns>
    /// <exception cref="NotSupportedException">The expression holds a <see cref="CustomOp"/> made
    /// without its derivatives as nodes.</exception>
    /// <exception cref="InvalidOperationException">A leaf's Data was set after the expression was built.</exception>
    /// <example>
    /// <code>
    /// var x = new Value(2.0);
    /// var dydx = x.Pow(3).Gradients()[x];   // 3·x² = 12
    /// dydx.Backward();                      // x.Grad += 6·x = 12
    /// </code>
    /// </example>
    public IReadOnlyDictionary<Value, Value> Gradients() => ValueGradients.Of(this);

    /// <summary>The Hessian of this value with respect to <paramref name="wrt"/>: entry [i, j] is
    /// ∂²(this)/∂wrt[j]∂wrt[i] (the core's <see cref="Backprop.Hessian"/>). No Grad is changed.</summary>
    /// <param name="wrt">The values (usually leaves) of the rows and columns.</param>
    /// <returns>An n×n array; zeros for a value this one does not depend on.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="wrt"/> or one of its values is null.</exception>
    public double[,] Hessian(IReadOnlyList<Value> wrt) =>
        Backprop.Hessian(Node, ValueGradients.NodesOf(wrt, nameof(wrt)));

    /// <summary>The Hessian of this value times <paramref name="vector"/>, without forming the
    /// Hessian (the core's <see cref="Backprop.HessianVectorProduct"/>). No Grad is changed.</summary>
    /// <param name="wrt">The values (usually leaves).</param>
    /// <param name="vector">One number per value of <paramref name="wrt"/>.</param>
    /// <returns>H · vector.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="wrt"/>, <paramref name="vector"/> or a value is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="vector"/> has another length than <paramref name="wrt"/>.</exception>
    public double[] HessianVectorProduct(IReadOnlyList<Value> wrt, IReadOnlyList<double> vector) =>
        Backprop.HessianVectorProduct(Node, ValueGradients.NodesOf(wrt, nameof(wrt)), vector);

    /// <summary>
    /// Compiles this expression into a <see cref="ValueTape"/>: flat arrays that re-run forward
    /// and backward on the leaves' current Data without allocating. For training loops that
    /// build the same-shaped graph every step.
    /// </summary>
    public ValueTape Compile() => new(this);

    /// <summary>micrograd's <c>draw_dot</c>: the graph as Graphviz DOT, with current labels and grads.</summary>
    /// <param name="rankDir">Left to right (default) or top to bottom.</param>
    /// <returns>The DOT text, lines ending in "\n".</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rankDir"/> is not a defined RankDir.</exception>
    /// <exception cref="InvalidOperationException">The graph has more than
    /// <see cref="Graphviz.MaxStringNodes"/> (100,000) values: stream it with <see cref="WriteDot(TextWriter, RankDir)"/>
    /// or <see cref="WriteDotFile(string, RankDir)"/> instead.</exception>
    public string ToDot(RankDir rankDir = RankDir.LeftToRight) =>
        Graphviz.Export(Node, n => n.Label, n => Of(n).Grad, rankDir);

    /// <summary>
    /// Writes what <see cref="ToDot"/> returns to <paramref name="writer"/>, as it goes: for a graph
    /// of any size, since the text is never held whole in memory.
    /// </summary>
    /// <param name="writer">Where the text goes. Neither flushed nor closed: the caller owns it.</param>
    /// <param name="rankDir">Left to right (default) or top to bottom.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rankDir"/> is not a defined RankDir.</exception>
    /// <example>
    /// <code>
    /// using var file = new StreamWriter("graph.dot");
    /// loss.WriteDot(file);
    /// </code>
    /// </example>
    public void WriteDot(TextWriter writer, RankDir rankDir = RankDir.LeftToRight) =>
        Graphviz.Write(Node, writer, n => n.Label, n => Of(n).Grad, rankDir);

    /// <summary>
    /// Writes what <see cref="ToDot"/> returns to the file <paramref name="path"/> (UTF-8, no
    /// byte-order mark), for a graph of any size. The file is replaced whole or not at all: the text
    /// goes to a temporary file beside it, which is flushed and renamed over it; if anything fails,
    /// the previous file stays as it was and the temporary file is removed.
    /// </summary>
    /// <param name="path">The file to write (replaced if it exists). Its folder must exist.</param>
    /// <param name="rankDir">Left to right (default) or top to bottom.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, or names a folder.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rankDir"/> is not a defined RankDir.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    /// <exception cref="IOException">Writing failed (a full disk, say); the message names <paramref name="path"/>.</exception>
    public void WriteDotFile(string path, RankDir rankDir = RankDir.LeftToRight) =>
        Graphviz.WriteFile(Node, path, n => n.Label, n => Of(n).Grad, rankDir);

    /// <summary>micrograd's repr, with round-trip numbers: <c>Value(data=24.70408163265306, grad=0)</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Value(data={Data:R}, grad={Grad:R})");

    // The caller's operand, checked with the caller's name for it and the operator they wrote (the
    // core's message).
    private static Value Checked(
        Value? v, string symbol, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(v))] string name = "")
    {
        if (v is null)
        {
            Operands.Check(v, name, symbol); // throws
        }
        return v!;
    }
}
