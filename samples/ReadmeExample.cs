// micrograd's README example in C#, with the façade's micrograd-shaped Value.
// Run: dotnet run samples/ReadmeExample.cs (from the repository root; any path to the file works).
#:project ../src/Micrograd.CSharp/Micrograd.CSharp.csproj

using System.Globalization;
using Micrograd;

var a = new Value(-4.0);
var b = new Value(2.0);
var c = a + b;
var d = a * b + b.Pow(3);
c += c + 1;
c += 1 + c + (-a);
d += d * 2 + (b + a).Relu();
d += 3 * d + (b - a).Relu();
var e = c - d;
var f = e.Pow(2);
var g = f / 2.0;
g += 10.0 / f;
g.Backward();

string F4(double x) => x.ToString("F4", CultureInfo.InvariantCulture);
Console.WriteLine($"g = {F4(g.Data)}");       // the outcome of the forward pass
Console.WriteLine($"dg/da = {F4(a.Grad)}");   // how fast g moves with a
Console.WriteLine($"dg/db = {F4(b.Grad)}");

// micrograd's README prints 24.7041, 138.8338 and 645.5773.
if ((F4(g.Data), F4(a.Grad), F4(b.Grad)) != ("24.7041", "138.8338", "645.5773"))
{
    Console.Error.WriteLine("expected micrograd's numbers: g = 24.7041, dg/da = 138.8338, dg/db = 645.5773");
    return 1;
}
return 0;
