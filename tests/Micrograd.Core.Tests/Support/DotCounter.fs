/// A TextWriter that reads DOT text as it is written and keeps counts, not text: what a test of
/// the streaming export needs to check a graph whose text would not fit in memory.
module Micrograd.Core.Tests.DotCounter

open System
open System.IO
open System.Text

/// Counts the lines of Graphviz.Write's DOT text by kind, from the first characters after a
/// node's name. Holds the current line, the last one and the last record (their first 512
/// characters), so its memory does not grow with the text.
[<Sealed>]
type DotLineCounter() =
    inherit TextWriter()

    let line: char[] = Array.zeroCreate 512
    let mutable length = 0
    let lastLine: char[] = Array.zeroCreate 512
    let mutable lastLineLength = 0
    let lastRecord: char[] = Array.zeroCreate 512
    let mutable lastRecordLength = 0
    let mutable firstRecord: string = null
    let one: char[] = Array.zeroCreate 1
    let mutable characters = 0L
    let mutable lines = 0L
    let mutable records = 0L
    let mutable recordsWithGrad = 0L
    let mutable ops = 0L
    let mutable opEdges = 0L
    let mutable inputEdges = 0L
    let mutable others = 0L
    let mutable endsWithNewline = false

    // "  nID [shape=record, ...", "  nID_op [label=...", "  nID_op -> nID;" or "  nID -> nID_op;".
    let classify (l: ReadOnlySpan<char>) =
        lines <- lines + 1L
        // Where the node's name ends.
        let name =
            if l.Length > 3 && l[0] = ' ' && l[1] = ' ' && l[2] = 'n' then
                let k = l.Slice(3).IndexOf ' '
                if k < 0 then -1 else 3 + k
            else
                -1
        if name < 3 || name + 2 >= l.Length then
            others <- others + 1L
        else
            // (Tested one character at a time: a tuple pattern would allocate in a Debug build.)
            let first = l[name + 1]
            let second = l[name + 2]
            if first = '[' && second = 's' then
                records <- records + 1L
                if l.IndexOf(" | grad ".AsSpan()) >= 0 then
                    recordsWithGrad <- recordsWithGrad + 1L
                if isNull firstRecord then
                    firstRecord <- l.Slice(2).ToString()
                let kept = min l.Length lastRecord.Length
                l.Slice(0, kept).CopyTo(Span<char>(lastRecord))
                lastRecordLength <- kept
            elif first = '[' && second = 'l' then
                ops <- ops + 1L
            elif first = '-' && second = '>' then
                if l[name - 1] = 'p' then opEdges <- opEdges + 1L else inputEdges <- inputEdges + 1L
            else
                others <- others + 1L

    // A line, kept as the last one.
    let keep (l: ReadOnlySpan<char>) =
        let kept = min l.Length lastLine.Length
        l.Slice(0, kept).CopyTo(Span<char>(lastLine))
        lastLineLength <- kept

    member _.Characters = characters
    member _.Lines = lines
    /// `  nID [shape=record, label="{ ... }"];`
    member _.Records = records
    /// Records with a grad row.
    member _.RecordsWithGrad = recordsWithGrad
    /// `  nID_op [label="OP"];`
    member _.Ops = ops
    /// `  nID_op -> nID;`
    member _.OpEdges = opEdges
    /// `  nID -> nID_op;`
    member _.InputEdges = inputEdges
    /// Lines of none of the kinds above (the header's three and the closing brace).
    member _.Others = others
    /// Whether the text ended with '\n'.
    member _.EndsWithNewline = endsWithNewline
    /// The last line, without its '\n' ("}" for a whole picture).
    member _.LastLine = String(lastLine, 0, lastLineLength)
    /// The first record line and the last one, without their indent.
    member _.FirstRecord = firstRecord
    member _.LastRecord = String(lastRecord, 2, lastRecordLength - 2)

    override _.Encoding = Encoding.UTF8

    // Whole lines are classified where they lie, without copying; only the start of a line that
    // the next write goes on with is copied, and the last line of a write is kept.
    override _.Write(text: ReadOnlySpan<char>) =
        characters <- characters + int64 text.Length
        let mutable rest = text
        while rest.Length > 0 do
            let nl = rest.IndexOf '\n'
            if nl < 0 then
                let room = min rest.Length (line.Length - length)
                rest.Slice(0, room).CopyTo(Span<char>(line, length, room))
                length <- length + room
                rest <- ReadOnlySpan<char>.Empty
            else
                let whole =
                    if length = 0 then
                        rest.Slice(0, nl)
                    else
                        let room = min nl (line.Length - length)
                        rest.Slice(0, room).CopyTo(Span<char>(line, length, room))
                        length <- length + room
                        ReadOnlySpan<char>(line, 0, length)
                classify whole
                rest <- rest.Slice(nl + 1)
                if rest.IsEmpty then
                    keep whole
                length <- 0
        if text.Length > 0 then
            endsWithNewline <- text[text.Length - 1] = '\n'

    override this.Write(c: char) =
        one[0] <- c
        this.Write(ReadOnlySpan<char>(one))

    override this.Write(buffer: char[], index: int, count: int) = this.Write(ReadOnlySpan<char>(buffer, index, count))

    override this.Write(text: string) =
        if not (isNull text) then
            this.Write(text.AsSpan())
