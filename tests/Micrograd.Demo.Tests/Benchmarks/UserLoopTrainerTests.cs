using System.Globalization;
using Micrograd.Benchmarks;
using Micrograd.Core;
using Micrograd.Core.Data;
using Micrograd.Core.Nn;

namespace Micrograd.Demo.Tests.Benchmarks;

public sealed class UserLoopTrainerTests
{
    private static string Repository()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Micrograd.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new DirectoryNotFoundException("No Micrograd.sln above the test's folder.");
    }

    // The reference: micrograd's engine and demo loop in plain Python (inputs kept in operand
    // order), run on the same points; its log is committed beside the CLI's tests.
    [Fact]
    public void Step_HundredStepsOnThePythonReferencesPoints_LossesAreMicrogradsWithin1e12Relative()
    {
        var python = Path.Combine(Repository(), "tests", "Micrograd.Cli.Tests", "python");
        var data = Csv.Read(Path.Combine(python, "moons.csv"));
        var expected = File.ReadLines(Path.Combine(python, "demo_full_batch_ordered.csv"))
            .Skip(1)
            .Select(line => double.Parse(line.Split(',')[1], CultureInfo.InvariantCulture))
            .ToArray();
        var trainer = new UserLoopTrainer(new PythonRandom(1337));

        for (var k = 0; k < expected.Length; k++)
        {
            var loss = trainer.Step(data, 1.0 - 0.9 * k / expected.Length).Loss;
            Assert.True(
                Math.Abs(loss - expected[k]) <= 1e-12 * Math.Abs(expected[k]),
                $"step {k}: loss {loss:R}, micrograd's {expected[k]:R}");
        }
    }

    [Fact]
    public void Step_TwentySteps_SameBitsAsTheFacadeEngine()
    {
        var data = Moons.Generate(100, 0.1, 1337);
        var user = new UserLoopTrainer(new PythonRandom(1337));
        var facade = new FacadeTrainer(new PythonRandom(1337));
        for (var k = 0; k < 20; k++)
        {
            var lr = Schedules.LinearDecay(k, 20);
            Assert.Equal(facade.Step(data, lr), user.Step(data, lr));
        }
    }

    // The benchmark must time the loop README shows: every line of README's loop body, from
    // `var losses` to `total.Backward();`, is a line of UserLoopTrainer.Step.
    [Fact]
    public void Step_IsTheLoopReadmeShows()
    {
        var root = Repository();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var start = readme.IndexOf("    var losses = new List<Value>();", StringComparison.Ordinal);
        var end = readme.IndexOf("    total.Backward();", start, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README.md shows no demo loop from `var losses` to `total.Backward();`.");
        var source = File.ReadAllLines(Path.Combine(root, "tests", "Micrograd.Benchmarks", "UserLoopTrainer.cs"))
            .Select(l => l.Trim())
            .ToHashSet();
        var lines = readme[start..end].Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        Assert.True(lines.Length >= 10, "README's loop is shorter than expected.");
        Assert.All(lines, l => Assert.Contains(l, source));
    }
}
