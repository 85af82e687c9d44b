namespace Micrograd.Core

open System
open System.Buffers
open System.Globalization
open System.IO

/// One node's DOT lines, put together before they are written, so that a writer gets one call per
/// node and the export makes no string per node. The buffer grows to the longest node's text (a
/// long label) and no further.
[<Sealed>]
type internal DotText(writer: TextWriter) =
    // Characters with a meaning inside a DOT record label, and quotes and backslashes for the string.
    static let special = SearchValues.Create("{}|<>\"\\\n\r")

    let mutable chars: char[] = Array.zeroCreate 512
    let mutable length = 0

    // Room for `more` characters after the current ones.
    member private _.Room(more: int) : Span<char> =
        if length + more > chars.Length then
            let grown = Array.zeroCreate (max (2 * chars.Length) (length + more))
            Array.Copy(chars, grown, length)
            chars <- grown
        Span<char>(chars, length, chars.Length - length)

    member this.Append(s: string) =
        s.AsSpan().CopyTo(this.Room s.Length)
        length <- length + s.Length

    member this.Append(c: char) =
        this.Room(1)[0] <- c
        length <- length + 1

    member this.Append(id: int64) =
        let mutable written = 0
        // An int64 is at most 20 characters.
        id.TryFormat(this.Room 20, &written, ReadOnlySpan<char>.Empty, CultureInfo.InvariantCulture)
        |> ignore
        length <- length + written

    /// Four decimals with a point whatever the culture. The largest doubles have 309 digits before
    /// the point, so 320 characters hold any.
    member this.Append(x: float) =
        let mutable written = 0
        if x.TryFormat(this.Room 320, &written, "F4", CultureInfo.InvariantCulture) then
            length <- length + written
        else
            this.Append(x.ToString("F4", CultureInfo.InvariantCulture))

    /// A label, escaped for a record (a null label is ""). Most need no escaping and go in whole.
    member this.AppendEscaped(text: string) =
        if not (isNull text) then
            if text.AsSpan().IndexOfAny(special) < 0 then
                this.Append text
            else
                for c in text do
                    match c with
                    | '{'
                    | '}'
                    | '|'
                    | '<'
                    | '>'
                    | '"'
                    | '\\' ->
                        this.Append '\\'
                        this.Append c
                    | '\n' -> this.Append "\\n"
                    | '\r' -> ()
                    | c -> this.Append c

    /// The edge from an input to the op node of the node `id`.
    member this.AppendEdge(input: int64, id: int64) =
        this.Append "  n"
        this.Append input
        this.Append " -> n"
        this.Append id
        this.Append "_op;\n"

    /// Writes what was put together, and starts again.
    member _.Flush() =
        writer.Write(chars, 0, length)
        length <- 0
