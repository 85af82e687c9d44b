namespace Micrograd.Core

open System
open System.Globalization
open System.Runtime.InteropServices
open System.Text

/// Which way a Graphviz picture flows.
type RankDir =
    /// Inputs on the left, the root on the right (micrograd's default, "LR").
    | LeftToRight = 0
    /// Inputs at the top, the root at the bottom ("TB").
    | TopToBottom = 1

/// <summary>
/// Graphviz DOT export of an expression graph: micrograd's <c>draw_dot</c> picture. Each value is
/// a record box <c>{ label | data 1.0000 | grad 0.5000 }</c>; each computed value is fed by a small
/// box naming its operation. Text out: render it with <c>dot -Tsvg</c>.
/// </summary>
[<AbstractClass; Sealed>]
type Graphviz =

    // Characters with a meaning inside a DOT record label, and quotes and backslashes for the string.
    static member private Escape(text: string) : string =
        let sb = StringBuilder(text.Length)
        for c in text do
            match c with
            | '{'
            | '}'
            | '|'
            | '<'
            | '>'
            | '"'
            | '\\' -> sb.Append('\\').Append(c) |> ignore
            | '\n' -> sb.Append("\\n") |> ignore
            | '\r' -> ()
            | c -> sb.Append(c) |> ignore
        sb.ToString()

    static member private Number(x: float) : string = x.ToString("F4", CultureInfo.InvariantCulture)

    /// <summary>The DOT text of a graph, with a label and, optionally, a gradient per node.</summary>
    /// <param name="root">The node whose graph to draw.</param>
    /// <param name="label">The label to show for a node (e.g. <c>fun n -> n.Label</c>).</param>
    /// <param name="gradient">The gradient to show for a node, or null to show none.</param>
    /// <param name="rankDir">Left to right (default) or top to bottom.</param>
    static member Export
        (
            root: Node,
            label: Func<Node, string>,
            gradient: Func<Node, float>,
            [<Optional; DefaultParameterValue(RankDir.LeftToRight)>] rankDir: RankDir
        ) : string =
        if isNull label then
            nullArg (nameof label)
        let topo = Graph.sort root
        let sb = StringBuilder()
        let dir = if rankDir = RankDir.TopToBottom then "TB" else "LR"
        sb.Append("digraph G {\n").Append("  rankdir=").Append(dir).Append(";\n")
        |> ignore
        sb.Append("  node [fontname=\"Helvetica\"];\n") |> ignore
        for n in topo.Nodes do
            let name = "n" + string n.Id
            let text = label.Invoke n
            let cells =
                let data = "data " + Graphviz.Number n.Data
                let withLabel = Graphviz.Escape(if isNull text then "" else text) + " | " + data
                if isNull gradient then withLabel else withLabel + " | grad " + Graphviz.Number(gradient.Invoke n)
            sb.Append("  ").Append(name).Append(" [shape=record, label=\"{ ").Append(cells).Append(" }\"];\n")
            |> ignore
            if not (isNull n.A) then
                let opName = name + "_op"
                sb.Append("  ").Append(opName).Append(" [label=\"").Append(Graphviz.Escape n.Op).Append("\"];\n")
                |> ignore
                sb.Append("  ").Append(opName).Append(" -> ").Append(name).Append(";\n")
                |> ignore
                // One edge per operand, in operand order: x * x shows two arrows from x.
                for input in n.Inputs do
                    sb.Append("  n").Append(input.Id).Append(" -> ").Append(opName).Append(";\n")
                    |> ignore
        sb.Append("}\n").ToString()

    /// <summary>The DOT text of a graph: node labels, data, and the gradients if given.</summary>
    /// <param name="root">The node whose graph to draw.</param>
    /// <param name="gradients">Gradients to show (from <c>Backprop.gradients</c>), or null to show none.</param>
    /// <param name="rankDir">Left to right (default) or top to bottom.</param>
    /// <example><code lang="fsharp">let dot = Graphviz.Export(g, Backprop.gradients g)</code></example>
    static member Export
        (
            root: Node,
            [<Optional; DefaultParameterValue(null: Gradients)>] gradients: Gradients,
            [<Optional; DefaultParameterValue(RankDir.LeftToRight)>] rankDir: RankDir
        ) : string =
        let grad =
            if isNull gradients then null else Func<Node, float>(fun n -> gradients[n])
        Graphviz.Export(root, Func<Node, string>(fun n -> n.Label), grad, rankDir)

/// <summary>The old name of <see cref="T:Micrograd.Core.Graphviz"/>.</summary>
[<AbstractClass; Sealed; Obsolete("Dot is now Graphviz: call Graphviz.Export.")>]
type Dot =
    /// <summary>See <see cref="M:Micrograd.Core.Graphviz.Export(Micrograd.Core.Node,System.Func{Micrograd.Core.Node,System.String},System.Func{Micrograd.Core.Node,System.Double},Micrograd.Core.RankDir)"/>.</summary>
    static member Export
        (
            root: Node,
            label: Func<Node, string>,
            gradient: Func<Node, float>,
            [<Optional; DefaultParameterValue(RankDir.LeftToRight)>] rankDir: RankDir
        ) : string =
        Graphviz.Export(root, label, gradient, rankDir)

    /// <summary>See <see cref="M:Micrograd.Core.Graphviz.Export(Micrograd.Core.Node,Micrograd.Core.Gradients,Micrograd.Core.RankDir)"/>.</summary>
    static member Export
        (
            root: Node,
            [<Optional; DefaultParameterValue(null: Gradients)>] gradients: Gradients,
            [<Optional; DefaultParameterValue(RankDir.LeftToRight)>] rankDir: RankDir
        ) : string =
        Graphviz.Export(root, gradients, rankDir)
