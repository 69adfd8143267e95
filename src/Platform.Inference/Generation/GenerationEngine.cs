using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Platform.Inference.Generation;

/// <summary>
/// Decodes many sequences together. Requests wait in a bounded queue; one loop admits them into the batch (each
/// prompt is prefilled on its own, then joins), runs one step for every row at once, hands each row its token, and
/// drops rows that finished or were cancelled before the next step. With a batch limit of one it decodes one
/// sequence at a time, which the tests use as the reference.
/// </summary>
internal sealed partial class GenerationEngine : IAsyncDisposable
{
    private readonly IBatchDecoder _decoder;
    private readonly ILogger _logger;
    private readonly Channel<SequenceRequest> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _exclusive = new(1, 1);
    private readonly Task _loop;

    public GenerationEngine(IBatchDecoder decoder, int maxQueueLength, ILogger logger)
    {
        _decoder = decoder;
        _logger = logger;
        _queue = Channel.CreateBounded<SequenceRequest>(new BoundedChannelOptions(maxQueueLength)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Factory.StartNew(RunLoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public int MaxLength => _decoder.MaxLength;

    public int VocabSize => _decoder.VocabSize;

    public string CacheLayout => _decoder.Layout;

    /// <summary>Streams the ids of the generated tokens; the stop token that ended it is not included.</summary>
    public async IAsyncEnumerable<int> GenerateAsync(
        IReadOnlyList<int> prompt, SamplingSettings settings, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(settings);
        if (prompt.Count == 0)
        {
            throw new ArgumentException("The prompt is empty.", nameof(prompt));
        }

        if (prompt.Count >= MaxLength)
        {
            throw new ArgumentException($"The prompt has {prompt.Count} tokens; the model's context holds {MaxLength}.", nameof(prompt));
        }

        var request = new SequenceRequest([.. prompt], settings, cancellationToken);
        if (!_queue.Writer.TryWrite(request))
        {
            // A completed queue means the engine was disposed (the model unloaded or replaced), not that it is busy.
            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            throw new GenerationQueueFullException("The model's queue is full; try again shortly.");
        }

        try
        {
            await foreach (var token in request.Output.Reader.ReadAllAsync(cancellationToken))
            {
                // Tokens the loop produced before it saw the cancellation are dropped, not handed out.
                cancellationToken.ThrowIfCancellationRequested();
                yield return token;
            }
        }
        finally
        {
            request.Abandon();
        }
    }

    /// <summary>Logits of the last position of a sequence run from scratch, with no cache (the tests' reference path).</summary>
    internal Task<float[]> FullSequenceLogitsAsync(IReadOnlyList<int> tokens) =>
        RunExclusiveAsync(() => _decoder.Prefill([.. tokens]));

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
        _exclusive.Dispose();
        _decoder.Dispose();
    }

    private async Task<T> RunExclusiveAsync<T>(Func<T> work)
    {
        // The loop holds the same gate for each step, so a direct run never interleaves with a batch step.
        await _exclusive.WaitAsync();
        try
        {
            return work();
        }
        finally
        {
            _exclusive.Release();
        }
    }

    private async Task RunLoopAsync()
    {
        var active = new List<ActiveSequence>(_decoder.MaxBatch);
        var tokens = new int[_decoder.MaxBatch];
        var finished = new bool[_decoder.MaxBatch];
        var stopping = _stopping.Token;
        try
        {
            await DecodeUntilStoppedAsync(active, tokens, finished, stopping);
        }
        finally
        {
            // Nobody is left waiting on an engine that is gone: in-flight and queued requests end with a clear error.
            var unloaded = new ObjectDisposedException(nameof(GenerationEngine), "The model was unloaded while this reply was being generated.");
            active.ForEach(sequence => sequence.Fail(unloaded));
            while (_queue.Reader.TryRead(out var request))
            {
                request.Fail(unloaded);
            }
        }
    }

    private async Task DecodeUntilStoppedAsync(List<ActiveSequence> active, int[] tokens, bool[] finished, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            if (active.Count == 0 && !await _queue.Reader.WaitToReadAsync(stopping))
            {
                return;
            }

            await _exclusive.WaitAsync(stopping);
            try
            {
                Admit(active);
                if (active.Count == 0)
                {
                    continue;
                }

                for (var r = 0; r < active.Count; r++)
                {
                    tokens[r] = active[r].LastToken;
                }

                ReadOnlySpan<float> logits;
                try
                {
                    logits = _decoder.Step(tokens.AsSpan(0, active.Count), stopping);
                }
                catch (Exception) when (stopping.IsCancellationRequested)
                {
                    // ONNX Runtime was told to stop because the engine is going away: the rows end as unloaded below.
                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogStepFailed(_logger, ex, active.Count);
                    foreach (var sequence in active)
                    {
                        sequence.Fail(ex);
                    }

                    _decoder.Remove(Enumerable.Repeat(true, active.Count).ToArray());
                    active.Clear();
                    continue;
                }

                var vocab = _decoder.VocabSize;
                for (var r = 0; r < active.Count; r++)
                {
                    finished[r] = !active[r].Accept(logits.Slice(r * vocab, vocab), _decoder.AtContextLimit(r));
                }

                RemoveFinished(active, finished);
            }
            finally
            {
                _exclusive.Release();
            }
        }
    }

    private void Admit(List<ActiveSequence> active)
    {
        var dropped = false;
        for (var r = 0; r < active.Count; r++)
        {
            dropped |= active[r].IsCancelled;
        }

        if (dropped)
        {
            var finished = active.Select(a => a.IsCancelled).ToArray();
            RemoveFinished(active, finished);
        }

        while (active.Count < _decoder.MaxBatch && _queue.Reader.TryRead(out var request))
        {
            if (request.IsCancelled)
            {
                request.Complete();
                continue;
            }

            float[] logits;
            try
            {
                logits = _decoder.Prefill(request.Prompt, request.CancellationToken);
            }
            catch (Exception) when (request.IsCancelled)
            {
                // ONNX Runtime was told to stop this prompt; the caller has gone, nothing failed.
                request.Complete();
                continue;
            }
            catch (Exception ex)
            {
                LogPrefillFailed(_logger, ex, request.Prompt.Length);
                request.Fail(ex);
                continue;
            }

            var sequence = new ActiveSequence(request);
            if (sequence.Accept(logits, atContextLimit: request.Prompt.Length + 1 >= _decoder.MaxLength))
            {
                _decoder.Join();
                active.Add(sequence);
            }
            else
            {
                request.Complete();
            }
        }
    }

    private void RemoveFinished(List<ActiveSequence> active, bool[] finished)
    {
        var any = false;
        for (var r = 0; r < active.Count; r++)
        {
            any |= finished[r];
        }

        if (!any)
        {
            return;
        }

        _decoder.Remove(finished.AsSpan(0, active.Count));
        var kept = 0;
        for (var r = 0; r < active.Count; r++)
        {
            if (finished[r])
            {
                active[r].Request.Complete();
            }
            else
            {
                active[kept++] = active[r];
            }

            finished[r] = false;
        }

        active.RemoveRange(kept, active.Count - kept);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A decode step failed for a batch of {Rows}; those replies end here")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, int rows);

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing a prompt of {Tokens} tokens failed")]
    private static partial void LogPrefillFailed(ILogger logger, Exception exception, int tokens);

    /// <summary>A request as it waits in the queue: the prompt, how to sample, and where its tokens go.</summary>
    private sealed class SequenceRequest(int[] prompt, SamplingSettings settings, CancellationToken cancellationToken)
    {
        private int _abandoned;

        public int[] Prompt { get; } = prompt;

        public SamplingSettings Settings { get; } = settings;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public Channel<int> Output { get; } = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        public bool IsCancelled => CancellationToken.IsCancellationRequested || Volatile.Read(ref _abandoned) != 0;

        /// <summary>The reader stopped reading (cancelled, or stopped early on a stop sequence).</summary>
        public void Abandon() => Interlocked.Exchange(ref _abandoned, 1);

        public void Complete() => Output.Writer.TryComplete();

        public void Fail(Exception exception) => Output.Writer.TryComplete(exception);
    }

    /// <summary>A row of the batch: its sampler and how far it has got.</summary>
    private sealed class ActiveSequence
    {
        private readonly TokenSampler _sampler;
        private int _generated;

        public ActiveSequence(SequenceRequest request)
        {
            Request = request;
            var settings = request.Settings;
            _sampler = new TokenSampler(settings, settings.Seed is { } seed ? new Random(seed) : new Random());
            foreach (var token in request.Prompt)
            {
                _sampler.Observe(token);
            }
        }

        public SequenceRequest Request { get; }

        public int LastToken { get; private set; }

        public bool IsCancelled => Request.IsCancelled;

        /// <summary>Picks and delivers the next token; false when the sequence is done.</summary>
        public bool Accept(ReadOnlySpan<float> logits, bool atContextLimit)
        {
            if (Request.IsCancelled)
            {
                return false;
            }

            var token = _sampler.Next(logits);
            if (Request.Settings.StopTokenIds.Contains(token))
            {
                return false;
            }

            _sampler.Observe(token);
            LastToken = token;
            _generated++;
            Request.Output.Writer.TryWrite(token);
            return _generated < Request.Settings.MaxNewTokens && !atContextLimit;
        }

        public void Fail(Exception exception) => Request.Fail(exception);
    }
}
