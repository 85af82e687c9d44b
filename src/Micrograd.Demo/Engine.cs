namespace Micrograd.Demo;

/// <summary>The demo's step engines, as <see cref="ITrainer"/>s the benchmarks time step by step.
/// (Training runs go through the façade's <see cref="Trainer"/>, over the same three <see cref="Engine"/>s.)</summary>
public static class Engines
{
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
