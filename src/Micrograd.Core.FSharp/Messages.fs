namespace Micrograd.Core

/// What the core's checks say, each message written once (the C# façade's operators use them too,
/// through <c>Operands</c>).
module internal Messages =

    /// The operand `name` of the operator `symbol` is null.
    let nullOperand (name: string) (symbol: string) : string =
        sprintf "The operand %s of '%s' is null; expected a value." name symbol

    /// Throws the ArgumentNullException of a null operand; kept out of line, so that the checks
    /// that call it stay small enough for the runtime to inline.
    [<System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)>]
    let throwNullOperand<'T> (name: string) (symbol: string) : 'T =
        raise (System.ArgumentNullException(name, nullOperand name symbol))

    /// Element `index` of the list `name` is null.
    let nullElement (name: string) (index: int) : string = sprintf "%s[%d] is null; expected a value." name index

    /// The operation `name`, of two inputs when `binary`, was given `inputs` inputs.
    let arityMismatch (name: string) (binary: bool) (inputs: int) : string =
        sprintf "'%s' takes %s; %d given." name (if binary then "two inputs" else "one input") inputs

    /// The list `name` has `count` entries where `expected` of them were needed, one per `per`.
    let wrongLength (name: string) (count: int) (expected: int) (per: string) : string =
        sprintf "%s has %d entries; expected one per %s (%d)." name count per expected
