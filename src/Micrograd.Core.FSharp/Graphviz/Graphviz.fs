namespace Micrograd.Core

open System
open System.Globalization
open System.IO
open System.Runtime.InteropServices

/// Which way a Graphviz picture flows.
type RankDir =
    /// Inputs on the left, the root on the right (micrograd's default, "LR").
    | LeftToRight = 0
    /// Inputs at the top, the root at the bottom ("TB").
    | TopToBottom = 1

/// <summary>
/// Graphviz DOT export of an expression graph: micrograd's <c>draw_dot</c> picture. Each value is
/// a record box <c>{ label | data 1.0000 | grad 0.5000 }</c>; each computed value is fed by a small
/// box naming its operation. Render the text with <c>dot -Tsvg</c>.
/// </summary>
/// <remarks>
/// <para>Three ways out, all with the same text for the same graph: <c>Export</c> returns it as a
/// string, for graphs of at most <see cref="P:Micrograd.Core.Graphviz.MaxStringNodes"/> nodes;
/// <c>Write</c> streams it to a <see cref="T:System.IO.TextWriter"/> and <c>WriteFile</c> to a file,
/// for graphs of any size: the text is written line by line as the nodes are visited, so the memory
/// they use grows with the number of nodes (the topological sort's working memory, tens of bytes a node, as for a backprop), not with
/// the length of the text (about 75 characters a node).</para>
/// <para>Every walk is iterative: a graph ten million nodes deep is fine.</para>
/// </remarks>
[<AbstractClass; Sealed>]
type Graphviz =

    static let labels = Func<Node, string>(fun n -> n.Label)

    /// <summary>The most nodes that <c>Export</c> (and the C# façade's <c>Value.ToDot</c>) turns into
    /// one string: 100,000.</summary>
    /// <remarks>A graph of 100,000 nodes is about 7.5 million characters of DOT (15 MB as a .NET
    /// string), already more than Graphviz lays out in reasonable time. Past it, the string export
    /// throws an <see cref="T:System.InvalidOperationException"/>, and <c>Write</c> or <c>WriteFile</c>
    /// streams the same text instead. Counted as the graph's nodes (values), each once, as
    /// <c>Graph.count</c> counts them.</remarks>
    static member MaxStringNodes: int = 100_000

    static member private Check(rankDir: RankDir) =
        if rankDir <> RankDir.LeftToRight && rankDir <> RankDir.TopToBottom then
            raise (
                ArgumentOutOfRangeException(
                    nameof rankDir,
                    rankDir,
                    Messages.undefinedEnum (nameof rankDir) (int rankDir) "RankDir.LeftToRight or RankDir.TopToBottom"
                )
            )

    // The text of a sorted graph, node by node: one node's lines are put together in the buffer
    // and written in one call, and nothing here grows with the graph.
    static member private WriteOrder
        (
            order: Node[],
            count: int,
            writer: TextWriter,
            label: Func<Node, string>,
            gradient: Func<Node, float>,
            rankDir: RankDir
        ) =
        let text = DotText(writer)
        text.Append "digraph G {\n  rankdir="
        text.Append(if rankDir = RankDir.TopToBottom then "TB" else "LR")
        text.Append ";\n  node [fontname=\"Helvetica\"];\n"
        for i in 0 .. count - 1 do
            let n = order[i]
            let id = n.Id
            text.Append "  n"
            text.Append id
            text.Append " [shape=record, label=\"{ "
            text.AppendEscaped(label.Invoke n)
            text.Append " | data "
            text.Append n.Data
            if not (isNull gradient) then
                text.Append " | grad "
                text.Append(gradient.Invoke n)
            text.Append " }\"];\n"
            if not (isNull n.A) then
                text.Append "  n"
                text.Append id
                text.Append "_op [label=\""
                text.AppendEscaped n.Op
                text.Append "\"];\n  n"
                text.Append id
                text.Append "_op -> n"
                text.Append id
                text.Append ";\n"
                // One edge per operand, in operand order: x * x shows two arrows from x.
                text.AppendEdge(n.A.Id, id)
                if not (isNull n.B) then
                    text.AppendEdge(n.B.Id, id)
            text.Flush()
        text.Append "}\n"
        text.Flush()

    static member private Checked(label: Func<Node, string>, rankDir: RankDir) =
        if isNull label then
            nullArg (nameof label)
        Graphviz.Check rankDir

    static member private ByNode(gradients: Gradients) : Func<Node, float> =
        if isNull gradients then null else Func<Node, float>(fun n -> gradients[n])

    /// <summary>The DOT text of a graph, with a label and, optionally, a gradient per node.</summary>
    /// <param name="root">The node whose graph to draw.</param>
    /// <param name="label">The label to show for a node (e.g. <c>fun n -> n.Label</c>); a null label shows as "".</param>
    /// <param name="gradient">The gradient to show for a node, or null to show none.</param>
    /// <param name="rankDir">Left to right (default) or top to bottom.</param>
    /// <returns>The text, lines ending in "\n".</returns>
    /// <exception cref="T:System.ArgumentNullException">root or label is null.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">rankDir is not a defined RankDir.</exception>
    /// <exception cref="T:System.InvalidOperationException">The graph has more than
    /// <see cref="P:Micrograd.Core.Graphviz.MaxStringNodes"/> nodes: stream it with <c>Write</c> or <c>WriteFile</c>.</exception>
    static member Export
        (
            root: Node,
            label: Func<Node, string>,
            gradient: Func<Node, float>,
            [<Optional; DefaultParameterValue(RankDir.LeftToRight)>] rankDir: RankDir
        ) : string =
        if isNull root then
            nullArg (nameof root)
        Graphviz.Checked(label, rankDir)
        Graph.withOrder root (fun count s ->
            // Refused before a character is written: the sort counted the nodes already.
            if count > Graphviz.MaxStringNodes then
                raise (InvalidOperationException(Messages.dotTooLarge count Graphviz.MaxStringNodes))
            use writer = new StringWriter(CultureInfo.InvariantCulture)
            Graphviz.WriteOrder(s.Order, count, writer, label, gradient, rankDir)
            writer.ToString())

    /// <summary>The DOT text of a graph: node labels, data, and the gradients if given.</summary>
    /// <param name="root">The node whose graph to draw.</param>
    /// <param name="gradients">Gradients to show (from <c>Backprop.gradients</c>), or null to show none.</param>
    /// <param name="rankDir">Left to right (default) or top to bottom.</param>
    /// <returns>The text, lines ending in "\n".</returns>
    /// <exception cref="T:System.ArgumentNullException">root is null.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">rankDir is not a defined RankDir.</exception>
    /// <exception cref="T:System.InvalidOperationException">The graph has more than
    /// <see cref="P:Micrograd.Core.Graphviz.MaxStringNodes"/> nodes: stream it with <c>Write</c> or <c>WriteFile</c>.</exception>
    /// <example><code lang="fsharp">let dot = Graphviz.Export(g, Backprop.gradients g)</code></example>
    static member Export
        (
            root: Node,
            [<Optional; DefaultParameterValue(null: Gradients)>] gradients: Gradients,
            [<Optional; DefaultParameterValue(RankDir.LeftToRight)>] rankDir: RankDir
        ) : string =
        Graphviz.Export(root, labels, Graphviz.ByNode gradients, rankDir)

    /// <summary>Writes the DOT text of a graph to a writer as it goes, for a graph of any size: the
    /// same text <c>Export</c> returns.</summary>
    /// <param name="root">The node whose graph to draw.</param>
    /// <param name="writer">Where the text goes. Neither flushed nor closed: the caller owns it.</param>
    /// <param name="label">The label to show for a node; a null label shows as "".</param>
    /// <param name="gradient">The gradient to show for a node, or null to show none.</param>
    /// <param name="rankDir">Left to right (default) or top to bottom.</param>
    /// <exception cref="T:System.ArgumentNullException">root, writer or label is null.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">rankDir is not a defined RankDir.</exception>
    static member Write
        (
            root: Node,
            writer: TextWriter,
            label: Func<Node, string>,
            gradient: Func<Node, float>,
            [<Optional; DefaultParameterValue(RankDir.LeftToRight)>] rankDir: RankDir
        ) : unit =
        if isNull root then
            nullArg (nameof root)
        if isNull writer then
            nullArg (nameof writer)
        Graphviz.Checked(label, rankDir)
        Graph.withOrder root (fun count s -> Graphviz.WriteOrder(s.Order, count, writer, label, gradient, rankDir))

    /// <summary>Writes the DOT text of a graph to a writer as it goes, for a graph of any size: node
    /// labels, data, and the gradients if given; the same text <c>Export</c> returns.</summary>
    /// <param name="root">The node whose graph to draw.</param>
    /// <param name="writer">Where the text goes. Neither flushed nor closed: the caller owns it.</param>
    /// <param name="gradients">Gradients to show (from <c>Backprop.gradients</c>), or null to show none.</param>
    /// <param name="rankDir">Left to right (default) or top to bottom.</param>
    /// <exception cref="T:System.ArgumentNullException">root or writer is null.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">rankDir is not a defined RankDir.</exception>
    /// <example><code lang="fsharp">Graphviz.Write(g, Console.Out, Backprop.gradients g)</code></example>
    static member Write
        (
            root: Node,
            writer: TextWriter,
            [<Optional; DefaultParameterValue(null: Gradients)>] gradients: Gradients,
            [<Optional; DefaultParameterValue(RankDir.LeftToRight)>] rankDir: RankDir
        ) : unit =
        Graphviz.Write(root, writer, labels, Graphviz.ByNode gradients, rankDir)

    /// <summary>Writes the DOT text of a graph to a file, as UTF-8 without a byte-order mark, for a
    /// graph of any size: the same text <c>Export</c> returns. The file is replaced whole or not at
    /// all: the text goes to a hidden temporary file in the same folder, which is flushed to disk and
    /// renamed over <paramref name="path"/>. If anything fails on the way, the previous file is left
    /// as it was and the temporary file is removed.</summary>
    /// <param name="root">The node whose graph to draw.</param>
    /// <param name="path">The file to write (replaced if it exists). Its folder must exist.</param>
    /// <param name="label">The label to show for a node; a null label shows as "".</param>
    /// <param name="gradient">The gradient to show for a node, or null to show none.</param>
    /// <param name="rankDir">Left to right (default) or top to bottom.</param>
    /// <exception cref="T:System.ArgumentNullException">root, path or label is null.</exception>
    /// <exception cref="T:System.ArgumentException">path is empty, or names a folder.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">rankDir is not a defined RankDir.</exception>
    /// <exception cref="T:System.IO.DirectoryNotFoundException">The folder of path does not exist.</exception>
    /// <exception cref="T:System.UnauthorizedAccessException">The folder may not be written to.</exception>
    /// <exception cref="T:System.IO.IOException">Writing failed (a full disk, say); the message names path.</exception>
    static member WriteFile
        (
            root: Node,
            path: string,
            label: Func<Node, string>,
            gradient: Func<Node, float>,
            [<Optional; DefaultParameterValue(RankDir.LeftToRight)>] rankDir: RankDir
        ) : unit =
        if isNull root then
            nullArg (nameof root)
        Graphviz.Checked(label, rankDir)
        IO.AtomicFile.WriteText(
            path,
            Action<TextWriter>(fun writer ->
                Graph.withOrder root (fun count s ->
                    Graphviz.WriteOrder(s.Order, count, writer, label, gradient, rankDir)))
        )

    /// <summary>Writes the DOT text of a graph to a file, replacing it whole or not at all, for a
    /// graph of any size: node labels, data, and the gradients if given; see the other overload.</summary>
    /// <param name="root">The node whose graph to draw.</param>
    /// <param name="path">The file to write (replaced if it exists). Its folder must exist.</param>
    /// <param name="gradients">Gradients to show (from <c>Backprop.gradients</c>), or null to show none.</param>
    /// <param name="rankDir">Left to right (default) or top to bottom.</param>
    /// <exception cref="T:System.ArgumentNullException">root or path is null.</exception>
    /// <exception cref="T:System.ArgumentException">path is empty, or names a folder.</exception>
    /// <exception cref="T:System.ArgumentOutOfRangeException">rankDir is not a defined RankDir.</exception>
    /// <exception cref="T:System.IO.DirectoryNotFoundException">The folder of path does not exist.</exception>
    /// <exception cref="T:System.UnauthorizedAccessException">The folder may not be written to.</exception>
    /// <exception cref="T:System.IO.IOException">Writing failed (a full disk, say); the message names path.</exception>
    /// <example><code lang="fsharp">Graphviz.WriteFile(g, "graph.dot", Backprop.gradients g)</code></example>
    static member WriteFile
        (
            root: Node,
            path: string,
            [<Optional; DefaultParameterValue(null: Gradients)>] gradients: Gradients,
            [<Optional; DefaultParameterValue(RankDir.LeftToRight)>] rankDir: RankDir
        ) : unit =
        Graphviz.WriteFile(root, path, labels, Graphviz.ByNode gradients, rankDir)

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
