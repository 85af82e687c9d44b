namespace Micrograd.Demo.Tests;

/// <summary>The demo's old names still work, forwarding to the new ones.</summary>
public class ObsoleteNamesTests
{
#pragma warning disable CS0618 // the obsolete names are what is tested
    [Fact]
    public void DemoLoss_LayerSizes_AreDemoNetworks()
    {
        Assert.Equal([16, 16, 1], DemoLoss.LayerSizes);
        Assert.Same(DemoNetwork.LayerSizes, DemoLoss.LayerSizes);
    }

    [Fact]
    public void Engines_NamesAndParse_GiveTheEnginesInOrder()
    {
        Assert.Equal(["facade", "functional", "tape"], Engines.Names);
        Assert.Equal([Engine.Facade, Engine.Functional, Engine.Tape], Engines.Names.Select(Engines.Parse));
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => Engines.Parse("Tape")).ParamName);
    }
#pragma warning restore CS0618
}
