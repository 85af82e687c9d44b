using Micrograd.Core;

namespace Micrograd.Demo;

/// <summary>Which implementation trains the model; all give the same numbers to the last bit.</summary>
public enum Engine
{
    /// <summary>The C# façade: micrograd's mutable Value, MLP, ZeroGrad and Backward.</summary>
    Facade,

    /// <summary>The F# core used functionally: immutable nodes, gradients returned as a map.</summary>
    Functional,

    /// <summary>The core's compiled <see cref="Micrograd.Core.Tape"/>: the loss graph built once, re-run every step.</summary>
    Tape,
}

/// <summary>Names and construction of the engines.</summary>
public static class Engines
{
    /// <summary>The engines' names (<c>micrograd moons --engine NAME</c>), in the order of <see cref="Engine"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["facade", "functional", "tape"];

    /// <summary>The engine called <paramref name="name"/> (one of <see cref="Names"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not one of <see cref="Names"/>.</exception>
    public static Engine Parse(string name) => name switch
    {
        "facade" => Engine.Facade,
        "functional" => Engine.Functional,
        "tape" => Engine.Tape,
        _ => throw new ArgumentException($"Unknown engine '{name}'; expected {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>A new demo model on <paramref name="engine"/>, its weights drawn from <paramref name="random"/>.</summary>
    /// <param name="engine">Which implementation trains it.</param>
    /// <param name="random">Draws the weights; <see cref="PythonRandom"/>(seed) gives micrograd's.</param>
    public static ITrainer Create(Engine engine, Random random) => engine switch
    {
        Engine.Facade => new FacadeTrainer(random),
        Engine.Functional => new FunctionalTrainer(random),
        Engine.Tape => new TapeTrainer(random),
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, "Unknown engine."),
    };
}
