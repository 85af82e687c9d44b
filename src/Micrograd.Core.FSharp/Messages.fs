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

    /// Data was set on a value computed by the operation `op`.
    let dataOfComputed (op: string) : string =
        sprintf
            "Data can be set only on a leaf (a Value made with new Value(...)); this value was computed by '%s'. Change its inputs and build the expression again."
            op

    /// The list `name` is null.
    let nullList (name: string) : string = sprintf "The %s are null; expected a list." name

    /// The optimizer state `name` is null; `first` says where a first one comes from.
    let nullState (first: string) : string =
        sprintf "The state is null; expected the one the last step returned (%s gives the first)." first

    /// The list `name` is empty where at least one entry is needed.
    let emptyList (name: string) : string = sprintf "Expected at least one entry in %s, got none." name

    /// The list of `what` holds `given` numbers where `expected`, one per parameter, are needed.
    let perParameterCount (what: string) (given: int) (expected: int) : string =
        sprintf "The %s: %d given; expected %d, one per parameter." what given expected

    /// The list `name` has `given` entries where one per entry of `other` (`expected`) is needed.
    let perEntryCount (name: string) (given: int) (expected: int) (other: string) : string =
        sprintf "%s: %d given; expected %d, one per entry of %s." name given expected other

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

    /// How anomaly detection names a node: a leaf or the operation that made it, and its label.
    let anomalyNode (op: string) (label: string) (isLeaf: bool) : string =
        let what = if isLeaf then "leaf" else sprintf "'%s' node" op
        if label = "" then sprintf "a %s with no label" what else sprintf "the %s \"%s\"" what label

    /// A node's own label, as the place anomaly detection reports.
    let anomalyLabel (label: string) : string =
        if label = "" then "a node with no label" else sprintf "the node \"%s\"" label

    /// Where on a compiled tape, for anomaly detection's messages.
    let anomalyOnTape (position: int) : string = sprintf " (tape position %d)" position

    /// The forward value `value` of an operation `op` at the node `at` (see anomalyLabel), from
    /// `inputs` (each "value (node)"), is NaN or infinite.
    let anomalyForward (op: string) (value: string) (at: string) (inputs: string list) : string =
        let given =
            match inputs with
            | [ x ] -> sprintf "its input: %s" x
            | xs -> sprintf "its inputs: %s" (String.concat " and " xs)
        sprintf
            "Anomaly detected in a forward value: '%s' gave %s at %s; %s. Anomaly.Detect() stops at the first NaN or infinity."
            op
            value
            at
            given

    /// The derivative rule of `op` at the node `at` gave `value`, NaN or infinite, as the gradient
    /// for its input `which` ("" when it has one); its inputs, value and gradient as given.
    let anomalyGradient
        (op: string)
        (at: string)
        (value: string)
        (which: string)
        (inputs: string list)
        (out: string)
        (gradient: string)
        : string =
        let given =
            match inputs with
            | [ x ] -> sprintf "its input: %s" x
            | xs -> sprintf "its inputs: %s" (String.concat " and " xs)
        sprintf
            "Anomaly detected in a gradient: the derivative rule of '%s' at %s gave %s for its %sinput; %s; its value: %s, its gradient: %s. Anomaly.Detect() stops at the first NaN or infinity."
            op
            at
            value
            (if which = "" then "" else which + " ")
            given
            out
            gradient

    /// The gradient of `target` overflowed to `value` when the finite `contribution` from the rule
    /// of `op` at `at` was added to the finite `sum` so far.
    let anomalyGradientSum
        (target: string)
        (value: string)
        (contribution: string)
        (op: string)
        (at: string)
        (sum: string)
        : string =
        sprintf
            "Anomaly detected in a gradient: the gradient of %s overflowed to %s when %s, from the derivative rule of '%s' at %s, was added to %s. Anomaly.Detect() stops at the first NaN or infinity."
            target
            value
            contribution
            op
            at
            sum

    /// The gradient of `target` is `value`, NaN or infinite (where no rule can be named).
    let anomalyGradientOf (target: string) (value: string) : string =
        sprintf
            "Anomaly detected in a gradient: the gradient of %s is %s. Anomaly.Detect() stops at the first NaN or infinity."
            target
            value
