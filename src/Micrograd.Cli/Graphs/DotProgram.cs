using System.Diagnostics;
using Micrograd.Cli.Output;

namespace Micrograd.Cli.Graphs;

/// <summary>Graphviz's <c>dot</c> program, when it is installed: renders DOT text to SVG or PNG.</summary>
internal static class DotProgram
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The full path of <c>dot</c> on the PATH, or null when Graphviz is not installed.</summary>
    public static string? FindDot()
    {
        var names = OperatingSystem.IsWindows() ? new[] { "dot.exe" } : ["dot"];
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Runs <c>dot -T<paramref name="format"/> <paramref name="dotFile"/></c> and writes its output to
    /// <paramref name="outputFile"/> atomically.
    /// </summary>
    /// <exception cref="InvalidOperationException">dot failed or took longer than a minute.</exception>
    public static void Render(string dot, string dotFile, string format, string outputFile)
    {
        var start = new ProcessStartInfo(dot)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-T" + format);
        start.ArgumentList.Add(dotFile);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dot}.");
        using var image = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(image);
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"dot -T{format} did not finish within {Timeout.TotalSeconds} s.");
        }
        copy.Wait();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dot -T{format} failed (exit code {process.ExitCode}): {errors.Result.Trim()}");
        }
        AtomicFile.WriteAllBytes(outputFile, image.ToArray());
    }
}
