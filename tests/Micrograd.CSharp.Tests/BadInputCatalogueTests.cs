using System.Globalization;
using Micrograd.Core;
using Micrograd.Core.Nn;

namespace Micrograd.CSharp.Tests;

/// <summary>
/// docs/bad-inputs.md, run: every C# row of the catalogue is a case here, and what the case does
/// is compared with the row's outcome and message as the page writes them.
/// </summary>
public class BadInputCatalogueTests
{
    /// <summary>One row of the page: its id, outcome and message cells, backticks removed.</summary>
    public sealed record Row(string Id, string Outcome, string Message);

    /// <summary>The rows of docs/bad-inputs.md whose id starts with <paramref name="prefix"/>.</summary>
    public static IReadOnlyList<Row> RowsOf(string prefix)
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
            // | id | input | outcome | message |  splits into 6 cells, the first and last empty.
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length == 6 && cells[1].StartsWith(prefix, StringComparison.Ordinal) && char.IsDigit(cells[1][^1]))
            {
                rows.Add(new Row(cells[1], cells[3].Trim('`'), cells[4].Trim('`')));
            }
        }
        return rows;
    }

    private static readonly Value? Null = null;

    private static readonly CustomOp Hypot =
        CustomOp.Binary("hypot", (a, b) => Math.Sqrt(a * a + b * b), (a, b, y) => (a / y, b / y));

    private static MLP Model() => new(2, [4, 1]);

    private static double GradOf(Value root, Value x)
    {
        root.Backward();
        return x.Grad;
    }

    private static readonly Dictionary<string, Func<double>> Cases = new()
    {
        ["C01"] = () => (new Value(1) + Null!).Data,
        ["C02"] = () => (Null! * 2).Data,
        ["C03"] = () => (new Value(1) - Null!).Data,
        ["C04"] = () => (new Value(1) / Null!).Data,
        ["C05"] = () => (2 / Null!).Data,
        ["C06"] = () => (-Null!).Data,
        ["C07"] = () => new Value(2).Pow(Null!).Data,
        ["C08"] = () => Value.Sum([new Value(1), Null!]).Data,
        ["C09"] = () => Value.Sum(null!).Data,
        ["C10"] = () => new Value(1).Apply(null!).Data,
        ["C11"] = () => new Value(1).Apply(Micrograd.Core.Operation.Add).Data,
        ["C12"] = () => new Value(1).Apply(Hypot, Null!).Data,
        ["C13"] = () =>
        {
            var sum = new Value(1) + new Value(2);
            sum.Data = 1;
            return sum.Data;
        },
        ["C14"] = () =>
        {
            Value x = 0.0, y = 2.0;
            x.Pow(y).Backward();
            return y.Grad;
        },
        ["C15"] = () =>
        {
            Value x = 0.0;
            return GradOf(x.Pow(0.5), x);
        },
        ["C16"] = () => new Value(-1).Log().Data,
        ["C49"] = () =>
        {
            Value x = -1.0;
            return GradOf(x.Relu().Pow(0.5), x);
        },
        ["C17"] = () => new Value(double.NaN).Tanh().Data,
        ["C18"] = () => new MLP(2, [4, 0, 1]).Parameters().Count,
        ["C19"] = () => new MLP(0, [1]).Parameters().Count,
        ["C20"] = () => new MLP(2, [1], output: (Nonlinearity)42).Parameters().Count,
        ["C21"] = () => new MLP(2, null!).Parameters().Count,
        ["C22"] = () => new Neuron(0).Parameters().Count,
        ["C23"] = () => new Neuron(2, nonlinearity: (Nonlinearity)42).Parameters().Count,
        ["C24"] = () => new Layer(2, 0).Parameters().Count,
        ["C25"] = () => Model().Forward(new Value[] { 1.0, Null! })[0].Data,
        ["C26"] = () => Model().Forward(1.0)[0].Data,
        ["C27"] = () => Model().Forward((IReadOnlyList<Value>)null!)[0].Data,
        ["C28"] = () => Sgd.Update(1, 1, double.NaN),
        ["C29"] = () =>
        {
            Value x = 2.0;
            var tape = (x * x).Compile();
            tape.Tape.SetValue(tape.Tape.Count, 1);
            return tape.Data;
        },
        ["C30"] = () => new Adam(Model().Parameters(), lr: double.NaN).Steps,
        ["C31"] = () => new Sgd(Model().Parameters(), lr: 0.1, nesterov: true).Steps,
        ["C32"] = () => new Adam(new Value[0]).Steps,
        ["C33"] = () =>
        {
            Value a = 1.0;
            return new Sgd([a, a]).Steps;
        },
        ["C34"] = () =>
        {
            Value a = 1.0, b = 2.0;
            return new Sgd([a, a + b]).Steps;
        },
        ["C35"] = () =>
        {
            var optimizer = new Sgd(Model().Parameters(), lr: 0.1);
            optimizer.LearningRate = -1;
            return optimizer.LearningRate;
        },
        ["C36"] = () =>
        {
            var parameters = Model().Parameters();
            var adam = new Adam(parameters);
            adam.LoadState(new Sgd(parameters).GetState());
            return adam.Steps;
        },
        ["C37"] = () =>
        {
            new Value(1).WriteDot(null!);
            return 0;
        },
        ["C38"] = () =>
        {
            new Value(1).WriteDotFile("  ");
            return 0;
        },
        ["C39"] = () => new Value(1).ToDot((RankDir)42).Length,
        ["C40"] = () => Micrograd.Losses.CrossEntropy([new Value(1), new Value(2)], 2).Data,
        ["C41"] = () => Micrograd.Losses.BinaryCrossEntropy(new Value(0.5), 1.5).Data,
        ["C42"] = () => Micrograd.Losses.MaxMargin([new Value(0.5)], [0.0]).Data,
        ["C43"] = () => Micrograd.Losses.Mse([new Value(0.5)], [double.NaN]).Data,
        ["C44"] = () => Value.Softmax([]).Count,
        ["C45"] = () => MLP.Load(Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-does-not-exist.json")).Parameters().Count,
        ["C46"] = () =>
        {
            var parameters = Model().Parameters();
            var path = Path.Combine(Path.GetTempPath(), $"catalogue-{Guid.NewGuid():N}.json");
            new Sgd(parameters, lr: 0.1).Save(path);
            try
            {
                return Optimizer.LoadAdam(path, parameters).Steps;
            }
            finally
            {
                File.Delete(path);
            }
        },
        ["C47"] = () =>
        {
            Value x = 2.0;
            var y = x * x;
            x.Data = 3.0;
            return y.Gradients().Count;
        },
        ["C48"] = () =>
        {
            using (Anomaly.Detect())
            {
                return new Value(-1).Log().Data;
            }
        },
        ["C50"] = () => Value.WeightedSum(Null!, [new Value(1)], [new Value(2)]).Data,
        ["C51"] = () => Value.WeightedSum(new Value(1), null!, [new Value(2)]).Data,
        ["C52"] = () => Value.WeightedSum(new Value(1), [new Value(2)], null!).Data,
        ["C53"] = () => Value.WeightedSum(new Value(1), [new Value(2), Null!], [new Value(3), new Value(4)]).Data,
        ["C54"] = () => Value.WeightedSum(new Value(1), [new Value(2)], [Null!]).Data,
        ["C55"] = () => Value.WeightedSum(new Value(1), [], []).Data,
        ["C56"] = () => Value.WeightedSum(new Value(1), [new Value(2), new Value(3)], [new Value(4)]).Data,
    };

    public static TheoryData<string> Ids => [.. RowsOf("C").Select(r => r.Id)];

    [Theory]
    [MemberData(nameof(Ids))]
    public void Row_AsThePageWritesIt_HappensSo(string id)
    {
        var row = RowsOf("C").Single(r => r.Id == id);
        Assert.True(Cases.ContainsKey(id), $"docs/bad-inputs.md has row {id}, which no case here runs");
        double? value = null;
        Exception? thrown = null;
        try
        {
            value = Cases[id]();
        }
        catch (Exception e)
        {
            thrown = e;
        }
        Check(row, value, thrown);
    }

    [Fact]
    public void Page_AndTheCases_ListTheSameRows()
    {
        var onPage = RowsOf("C").Select(r => r.Id).ToHashSet();
        Assert.True(onPage.Count >= 20, $"the page has {onPage.Count} C# rows");
        Assert.Equal(onPage.Order(), Cases.Keys.Order());
    }

    [Fact]
    public void Check_AnOutcomeThatDiffersFromTheRow_Fails()
    {
        var row = new Row("X", "ArgumentNullException b", "'+'");
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Check(row, 0.0, null));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Check(row, null, new ArgumentNullException("a", "'+'")));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Check(row, null, new ArgumentNullException("b", "'-'")));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Check(row, null, new ArgumentException("'+'", "b")));
        Check(row, null, new ArgumentNullException("b", "The operand b of '+' is null"));
        var number = new Row("Y", "= NaN", "—");
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Check(number, 0.0, null));
        Check(number, double.NaN, null);
    }

    private static void Check(Row row, double? value, Exception? thrown)
    {
        if (thrown is null)
        {
            Assert.True(row.Outcome.StartsWith("= ", StringComparison.Ordinal), $"{row.Id}: expected {row.Outcome}, got the number {value}");
            var expected = row.Outcome[2..] switch
            {
                "+∞" => double.PositiveInfinity,
                "-∞" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var t => double.Parse(t, CultureInfo.InvariantCulture),
            };
            Assert.True(double.IsNaN(expected) ? double.IsNaN(value!.Value) : expected == value, $"{row.Id}: expected {row.Outcome}, got {value}");
            return;
        }
        var words = row.Outcome.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(words[0] == thrown.GetType().Name, $"{row.Id}: expected {row.Outcome}, got {thrown.GetType().Name}: {thrown.Message}");
        if (words.Length > 1)
        {
            Assert.Equal(words[1], Assert.IsAssignableFrom<ArgumentException>(thrown).ParamName);
        }
        if (row.Message != "—")
        {
            Assert.True(thrown.Message.Contains(row.Message, StringComparison.Ordinal), $"{row.Id}: the message '{thrown.Message}' does not say '{row.Message}'");
        }
    }
}
