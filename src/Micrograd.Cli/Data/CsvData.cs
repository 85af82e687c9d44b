using System.Globalization;
using System.Text;
using Micrograd.Cli.Output;
using Micrograd.Core.Data;

namespace Micrograd.Cli.Data;

/// <summary>
/// Reads and writes a data set as CSV: the header <c>x,y,label</c>, then one point a line.
/// Labels are -1/+1, or 0/1 (0 is read as -1); numbers use '.' as decimal point.
/// </summary>
internal static class CsvData
{
    /// <summary>The header line every file starts with.</summary>
    public const string Header = "x,y,label";

    /// <summary>
    /// Every point of the file, or an exception naming the first line that is wrong: the whole
    /// file is checked before anything is returned, so nothing is trained on half a file.
    /// </summary>
    /// <exception cref="DataFormatException">The file is empty, has another header, or a line
    /// has a missing or extra column, a value that is not a finite number, or a bad label.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlyList<Sample> Read(string path)
    {
        var samples = new List<Sample>();
        var lineNumber = 0;
        var sawHeader = false;
        // Which label scheme the file uses, fixed by the first 0 or -1 seen (and its line).
        double? negative = null;
        var negativeLine = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            if (!sawHeader)
            {
                var names = line.Split(',').Select(c => c.Trim().ToLowerInvariant());
                if (string.Join(",", names) != Header)
                {
                    throw new DataFormatException(path, lineNumber, $"expected the header '{Header}', found '{Shorten(line)}'");
                }
                sawHeader = true;
                continue;
            }
            var cells = line.Split(',');
            if (cells.Length != 3)
            {
                var what = cells.Length < 3 ? "missing column" : "extra column";
                throw new DataFormatException(path, lineNumber, $"{what}: expected 3 values (x,y,label), found {cells.Length} in '{Shorten(line)}'");
            }
            var x = Number(path, lineNumber, "x", cells[0]);
            var y = Number(path, lineNumber, "y", cells[1]);
            var label = Number(path, lineNumber, "label", cells[2]);
            if (label is not (-1.0 or 0.0 or 1.0))
            {
                throw new DataFormatException(path, lineNumber, $"bad label '{cells[2].Trim()}': expected -1 or 1 (or 0 or 1)");
            }
            if (label != 1.0)
            {
                if (negative is { } seen && seen != label)
                {
                    throw new DataFormatException(path, lineNumber,
                        $"bad label '{cells[2].Trim()}': line {negativeLine} used {seen} for the other class; use -1/1 or 0/1, not both");
                }
                negative = label;
                negativeLine = lineNumber;
            }
            samples.Add(new Sample(x, y, label == 1.0 ? 1.0 : -1.0));
        }
        if (!sawHeader)
        {
            throw new DataFormatException(path, 0, $"empty file: expected the header '{Header}' and then one point a line");
        }
        if (samples.Count == 0)
        {
            throw new DataFormatException(path, 0, $"no data: the header '{Header}' is not followed by any point");
        }
        return samples;
    }

    /// <summary>Writes the points with round-trip numbers ("R") and -1/1 labels, atomically.</summary>
    public static void Write(string path, IReadOnlyList<Sample> samples) => AtomicFile.WriteAllText(path, Format(samples));

    /// <summary>The points as CSV text: round-trip numbers ("R") and -1/1 labels.</summary>
    public static string Format(IReadOnlyList<Sample> samples)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var s in samples)
        {
            text.Append(CultureInfo.InvariantCulture, $"{s.X:R},{s.Y:R},{(s.Label > 0 ? "1" : "-1")}\n");
        }
        return text.ToString();
    }

    private static double Number(string path, int line, string column, string cell)
    {
        var text = cell.Trim();
        if (text.Length == 0)
        {
            throw new DataFormatException(path, line, $"missing value: {column} is empty");
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new DataFormatException(path, line, $"{column} is not a number: '{Shorten(text)}'");
        }
        if (!double.IsFinite(value))
        {
            throw new DataFormatException(path, line, $"{column} is not a finite number: '{Shorten(text)}'");
        }
        return value;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
