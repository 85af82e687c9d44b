/// Bit-for-bit comparison of floats, for the laws that promise the same numbers to the last bit.
module Micrograd.Core.Tests.Bits

open System
open Xunit

/// The float's bits: equal bits are the same number, NaN payload and the sign of zero included.
let ofFloat (x: float) = BitConverter.DoubleToInt64Bits x

/// Fails with both numbers (round-trip format) and what they were of, unless their bits are equal.
let assertSame (expected: float) (actual: float) (what: string) =
    Assert.True(
        ofFloat expected = ofFloat actual,
        sprintf "%s: expected %s, got %s" what (expected.ToString "R") (actual.ToString "R")
    )
