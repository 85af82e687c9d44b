namespace Micrograd;

/// <summary>Which implementation a <see cref="Trainer"/> trains with; all give the same numbers to the last bit.</summary>
public enum Engine
{
    /// <summary>The C# façade: micrograd's mutable <see cref="Value"/> and <see cref="MLP"/>, a new
    /// graph every step, <see cref="Value.Backward"/>, and this library's <see cref="Optimizer"/>s.</summary>
    Facade,

    /// <summary>The F# core used functionally: immutable nodes, gradients returned by
    /// <see cref="Core.Backprop.GradientsFor"/>, a pure optimizer step that returns new values and state.</summary>
    Functional,

    /// <summary>The core's compiled <see cref="Core.Tape"/>: the loss graph built once, re-run on each
    /// batch; a step allocates nothing.</summary>
    Tape,
}

/// <summary>Which optimizer a <see cref="Trainer"/> steps with (its settings are in <see cref="TrainerOptions"/>).</summary>
public enum OptimizerKind
{
    /// <summary>SGD, PyTorch's <c>torch.optim.SGD</c>, with <see cref="TrainerOptions.Sgd"/>'s momentum, Nesterov and weight decay
    /// (the defaults: micrograd's plain <c>p.data -= lr * p.grad</c>).</summary>
    Sgd,

    /// <summary>Adam, PyTorch's <c>torch.optim.Adam</c>, with <see cref="TrainerOptions.Adam"/>'s settings.</summary>
    Adam,

    /// <summary>AdamW, PyTorch's <c>torch.optim.AdamW</c> (decoupled weight decay), with <see cref="TrainerOptions.Adam"/>'s settings.</summary>
    AdamW,
}
