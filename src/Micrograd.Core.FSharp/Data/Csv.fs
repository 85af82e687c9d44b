namespace Micrograd.Core.Data

open System
open System.Collections.Generic
open System.Globalization
open System.IO
open System.Text
open Micrograd.Core.IO

// A line of a data file that cannot be read as x,y,label: the message names the file, the line
// (0: the file as a whole) and what is wrong.
module private CsvError =
    let at (path: string) (line: int) (problem: string) : exn =
        InvalidDataException(
            if line > 0 then sprintf "%s, line %d: %s" path line problem else sprintf "%s: %s" path problem
        )

/// <summary>
/// Reads and writes a two-class data set in the plane as CSV: the header <c>x,y,label</c>, then
/// one point a line. Labels are -1/+1, or 0/1 (0 is read as -1); numbers use '.' as decimal point.
/// </summary>
/// <example>
/// <code lang="fsharp">
/// Csv.write "moons.csv" (Moons.generate 100 0.1 1337)
/// let points = Csv.read "moons.csv"   // the same points, to the bit
/// </code>
/// </example>
[<RequireQualifiedAccess>]
module Csv =

    /// <summary>The header line every file starts with.</summary>
    [<Literal>]
    let Header = "x,y,label"

    // What can be wrong with a file, each worded once.
    module private Problems =
        let shorten (text: string) = if text.Length <= 40 then text else text[..39] + "..."

        let header (line: string) = sprintf "expected the header '%s', found '%s'" Header (shorten line)

        let columns (count: int) (line: string) =
            let what = if count < 3 then "missing column" else "extra column"
            sprintf "%s: expected 3 values (x,y,label), found %d in '%s'" what count (shorten line)

        let badLabel (cell: string) = sprintf "bad label '%s': expected -1 or 1 (or 0 or 1)" cell

        let mixedLabels (cell: string) (line: int) (seen: float) =
            sprintf
                "bad label '%s': line %d used %s for the other class; use -1/1 or 0/1, not both"
                cell
                line
                (seen.ToString CultureInfo.InvariantCulture)

        let empty =
            sprintf "empty file: expected the header '%s' and then one point a line" Header

        let noData = sprintf "no data: the header '%s' is not followed by any point" Header

        let missingValue (column: string) = sprintf "missing value: %s is empty" column

        let notANumber (column: string) (text: string) = sprintf "%s is not a number: '%s'" column (shorten text)

        let notFinite (column: string) (text: string) = sprintf "%s is not a finite number: '%s'" column (shorten text)

    let private number (path: string) (line: int) (column: string) (cell: string) =
        let text = cell.Trim()
        if text.Length = 0 then
            raise (CsvError.at path line (Problems.missingValue column))
        match Double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture) with
        | false, _ -> raise (CsvError.at path line (Problems.notANumber column text))
        | true, value when not (Double.IsFinite value) -> raise (CsvError.at path line (Problems.notFinite column text))
        | true, value -> value

    /// <summary>The points of the lines, or an exception naming the first line that is wrong: every
    /// line is checked before anything is returned, so nothing is trained on half a file.</summary>
    /// <param name="path">The name to report in errors (the file's path).</param>
    /// <param name="lines">The file's lines.</param>
    /// <returns>The points, in file order, labels -1 and +1.</returns>
    /// <exception cref="T:System.IO.InvalidDataException">The lines are empty, start with
    /// another header, or a line has a missing or extra column, a value that is not a finite
    /// number, or a bad label.</exception>
    [<CompiledName("Parse")>]
    let parse (path: string) (lines: IEnumerable<string>) : IReadOnlyList<Sample> =
        if isNull lines then
            raise (ArgumentNullException(nameof lines, "The lines are null; expected the file's lines."))
        let samples = List<Sample>()
        let mutable lineNumber = 0
        let mutable sawHeader = false
        // Which label scheme the file uses, fixed by the first 0 or -1 seen (and its line).
        let mutable negative = Double.NaN
        let mutable negativeLine = 0
        for raw in lines do
            lineNumber <- lineNumber + 1
            let line = raw.Trim()
            if line.Length = 0 then
                ()
            elif not sawHeader then
                let names = line.Split(',') |> Array.map (fun c -> c.Trim().ToLowerInvariant())
                if String.Join(",", names) <> Header then
                    raise (CsvError.at path lineNumber (Problems.header line))
                sawHeader <- true
            else
                let cells = line.Split(',')
                if cells.Length <> 3 then
                    raise (CsvError.at path lineNumber (Problems.columns cells.Length line))
                let x = number path lineNumber "x" cells[0]
                let y = number path lineNumber "y" cells[1]
                let label = number path lineNumber "label" cells[2]
                if label <> -1.0 && label <> 0.0 && label <> 1.0 then
                    raise (CsvError.at path lineNumber (Problems.badLabel (cells[2].Trim())))
                if label <> 1.0 then
                    if not (Double.IsNaN negative) && negative <> label then
                        raise (
                            CsvError.at path lineNumber (Problems.mixedLabels (cells[2].Trim()) negativeLine negative)
                        )
                    negative <- label
                    negativeLine <- lineNumber
                samples.Add {
                    X = x
                    Y = y
                    Label = if label = 1.0 then 1.0 else -1.0
                }
        if not sawHeader then
            raise (CsvError.at path 0 (Problems.empty))
        if samples.Count = 0 then
            raise (CsvError.at path 0 (Problems.noData))
        samples :> IReadOnlyList<Sample>

    /// <summary>Every point of the file at <paramref name="path"/> (see <see cref="M:Micrograd.Core.Data.Csv.Parse(System.String,System.Collections.Generic.IEnumerable{System.String})"/>).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The points, in file order, labels -1 and +1.</returns>
    /// <exception cref="T:System.IO.InvalidDataException">A line is wrong (the message names it).</exception>
    /// <exception cref="T:System.ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="T:System.IO.IOException">The file cannot be read (FileNotFoundException when it does not exist).</exception>
    [<CompiledName("Read")>]
    let read (path: string) : IReadOnlyList<Sample> =
        if isNull path then
            raise (ArgumentNullException(nameof path, "The path is null; expected a CSV file (x,y,label)."))
        parse path (File.ReadLines path)

    /// <summary>The points as CSV text: the header, then round-trip numbers ("R") and -1/1 labels, '\n' line ends.</summary>
    /// <param name="samples">The points.</param>
    /// <returns>The text; <see cref="M:Micrograd.Core.Data.Csv.Parse(System.String,System.Collections.Generic.IEnumerable{System.String})"/> reads it back to the same points.</returns>
    /// <exception cref="T:System.ArgumentNullException"><paramref name="samples"/> is null.</exception>
    [<CompiledName("Format")>]
    let format (samples: IReadOnlyList<Sample>) : string =
        if isNull samples then
            raise (ArgumentNullException(nameof samples, "The samples are null; expected the points to write."))
        let text = StringBuilder(Header).Append('\n')
        for s in samples do
            text
                .Append(s.X.ToString("R", CultureInfo.InvariantCulture))
                .Append(',')
                .Append(s.Y.ToString("R", CultureInfo.InvariantCulture))
                .Append(',')
                .Append(if s.Label > 0.0 then "1" else "-1")
                .Append('\n')
            |> ignore
        text.ToString()

    /// <summary>Writes the points as <see cref="M:Micrograd.Core.Data.Csv.Format(System.Collections.Generic.IReadOnlyList{Micrograd.Core.Data.Sample})"/> does, atomically (<see cref="T:Micrograd.Core.IO.AtomicFile"/>).</summary>
    /// <param name="path">The file; its folder must exist.</param>
    /// <param name="samples">The points.</param>
    /// <exception cref="T:System.IO.IOException">The write failed; a file already there is left as it was.</exception>
    [<CompiledName("Write")>]
    let write (path: string) (samples: IReadOnlyList<Sample>) : unit = AtomicFile.WriteAllText(path, format samples)
