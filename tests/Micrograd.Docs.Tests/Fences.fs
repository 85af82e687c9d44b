/// Fenced code blocks of a Markdown page, as CommonMark reads them: a line of three or more
/// backticks (or tildes), indented at most three spaces, opens a block; the info string after it
/// names the language; a line of at least as many of the same character closes it.
module Micrograd.Docs.Tests.Fences

open System

/// One fenced code block.
type Fence = {
    /// The first word of the info string, lower-cased ("fsharp", "csharp", "sh", ...; "" if none).
    Language: string
    /// The 1-based line number, in the page, of the block's first line of code.
    Line: int
    /// The code, lines joined with '\n', the fence's own indentation removed from each.
    Code: string
    /// False when the page ended before a closing fence (CommonMark then runs the block to the end).
    Closed: bool
}

/// The languages whose blocks run: ```fsharp as one F# script per page, ```csharp as one C#
/// program per page.
let runnable = set [ "fsharp"; "csharp" ]

/// Other names for F# and C# that GitHub would highlight but that would not run: a page must
/// not hide an example behind one of them.
let aliases = set [ "fs"; "f#"; "fsx"; "fsi"; "cs"; "c#"; "csx" ]

// An opening fence: (indent, fence character, fence length, info string), if the line is one.
let private opening (line: string) : (int * char * int * string) option =
    let indent = line.Length - line.TrimStart(' ').Length
    let rest = line.TrimStart(' ')
    if indent > 3 || rest.Length < 3 || (rest[0] <> '`' && rest[0] <> '~') then
        None
    else
        let c = rest[0]
        let length = rest.Length - rest.TrimStart(c).Length
        let info = rest.Substring(length).Trim()
        // A backtick fence's info string may not contain a backtick (that is inline code).
        if length < 3 || (c = '`' && info.Contains '`') then None else Some(indent, c, length, info)

let private closes (c: char) (length: int) (line: string) : bool =
    let rest = line.TrimStart(' ')
    let indent = line.Length - rest.Length
    let run = rest.Length - rest.TrimStart(c).Length
    indent <= 3 && run >= length && rest.Substring(run).Trim() = ""

// Removes up to `indent` leading spaces, as CommonMark does inside an indented fence.
let private unindent (indent: int) (line: string) : string =
    let spaces = line.Length - line.TrimStart(' ').Length
    line.Substring(min indent spaces)

/// <summary>Every fenced code block of a page, in page order.</summary>
/// <param name="markdown">The page's text.</param>
let parse (markdown: string) : Fence list =
    let lines = markdown.Replace("\r\n", "\n").Split('\n')
    let fences = ResizeArray<Fence>()
    let mutable i = 0
    while i < lines.Length do
        match opening lines[i] with
        | None -> i <- i + 1
        | Some(indent, c, length, info) ->
            let first = i + 1
            let mutable j = first
            while j < lines.Length && not (closes c length lines[j]) do
                j <- j + 1
            let language =
                match info.Split([| ' '; '\t' |], StringSplitOptions.RemoveEmptyEntries) with
                | [||] -> ""
                | words -> words[0].ToLowerInvariant()
            fences.Add {
                Language = language
                Line = first + 1
                Code = String.Join("\n", lines[first .. j - 1] |> Array.map (unindent indent))
                Closed = j < lines.Length
            }
            i <- j + 1
    List.ofSeq fences

/// The blocks of one language, in page order.
let ofLanguage (language: string) (fences: Fence list) : Fence list =
    fences |> List.filter (fun f -> f.Language = language)
