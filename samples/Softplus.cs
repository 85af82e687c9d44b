// A user-defined operation, softplus(x) = ln(1 + e^x), with its derivative, checked by GradCheck.
// Run: dotnet run samples/Softplus.cs (from the repository root; any path to the file works).
#:project ../src/Micrograd.Testing/Micrograd.Testing.fsproj

using System.Globalization;
using Micrograd;
using Micrograd.Core;
using Micrograd.Testing;

// d/dx ln(1 + e^x) = e^x / (1 + e^x) = σ(x) = 1 / (1 + e^-x). The derivative gets x and the output y.
var softplus = CustomOp.Unary("softplus", x => Math.Log(1 + Math.Exp(x)), (x, y) => 1 / (1 + Math.Exp(-x)));

// Used inside a larger expression, f(x, y) = softplus(x)·y, at (0.5, -2): GradCheck compares each
// partial derivative the engine computes with a central difference (PyTorch's gradcheck tolerances).
GradCheckReport report = GradCheck.Check(xs => xs[0].Apply(softplus) * xs[1], 0.5, -2.0);
Console.WriteLine(report);

// A derivative written wrong, the classic slip: σ's own derivative σ(1 - σ) instead of σ.
var wrong = CustomOp.Unary(
    "softplus", x => Math.Log(1 + Math.Exp(x)), (x, y) => 1 / (1 + Math.Exp(-x)) * (1 - 1 / (1 + Math.Exp(-x))));
GradCheckReport caught = GradCheck.Check(xs => xs[0].Apply(wrong), 0.0);
Console.WriteLine(caught);

// By hand: ∂f/∂x = σ(0.5)·(-2) and ∂f/∂y = softplus(0.5) = ln(1 + e^0.5); python3's math module
// gives -1.2449186624037092 and 0.9740769841801067, and f = softplus(0.5)·(-2) = -1.9481539683602134.
// The wrong rule at 0 gives σ(0)(1 - σ(0)) = 1/2 · 1/2 = 0.25 where the slope is σ(0) = 0.5.
string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
var failures = new List<string>();
if (!report.Passed) failures.Add("GradCheck should pass the right rule");
if (Math.Abs(report.Value - -1.9481539683602134) > 1e-15) failures.Add($"f(0.5, -2) is {R(report.Value)}");
if (Math.Abs(report.Entries[0].Analytic - -1.2449186624037092) > 1e-15) failures.Add($"∂f/∂x is {R(report.Entries[0].Analytic)}");
if (Math.Abs(report.Entries[1].Analytic - 0.9740769841801067) > 1e-15) failures.Add($"∂f/∂y is {R(report.Entries[1].Analytic)}");
if (caught.Passed) failures.Add("GradCheck should catch the wrong rule");
if (caught.Entries[0].Analytic != 0.25) failures.Add($"the wrong rule gives {R(caught.Entries[0].Analytic)} at 0");
if (Math.Abs(caught.Entries[0].Numeric - 0.5) > 1e-9) failures.Add($"the numeric slope at 0 is {R(caught.Entries[0].Numeric)}");
foreach (var failure in failures) Console.Error.WriteLine(failure);
return failures.Count == 0 ? 0 : 1;
