namespace Micrograd.Core.Nn

open Micrograd.Core

open System
open System.Collections.Generic

/// Checks shared by the network types: they say what was expected, and what came instead.
module internal NetworkChecks =

    let nonlinearity (name: string) (value: Nonlinearity) =
        if not (Enum.IsDefined value) then
            raise (ArgumentOutOfRangeException(name, value, "Expected Linear, ReLU or Tanh."))

    let random (value: Random) =
        if isNull value then
            raise (ArgumentNullException("random", "The random generator is null; pass e.g. PythonRandom(1337)."))

    let inputs (expected: int) (inputs: IReadOnlyList<'T>) =
        if isNull inputs then
            raise (ArgumentNullException("inputs", "The inputs are null; expected a list of them."))
        if inputs.Count <> expected then
            raise (ArgumentException(sprintf "Expected %d inputs, got %d." expected inputs.Count, "inputs"))

    let nodes (inputs: IReadOnlyList<Node>) =
        for i in 0 .. inputs.Count - 1 do
            if isNull inputs[i] then
                raise (ArgumentNullException("inputs", sprintf "Input %d is null; expected a node." i))

    /// Python's random.uniform(-1, 1) = a + (b - a) * random(), with random() = NextDouble().
    let uniform (random: Random) = -1.0 + 2.0 * random.NextDouble()
