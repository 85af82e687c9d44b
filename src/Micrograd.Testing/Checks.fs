namespace Micrograd.Testing

open System

/// What the kit's checks say, each message written once.
module internal Checks =

    let notNull (value: obj) (name: string) =
        if isNull value then
            raise (ArgumentNullException(name, sprintf "%s is null; expected a value." name))

    /// A point: not null, at least one input, every coordinate finite.
    let point (point: float[]) (name: string) =
        notNull point name
        if point.Length = 0 then
            raise (
                ArgumentException(sprintf "%s has no coordinates; expected one per input (at least one)." name, name)
            )
        for i in 0 .. point.Length - 1 do
            if not (Double.IsFinite point[i]) then
                raise (
                    ArgumentOutOfRangeException(
                        name,
                        point[i],
                        sprintf "%s[%d] is %g; expected a finite number." name i point[i]
                    )
                )

    /// A tolerance or step: finite and at least 0 (above 0 when `positive`).
    let tolerance (value: float) (name: string) (positive: bool) =
        if not (Double.IsFinite value) || value < 0.0 || (positive && value = 0.0) then
            raise (
                ArgumentOutOfRangeException(
                    name,
                    value,
                    sprintf
                        "%s is %g; expected a finite number %s."
                        name
                        value
                        (if positive then "above 0" else "at least 0")
                )
            )

    /// What the caller's function returned, refused when null.
    let returned (result: obj) (name: string) =
        if isNull result then
            raise (ArgumentException(sprintf "%s returned null; expected the function's output." name, name))

    /// An interval: lo ≤ hi, neither NaN.
    let interval (lo: float) (hi: float) (name: string) =
        if Double.IsNaN lo || Double.IsNaN hi || lo > hi then
            raise (ArgumentException(sprintf "%s is [%g, %g]; expected lo <= hi, neither NaN." name lo hi, name))

    /// A count within [lo, hi].
    let count (value: int) (lo: int) (hi: int) (name: string) =
        if value < lo || value > hi then
            raise (ArgumentOutOfRangeException(name, value, sprintf "%s is %d; expected %d to %d." name value lo hi))

    /// A function that read an input the point has no coordinate for.
    let inputRead (index: int) (count: int) (name: string) =
        raise (
            ArgumentOutOfRangeException(
                name,
                index,
                sprintf
                    "the function read input %d, but %s has %d coordinate(s); expected one coordinate per input the function reads."
                    index
                    name
                    count
            )
        )
