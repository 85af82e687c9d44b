using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Micrograd.Benchmarks;

/// <summary>
/// The median time or the allocated bytes of one operation divided by the number of nodes of its
/// graph: the <c>Nodes</c> parameter of the benchmark, or its <c>NodeCount</c> property when the
/// graph's size is only known once built (W1's demo step, W3's random DAG).
/// </summary>
public sealed class PerNodeColumn : IColumn
{
    public static readonly IColumn Time = new PerNodeColumn("ns/node", allocation: false);
    public static readonly IColumn Allocation = new PerNodeColumn("B/node", allocation: true);

    private readonly bool _allocation;

    private PerNodeColumn(string name, bool allocation)
    {
        ColumnName = name;
        _allocation = allocation;
    }

    public string Id => nameof(PerNodeColumn) + "." + ColumnName;
    public string ColumnName { get; }
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => _allocation ? 1 : 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => _allocation
        ? "Bytes allocated per operation / nodes in the graph"
        : "Median time per operation in nanoseconds / nodes in the graph";

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        var nodes = Nodes(benchmarkCase);
        if (report?.ResultStatistics is not { } statistics || nodes is not > 0)
        {
            return "-";
        }
        var value = _allocation
            ? (report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) ?? double.NaN) / nodes.Value
            : statistics.Median / nodes.Value;
        return value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
    }

    // The Nodes parameter, else the benchmark class's static NodeCount (set in its setup, so known
    // to BenchmarkDotNet's host process only when the class computes it without running).
    private static int? Nodes(BenchmarkCase benchmarkCase)
    {
        foreach (var parameter in benchmarkCase.Parameters.Items)
        {
            if (parameter.Name == "Nodes" && parameter.Value is int n)
            {
                return n;
            }
        }
        var property = benchmarkCase.Descriptor.Type.GetProperty("NodeCount");
        return property?.GetValue(null) as int?;
    }
}
