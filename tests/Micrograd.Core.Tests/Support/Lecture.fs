/// Karpathy's first lecture example, shared by the tests that need a small graph with known numbers.
module Micrograd.Core.Tests.Lecture

open Micrograd.Core

/// L = (a·b + c)·f with a = 2, b = -3, c = 10, f = -2, every node labelled. Worked by hand:
/// L = -8; dL/dd = f = -2, dL/df = d = 4, dL/de = dL/dc = dL/dd = -2, dL/da = -2·b = 6,
/// dL/db = -2·a = -4.
let graph () =
    let a = Node.Leaf(2.0, "a")
    let b = Node.Leaf(-3.0, "b")
    let c = Node.Leaf(10.0, "c")
    let e = (a * b).WithLabel "e"
    let d = (e + c).WithLabel "d"
    let f = Node.Leaf(-2.0, "f")
    let L = (d * f).WithLabel "L"
    {|
        a = a
        b = b
        c = c
        e = e
        d = d
        f = f
        L = L
    |}
