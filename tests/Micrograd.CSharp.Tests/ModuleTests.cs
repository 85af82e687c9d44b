namespace Micrograd.CSharp.Tests;

public class ModuleTests
{
    [Fact]
    public void ZeroGrad_AfterBackward_SetsEveryParameterGradToZero()
    {
        var model = new MLP(2, [3, 1]);
        model.Forward(1.0, -2.0)[0].Backward();
        Assert.Contains(model.Parameters(), p => p.Grad != 0.0);

        model.ZeroGrad();

        Assert.All(model.Parameters(), p => Assert.Equal(0.0, p.Grad));
    }

    [Fact]
    public void ZeroGrad_Always_LeavesValuesThatAreNotParametersAlone()
    {
        var neuron = new Neuron(1, nonlinearity: Core.Nonlinearity.Linear);
        var x = new Value(2.0);
        var y = neuron.Forward([x]);
        y.Backward();

        neuron.ZeroGrad();

        Assert.Equal(neuron.Weights[0].Data, x.Grad);
        Assert.Equal(1.0, y.Grad);
    }

    [Fact]
    public void ZeroGrad_OnAModuleOfYourOwn_ZerosWhatParametersReturns()
    {
        var scale = new Scale();
        (scale.W * 3.0).Backward();

        scale.ZeroGrad();

        Assert.Equal(0.0, scale.W.Grad);
    }

    private sealed class Scale : Module
    {
        public Value W { get; } = new(2.0);

        public override IReadOnlyList<Value> Parameters() => [W];
    }
}
