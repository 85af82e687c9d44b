using System.Globalization;
using System.Text;

namespace Micrograd.Cli.Output;

/// <summary>
/// The <c>--log</c> file: CSV with the header <c>step,loss,accuracy,learning_rate</c> and one row per
/// step, every number written round-trip ("R") so it reads back to the same double.
/// </summary>
internal static class TrainingLog
{
    /// <summary>The header line.</summary>
    public const string Header = "step,loss,accuracy,learning_rate";

    /// <summary>The log as CSV text.</summary>
    public static string Format(IReadOnlyList<StepRecord> log)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var r in log)
        {
            text.Append(CultureInfo.InvariantCulture, $"{r.Step},{r.Loss:R},{r.Accuracy:R},{r.LearningRate:R}\n");
        }
        return text.ToString();
    }

    /// <summary>Writes the log to <paramref name="path"/>, whole or not at all.</summary>
    public static void Write(string path, IReadOnlyList<StepRecord> log) => AtomicFile.WriteAllText(path, Format(log));
}
