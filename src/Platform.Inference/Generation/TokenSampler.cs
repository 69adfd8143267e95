namespace Platform.Inference.Generation;

/// <summary>Picks the next token from a row of logits: repetition penalty, then greedy or temperature / top-k / top-p.</summary>
internal sealed class TokenSampler(SamplingSettings settings, Random random)
{
    private readonly HashSet<int> _seen = [];
    private float[] _scratch = [];
    private int[] _order = [];

    public void Observe(int token)
    {
        if (settings.RepetitionPenalty != 1f)
        {
            _seen.Add(token);
        }
    }

    public int Next(ReadOnlySpan<float> logits)
    {
        if (_scratch.Length != logits.Length)
        {
            _scratch = new float[logits.Length];
            _order = new int[logits.Length];
        }

        var scores = _scratch.AsSpan();
        logits.CopyTo(scores);
        foreach (var token in _seen)
        {
            scores[token] = scores[token] > 0 ? scores[token] / settings.RepetitionPenalty : scores[token] * settings.RepetitionPenalty;
        }

        if (settings.IsGreedy)
        {
            return ArgMax(scores);
        }

        return Sample(scores);
    }

    internal static int ArgMax(ReadOnlySpan<float> scores)
    {
        var best = 0;
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        return best;
    }

    private int Sample(Span<float> scores)
    {
        var order = _order.AsSpan();
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Sort candidates by score, best first; the scores array is copied because Sort reorders keys with items.
        var keys = scores.ToArray();
        Array.Sort(keys, _order, Comparer<float>.Create(static (a, b) => b.CompareTo(a)));
        var count = settings.TopK > 0 ? Math.Min(settings.TopK, keys.Length) : keys.Length;

        var max = keys[0];
        var probabilities = new double[count];
        double total = 0;
        for (var i = 0; i < count; i++)
        {
            probabilities[i] = Math.Exp((keys[i] - max) / settings.Temperature);
            total += probabilities[i];
        }

        if (settings.TopP < 1f)
        {
            double cumulative = 0;
            for (var i = 0; i < count; i++)
            {
                cumulative += probabilities[i] / total;
                if (cumulative >= settings.TopP)
                {
                    count = i + 1;
                    break;
                }
            }

            total = 0;
            for (var i = 0; i < count; i++)
            {
                total += probabilities[i];
            }
        }

        var draw = random.NextDouble() * total;
        for (var i = 0; i < count; i++)
        {
            draw -= probabilities[i];
            if (draw <= 0)
            {
                return _order[i];
            }
        }

        return _order[count - 1];
    }
}
