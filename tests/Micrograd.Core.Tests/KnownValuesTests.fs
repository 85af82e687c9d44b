module Micrograd.Core.Tests.KnownValuesTests

open Xunit
open Micrograd.Core

/// micrograd's README example; exact values are the rationals 2421/98, 47620/343, 221433/343
/// (worked by hand from the expression: c = -1... see docs/known-values.md).
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
