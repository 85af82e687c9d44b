namespace Micrograd.Demo;

/// <summary>
/// micrograd's demo network. Its loss is the core's <see cref="Core.Nn.Losses.Demo"/> (max-margin
/// loss averaged, plus 1e-4 L2), its schedule <see cref="Core.Nn.Schedules.LinearDecay"/> and its
/// accuracy <see cref="Core.Nn.Losses.IsCorrect"/>: every engine calls those.
/// </summary>
public static class DemoNetwork
{
    /// <summary>micrograd's network: 2 inputs, two hidden layers of 16 ReLU neurons, one linear output.</summary>
    public static IReadOnlyList<int> LayerSizes { get; } = [16, 16, 1];
}

/// <summary>The old name of <see cref="DemoNetwork"/>.</summary>
[Obsolete("DemoLoss is now DemoNetwork (its loss is the core's Losses.Demo).")]
public static class DemoLoss
{
    /// <summary>See <see cref="DemoNetwork.LayerSizes"/>.</summary>
    public static IReadOnlyList<int> LayerSizes => DemoNetwork.LayerSizes;
}
