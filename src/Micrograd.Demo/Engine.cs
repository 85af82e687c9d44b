namespace Micrograd.Demo;

/// <summary>The demo's step engines, as <see cref="ITrainer"/>s the benchmarks time step by step.
/// (Training runs go through the façade's <see cref="Trainer"/>, over the same three <see cref="Engine"/>s.)</summary>
public static class Engines
{
    /// <summary>The engines' names (<c>micrograd moons --engine NAME</c>), in the order of <see cref="Engine"/>.</summary>
    [Obsolete("The engines are Micrograd.Engine's values; the command line owns their names.")]
    public static IReadOnlyList<string> Names { get; } = ["facade", "functional", "tape"];

    /// <summary>The engine called <paramref name="name"/> (one of <see cref="Names"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not one of <see cref="Names"/>.</exception>
    [Obsolete("The engines are Micrograd.Engine's values: Enum.Parse<Engine>(name, ignoreCase: true).")]
    public static Engine Parse(string name) => name switch
    {
        "facade" => Engine.Facade,
        "functional" => Engine.Functional,
        "tape" => Engine.Tape,
        _ => throw new ArgumentException($"Unknown engine '{name}'; expected facade, functional or tape.", nameof(name)),
    };

    /// <summary>A new demo model on <paramref name="engine"/>, its weights drawn from <paramref name="random"/>.</summary>
    /// <param name="engine">Which implementation trains it.</param>
    /// <param name="random">Draws the weights; <see cref="Core.PythonRandom"/>(seed) gives micrograd's.</param>
    public static ITrainer Create(Engine engine, Random random) => engine switch
    {
        Engine.Facade => new FacadeTrainer(random),
        Engine.Functional => new FunctionalTrainer(random),
        Engine.Tape => new TapeTrainer(random),
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, "Unknown engine."),
    };
}
