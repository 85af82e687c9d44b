module Micrograd.Core.Tests.KnownValuesTests

open Xunit
open Micrograd.Core

/// micrograd's README example; exact values are the rationals 2421/98, 47620/343, 221433/343
/// (c = -1, d = 6, e = -7, f = 49, g = 49/2 + 10/49; gradients by exact forward-mode Fractions in Python).
[<Fact>]
let ``micrograd's published example gives g = 2421/98, dg/da = 47620/343, dg/db = 221433/343`` () =
    let a = Node.Leaf(-4.0, "a")
    let b = Node.Leaf(2.0, "b")
    let mutable c = a + b
    let mutable d = a * b + b ** 3.0
    c <- c + (c + 1.0)
    c <- c + (1.0 + c + (-a))
    d <- d + (d * 2.0 + Node.Relu(b + a))
    d <- d + (3.0 * d + Node.Relu(b - a))
    let e = c - d
    let f = e ** 2.0
    let mutable g = f / 2.0
    g <- g + 10.0 / f
    let grads = Backprop.gradients g
    let close expected actual = abs (actual - expected) <= 1e-9 * abs expected
    Assert.True(close (2421.0 / 98.0) g.Data, sprintf "g = %.17g" g.Data)
    Assert.True(close (47620.0 / 343.0) grads[a], sprintf "dg/da = %.17g" grads[a])
    Assert.True(close (221433.0 / 343.0) grads[b], sprintf "dg/db = %.17g" grads[b])

/// micrograd's test_sanity_check. By hand at x = -4: z = 3x + 2 = -10, q = relu z + z·x = 0 + 40,
/// h = relu(z²) = 100, y = h + q + q·x = 100 + 40 - 160 = -20. Near x = -4, z < 0 and z² > 0, so
/// y = z² + zx + zx² = 3x³ + 14x² + 14x + 4 and dy/dx = 9x² + 28x + 14 = 144 - 112 + 14 = 46.
[<Fact>]
let ``micrograd's sanity check gives y = -20 and dy/dx = 46 exactly`` () =
    let x = Node.Leaf(-4.0)
    let z = 2.0 * x + 2.0 + x
    let q = Node.Relu z + z * x
    let h = Node.Relu(z * z)
    let y = h + q + q * x
    Assert.Equal(-20.0, y.Data)
    Assert.Equal(46.0, (Backprop.gradients y)[x])
