using Micrograd.Core.Data;
using Micrograd.Core.Nn;
using Micrograd.Demo;

namespace Micrograd.Benchmarks;

/// <summary>
/// The benchmarks' baseline: micrograd's demo step (the same network, loss, gradients and update)
/// written by hand over <c>double[]</c>, with the backward pass derived on paper. No graph, no
/// nodes, no allocation after the first step: a stand-in for what the machine can do, against which
/// the engines are measured.
/// </summary>
/// <remarks>
/// <para>It is the independent yardstick, for speed and for correctness: its gradients are derived
/// by hand, not taken from the core's rules, backprop or <see cref="Mlp.Step(IReadOnlyList{double}, double)"/>,
/// so that the tests that hold the engines' gradients to it compare two derivations, not one
/// twice: the engines build the core's loss and take its update, and this class takes neither.</para>
/// <para>The parameters sit in one array in the order of <see cref="Mlp.Parameters"/> (layer by
/// layer, neuron by neuron, its weights then its bias), and are drawn as every engine draws them.</para>
/// <para>Every sum is taken in the order in which backprop over the graph adds its contributions
/// (the regularisation first, then the samples from last to first; a hidden unit's gradient from
/// the last neuron of the next layer to the first), so the gradients agree with the graph's to the
/// last bits; the tests hold them to 1e-12 relative.</para>
/// </remarks>
public sealed class HandWrittenTrainer : ITrainer
{
    private readonly int[] _sizes;      // 2, 16, 16, 1: the width of each layer's input, then the output
    private readonly int[] _offset;     // where each layer's parameters start
    private readonly double[] _p;
    private readonly double[] _grad;
    // Per sample and layer, the layer's outputs (after ReLU for hidden layers): _out[l][i * width + k];
    // _out[0] holds the samples' coordinates.
    private double[][] _out = [];
    private double[] _loss = [];
    // The gradient of the loss with respect to one layer's inputs and outputs, for one sample.
    private readonly double[] _gradIn;
    private readonly double[] _gradOut;

    /// <summary>micrograd's <c>MLP(2, [16, 16, 1])</c>, its weights drawn from <paramref name="random"/>.</summary>
    public HandWrittenTrainer(Random random)
    {
        var model = Mlp.Create(2, DemoNetwork.LayerSizes, random);
        _sizes = [2, .. DemoNetwork.LayerSizes];
        _offset = new int[_sizes.Length - 1];
        for (var l = 1; l < _offset.Length; l++)
        {
            _offset[l] = _offset[l - 1] + _sizes[l] * (_sizes[l - 1] + 1);
        }
        _p = model.Parameters.Select(p => p.Data).ToArray();
        _grad = new double[_p.Length];
        var widest = _sizes.Max();
        _gradIn = new double[widest];
        _gradOut = new double[widest];
    }

    /// <inheritdoc/>
    public int ParameterCount => _p.Length;

    /// <summary>The parameters, in the order of <see cref="Mlp.Parameters"/>.</summary>
    public IReadOnlyList<double> Parameters => _p;

    /// <summary>The gradient of the last step's loss with respect to each parameter (before its update).</summary>
    public IReadOnlyList<double> Gradients => _grad;

    /// <inheritdoc/>
    public StepResult Step(IReadOnlyList<Sample> batch, double learningRate)
    {
        var n = batch.Count;
        if (_loss.Length != n)
        {
            _loss = new double[n];
            _out = new double[_sizes.Length][];
            for (var l = 0; l < _sizes.Length; l++)
            {
                _out[l] = new double[n * _sizes[l]];
            }
        }

        // Forward: every sample's activations and margin loss, relu(score * -label + 1).
        var correct = 0;
        for (var i = 0; i < n; i++)
        {
            var sample = batch[i];
            _out[0][2 * i] = sample.X;
            _out[0][2 * i + 1] = sample.Y;
            var score = Forward(i);
            var margin = score * -sample.Label + 1.0;
            _loss[i] = margin < 0.0 ? 0.0 : margin;
            if (Core.Nn.Losses.IsCorrect(sample.Label, score))
            {
                correct++;
            }
        }
        // Python's sum starts from 0: (loss0 + 0) + loss1 + ..., then * (1/n); the same for p*p.
        var dataSum = _loss[0] + 0.0;
        for (var i = 1; i < n; i++)
        {
            dataSum += _loss[i];
        }
        var regSum = _p[0] * _p[0] + 0.0;
        for (var j = 1; j < _p.Length; j++)
        {
            regSum += _p[j] * _p[j];
        }
        var total = dataSum * (1.0 / n) + regSum * Core.Nn.Losses.DemoAlpha;

        // Backward. d total/d(p*p) = alpha · 1, and d(p*p)/dp = p, once for each operand.
        var regGrad = Core.Nn.Losses.DemoAlpha * 1.0;
        for (var j = 0; j < _p.Length; j++)
        {
            _grad[j] = 0.0 + _p[j] * regGrad + _p[j] * regGrad;
        }
        var lossGrad = 1.0 / n * 1.0; // d total/d loss_i, the same for every sample
        for (var i = n - 1; i >= 0; i--)
        {
            // relu(m + 1) passes its gradient where it is positive; m = score * (-label).
            var marginGrad = (_loss[i] > 0.0 ? 1.0 : 0.0) * lossGrad;
            Backward(i, -batch[i].Label * marginGrad);
        }

        for (var j = 0; j < _p.Length; j++)
        {
            _p[j] -= learningRate * _grad[j];
        }
        return new StepResult(total, (double)correct / n);
    }

    /// <inheritdoc/>
    public Func<double, double, double> Scorer() => Score;

    // One forward pass on its own buffers (the training step's are left as they are).
    private double Score(double x, double y)
    {
        var saved = _out;
        _out = new double[_sizes.Length][];
        for (var l = 0; l < _sizes.Length; l++)
        {
            _out[l] = new double[_sizes[l]];
        }
        _out[0][0] = x;
        _out[0][1] = y;
        var score = Forward(0);
        _out = saved;
        return score;
    }

    // The network on sample i: act = b + w0*x0 + w1*x1 + ..., left to right; ReLU on hidden layers.
    private double Forward(int i)
    {
        for (var l = 1; l < _sizes.Length; l++)
        {
            var nin = _sizes[l - 1];
            var nout = _sizes[l];
            var hidden = l < _sizes.Length - 1;
            var output = _out[l];
            var outAt = i * nout;
            var p = _offset[l - 1];
            for (var k = 0; k < nout; k++, p += nin + 1)
            {
                var act = _p[p + nin]; // the bias
                var input = _out[l - 1];
                var inAt = i * nin;
                for (var j = 0; j < nin; j++)
                {
                    act += _p[p + j] * input[inAt + j];
                }
                output[outAt + k] = hidden && act < 0.0 ? 0.0 : act;
            }
        }
        return _out[^1][i];
    }

    // Adds sample i's contributions to the gradients, given d total/d score.
    private void Backward(int i, double scoreGrad)
    {
        var gradOut = _gradOut;
        var gradIn = _gradIn;
        gradOut[0] = 0.0 + scoreGrad;
        for (var l = _sizes.Length - 1; l >= 1; l--)
        {
            var nin = _sizes[l - 1];
            var nout = _sizes[l];
            var hidden = l < _sizes.Length - 1;
            var output = _out[l];
            var outAt = i * nout;
            var input = _out[l - 1];
            var inAt = i * nin;
            Array.Clear(gradIn, 0, nin);
            // Neurons from last to first: that is the order in which a hidden unit's uses come back.
            for (var k = nout - 1; k >= 0; k--)
            {
                var p = _offset[l - 1] + k * (nin + 1);
                // d relu(a)/da = 1 where relu(a) > 0; the output layer is linear.
                var g = hidden ? 0.0 + (output[outAt + k] > 0.0 ? 1.0 : 0.0) * gradOut[k] : gradOut[k];
                for (var j = nin - 1; j >= 0; j--)
                {
                    _grad[p + j] += input[inAt + j] * g;
                    gradIn[j] += _p[p + j] * g;
                }
                _grad[p + nin] += g;
            }
            (gradIn, gradOut) = (gradOut, gradIn);
        }
    }
}
