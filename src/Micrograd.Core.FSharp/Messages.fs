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

    /// The list `name` is empty where at least one entry is needed.
    let emptyList (name: string) : string = sprintf "Expected at least one entry in %s, got none." name

    /// Element `index` of the list `name` is null.
    let nullElement (name: string) (index: int) : string = sprintf "%s[%d] is null; expected a value." name index

    /// The operation `name`, of two inputs when `binary`, was given `inputs` inputs.
    let arityMismatch (name: string) (binary: bool) (inputs: int) : string =
        sprintf "'%s' takes %s; %d given." name (if binary then "two inputs" else "one input") inputs

    /// The DOT string export was asked for a graph of `count` nodes, over its `limit`.
    let dotTooLarge (count: int) (limit: int) : string =
        sprintf
            "The graph has %d nodes, more than the %d (Graphviz.MaxStringNodes) that the DOT string export builds in memory; stream it to a TextWriter or a file instead: Graphviz.Write(root, writer) or Graphviz.WriteFile(root, path) for a Node, value.WriteDot(writer) or value.WriteDotFile(path) for a C# Value."
            count
            limit

    /// The enum parameter `name` holds `value`, which is none of the enum's named values.
    let undefinedEnum (name: string) (value: obj) (expected: string) : string =
        sprintf "%s = %O is not a defined value; expected %s." name value expected

    /// The path parameter `name` is empty or only white space.
    let emptyPath (name: string) : string = sprintf "%s is empty; expected the path of a file to write." name

    /// The path parameter `name` names the folder `path`.
    let pathIsFolder (name: string) (path: string) : string =
        sprintf "%s = '%s' is a folder; expected the path of a file to write." name path

    /// The folder that would hold the file `path` does not exist.
    let folderMissing (path: string) : string =
        sprintf "Could not write '%s': its folder does not exist; create the folder first." path

    /// Writing the file `path` failed, for `reason`.
    let cannotWrite (path: string) (reason: string) : string = sprintf "Could not write '%s': %s" path reason

    /// The list `name` has `count` entries where `expected` of them were needed, one per `per`.
    let wrongLength (name: string) (count: int) (expected: int) (per: string) : string =
        sprintf "%s has %d entries; expected one per %s (%d)." name count per expected
