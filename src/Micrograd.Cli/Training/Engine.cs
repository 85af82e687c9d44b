namespace Micrograd.Cli.Training;

/// <summary>Which implementation trains the model; all give the same numbers to the last bit.</summary>
internal enum Engine
{
    /// <summary>The C# façade: micrograd's mutable Value, MLP, ZeroGrad and Backward.</summary>
    Facade,

    /// <summary>The F# core used functionally: immutable nodes, gradients returned as a map.</summary>
    Functional,
}

/// <summary>Names and construction of the engines.</summary>
internal static class Engines
{
    /// <summary>The names the command line accepts, in the order of <see cref="Engine"/>.</summary>
    public static readonly string[] Names = ["facade", "functional"];

    /// <summary>The engine called <paramref name="name"/> (one of <see cref="Names"/>).</summary>
    public static Engine Parse(string name) => name switch
    {
        "facade" => Engine.Facade,
        "functional" => Engine.Functional,
        _ => throw new ArgumentException($"Unknown engine '{name}'; expected {string.Join(" or ", Names)}.", nameof(name)),
    };

    /// <summary>A new demo model on <paramref name="engine"/>, its weights drawn from <paramref name="random"/>.</summary>
    public static ITrainer Create(Engine engine, Random random) => engine switch
    {
        Engine.Facade => new FacadeTrainer(random),
        Engine.Functional => new FunctionalTrainer(random),
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, "Unknown engine."),
    };
}
