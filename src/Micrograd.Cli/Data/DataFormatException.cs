namespace Micrograd.Cli.Data;

/// <summary>A data file that cannot be read as <c>x,y,label</c> rows: says which file, which line and why.</summary>
internal sealed class DataFormatException(string path, int line, string problem)
    : Exception(line > 0 ? $"{path}, line {line}: {problem}" : $"{path}: {problem}")
{
    /// <summary>The file that was read.</summary>
    public string Path { get; } = path;

    /// <summary>The 1-based line with the problem, or 0 when it is the file as a whole.</summary>
    public int Line { get; } = line;

    /// <summary>What was wrong, without the file and line.</summary>
    public string Problem { get; } = problem;
}
