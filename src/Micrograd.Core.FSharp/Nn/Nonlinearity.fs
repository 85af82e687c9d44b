namespace Micrograd.Core

/// The function a neuron applies to its weighted sum (micrograd's <c>nonlin</c> flag, widened to
/// cover the lecture's tanh network too).
type Nonlinearity =
    /// No function: the weighted sum itself (micrograd's last layer, <c>nonlin=False</c>).
    | Linear = 0
    /// max(0, x) (micrograd's hidden layers).
    | ReLU = 1
    /// tanh x (the lecture's network, every layer).
    | Tanh = 2
