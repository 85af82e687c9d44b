using System.Globalization;

namespace Micrograd.Cli.Tests;

/// <summary>One row of a <c>step,loss,accuracy,learning_rate</c> CSV, parsed.</summary>
internal readonly record struct LogRow(int Step, double Loss, double Accuracy, double LearningRate);

/// <summary>Reads the training logs written by <c>--log</c> and by the Python reference.</summary>
internal static class LogFile
{
    public const string Header = "step,loss,accuracy,learning_rate";

    public static IReadOnlyList<LogRow> Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        Assert.Equal(Header, lines[0]);
        return lines.Skip(1).Select(Parse).ToArray();
    }

    private static LogRow Parse(string line)
    {
        var cells = line.Split(',');
        Assert.Equal(4, cells.Length);
        return new LogRow(
            int.Parse(cells[0], CultureInfo.InvariantCulture),
            double.Parse(cells[1], CultureInfo.InvariantCulture),
            double.Parse(cells[2], CultureInfo.InvariantCulture),
            double.Parse(cells[3], CultureInfo.InvariantCulture));
    }
}
