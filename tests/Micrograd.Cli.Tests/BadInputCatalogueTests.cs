using System.Text;

namespace Micrograd.Cli.Tests;

/// <summary>
/// docs/bad-inputs.md, run: every command-line row is run in-process in an empty folder, and must
/// be refused as the row says and as every refusal is (<see cref="BadInput.AssertRefused"/>), with
/// nothing written.
/// </summary>
public sealed class BadInputCatalogueTests
{
    /// <summary>One row of the page: its id, its input (the arguments) and its message fragment.</summary>
    public sealed record Row(string Id, string Input, string Outcome, string Message);

    /// <summary>The command-line rows of docs/bad-inputs.md.</summary>
    public static IReadOnlyList<Row> Rows()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Micrograd.sln")))
        {
            dir = dir.Parent;
        }
        var page = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("no Micrograd.sln above the tests"), "docs", "bad-inputs.md");
        var rows = new List<Row>();
        foreach (var line in File.ReadAllLines(page))
        {
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length == 6 && cells[1].StartsWith('L') && char.IsDigit(cells[1][^1]))
            {
                rows.Add(new Row(cells[1], cells[2].Trim('`'), cells[3].Trim('`'), cells[4].Trim('`')));
            }
        }
        return rows;
    }

    /// <summary>The arguments of an input cell: words split at spaces, <c>""</c> an empty one;
    /// "(no arguments)" is none.</summary>
    public static string[] Arguments(string input)
    {
        if (input == "(no arguments)")
        {
            return [];
        }
        var args = new List<string>();
        var word = new StringBuilder();
        var quoted = false;
        var started = false;
        foreach (var c in input)
        {
            if (c == '"')
            {
                quoted = !quoted;
                started = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (started)
                {
                    args.Add(word.ToString());
                }
                word.Clear();
                started = false;
            }
            else
            {
                word.Append(c);
                started = true;
            }
        }
        if (started)
        {
            args.Add(word.ToString());
        }
        return [.. args];
    }

    public static TheoryData<string> Ids => [.. Rows().Select(r => r.Id)];

    [Theory]
    [MemberData(nameof(Ids))]
    public void Row_AsThePageWritesIt_IsRefusedAndWritesNothing(string id)
    {
        var row = Rows().Single(r => r.Id == id);
        Assert.Equal("exit 1", row.Outcome);
        using var runner = new CliRunner();
        var file = runner.PathOf("a-file");
        File.WriteAllText(file, "x,y,label\n0,0,1\n1,1,-1\n");
        var folder = runner.PathOf("a-folder");
        Directory.CreateDirectory(folder);
        var args = Arguments(row.Input)
            .Select(a => a.Replace("{file}", file).Replace("{folder}", folder).Replace("{dir}", runner.Folder))
            .ToList();
        // A row that names no --out would write into the default out/ of the test's own folder,
        // where "nothing written" could not be seen: its --out goes into the runner's folder.
        if (args.Count > 0 && args[0] is "moons" or "spiral" or "graph" && !args.Contains("--out"))
        {
            args.AddRange(["--out", runner.PathOf("out")]);
        }

        var result = CliRunner.Run([.. args]);

        BadInput.AssertRefused(result, row.Message);
        Assert.Equal(["a-file", "a-folder"], runner.Contents());
    }

    [Fact]
    public void Page_HasTheCommandLineRows()
    {
        var ids = Rows().Select(r => r.Id).ToList();
        Assert.True(ids.Count >= 30, $"the page has {ids.Count} command-line rows");
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Arguments_SplitsAtSpacesAndKeepsAnEmptyQuotedOne()
    {
        Assert.Equal(["moons", "--log", ""], Arguments("moons --log \"\""));
        Assert.Equal([""], Arguments("\"\""));
        Assert.Equal(["moons", "--steps", "abc"], Arguments("moons --steps abc"));
    }
}
