using System.Text.Json.Serialization;

namespace Platform.Cli.Evaluation;

/// <summary>What <c>eval</c> writes: the Eval contract's fields (ARCHITECTURE.md) and the details to read misses by.</summary>
internal sealed record EvalReport
{
    public required EvalInputs Inputs { get; init; }

    public required EvalConfig Config { get; init; }

    /// <summary>Questions asked.</summary>
    public required int Count { get; init; }

    public required RetrievalMetrics Retrieval { get; init; }

    public required AnswerMetrics Answers { get; init; }

    /// <summary>Out-of-scope detection on the scope messages; its figures are null when no <c>--oos</c> file was given.</summary>
    public required HandoffMetrics Handoff { get; init; }

    [JsonPropertyName("latency_ms")]
    public required LatencyMetrics LatencyMs { get; init; }

    public required IngestSummary Ingest { get; init; }

    public required EvalTiming Timing { get; init; }

    public required IReadOnlyList<QuestionResult> Questions { get; init; }

    public required IReadOnlyList<ScopeResult> Scope { get; init; }
}

internal sealed record EvalInputs(string Kb, string Questions, string? Oos);

/// <summary>The settings the figures were taken with.</summary>
internal sealed record EvalConfig
{
    /// <summary><c>extractive</c> (no model) or <c>generated</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The loaded model's name; <c>none</c> on the extractive path.</summary>
    public required string Model { get; init; }

    /// <summary>How many passages the ranking metrics look at (recall@10, MRR@10).</summary>
    public required int RetrievalTopK { get; init; }

    /// <summary>How many passages the conversation service retrieves for a reply (<c>Platform:KnowledgeBase:TopK</c>).</summary>
    public required int ServiceTopK { get; init; }

    public required int PassagesInPrompt { get; init; }

    /// <summary>Below this retrieval confidence the bot does not answer (<c>Platform:Conversations:MinConfidence</c>).</summary>
    public required double MinConfidence { get; init; }

    public required double GroundedShare { get; init; }

    /// <summary>The sentence encoder of the dense half (<c>none</c>: BM25 only).</summary>
    public required string Embeddings { get; init; }

    public int? Limit { get; init; }
}

internal sealed record RetrievalMetrics
{
    [JsonPropertyName("recall@1")]
    public required double RecallAt1 { get; init; }

    [JsonPropertyName("recall@5")]
    public required double RecallAt5 { get; init; }

    [JsonPropertyName("recall@10")]
    public required double RecallAt10 { get; init; }

    [JsonPropertyName("mrr@10")]
    public required double MrrAt10 { get; init; }
}

internal sealed record AnswerMetrics
{
    /// <summary>Mean token F1 of the reply against the gold answer over every question; a reply that did not answer scores 0.</summary>
    public required double F1 { get; init; }

    /// <summary>Mean token F1 over the replies that answered.</summary>
    public required double F1Answered { get; init; }

    /// <summary>Share of answered replies whose content words are (at least <see cref="EvalConfig.GroundedShare"/>) in the passages they were built from.</summary>
    public required double Grounded { get; init; }

    public required int Answered { get; init; }

    public required int Generated { get; init; }

    public required int Extractive { get; init; }

    /// <summary>Replies that neither answered nor asked which entry was meant.</summary>
    public required int NoAnswer { get; init; }

    /// <summary>Replies that asked which of two entries the visitor means (<c>ClarifyMargin</c>).</summary>
    public int Clarified { get; init; }

    /// <summary>Of <see cref="Clarified"/>, those whose choices held a gold passage: one click from the right answer.</summary>
    public int ClarifiedWithGold { get; init; }

    /// <summary>Answers whose first citation (the passage answered from) was not gold: from a wrong entry, or one the set did not mark.</summary>
    public int WrongEntry { get; init; }
}

/// <summary>Out-of-scope detection, the positive class being <c>out_of_scope</c>; null figures when nothing was measured.</summary>
internal sealed record HandoffMetrics
{
    public required int Count { get; init; }

    public double? Precision { get; init; }

    public double? Recall { get; init; }

    public double? F1 { get; init; }

    public double? Accuracy { get; init; }

    public int TruePositives { get; init; }

    public int FalsePositives { get; init; }

    public int FalseNegatives { get; init; }

    public int TrueNegatives { get; init; }
}

/// <summary>Reply latency (ConversationService.ReplyAsync, retrieval to stored reply) over every question and scope message.</summary>
internal sealed record LatencyMetrics(double P50, double P99, double Mean, int Count);

internal sealed record IngestSummary(int Documents, int Chunks, IReadOnlyList<IngestFailure> Failed, IReadOnlyList<string> Skipped)
{
    /// <summary>Seconds the embedding worker took to embed every chunk after the text was in (0 without an encoder).</summary>
    public double EmbedS { get; init; }

    /// <summary>Chunks embedded per second (null without an encoder).</summary>
    public double? EmbedChunksPerS { get; init; }
}

/// <summary>Retrieval's inputs to its confidence: lexical coverage of the best passage, the best dense cosine, and its lead over the second.</summary>
internal sealed record RetrievalSignals(double Coverage, double KnownShare, double DenseSimilarity, double DenseMargin);

/// <summary>One passage of a question's ranking: <c>source › heading</c>, its fused score and cosine, and whether it is gold.</summary>
internal sealed record RankedPassage(string Passage, double Score, double? Similarity, bool Gold);

internal sealed record IngestFailure(string Source, string Error);

internal sealed record EvalTiming(double IngestS, double QuestionsS, double ScopeS, double TotalS);

/// <summary>One question: where the first gold passage ranked (null: not in the top 10) and what the bot replied.</summary>
internal sealed record QuestionResult
{
    public required string Id { get; init; }

    public required int? FirstHitRank { get; init; }

    /// <summary>The best retrieved passage, <c>source › heading</c>, to see what a miss found instead.</summary>
    public string? Top { get; init; }

    public double? Confidence { get; init; }

    /// <summary>What retrieval's confidence was computed from, to see why a question was declined.</summary>
    public RetrievalSignals? Signals { get; init; }

    /// <summary>The first passages of the ranking, to see how close a wrong first passage came to the right one.</summary>
    public IReadOnlyList<RankedPassage>? Ranked { get; init; }

    /// <summary><c>extractive</c>, <c>generated</c>, <c>no_answer</c>, or <c>rejected</c> (validation refused the message).</summary>
    public required string Source { get; init; }

    public bool OfferHuman { get; init; }

    public required double F1 { get; init; }

    public bool? Grounded { get; init; }

    /// <summary>The reply as the visitor saw it, to read what a low F1 or an ungrounded answer said.</summary>
    public string? Reply { get; init; }

    /// <summary>For a question back, whether one of its choices was gold; null for any other reply.</summary>
    public bool? ChoiceHasGold { get; init; }

    /// <summary>For an answer, whether the passage it answered from (its first citation) was gold; null for any other reply.</summary>
    public bool? CitesGold { get; init; }

    public required double LatencyMs { get; init; }
}

internal sealed record ScopeResult
{
    public required string Id { get; init; }

    public required string Label { get; init; }

    public required string Predicted { get; init; }

    public double? Confidence { get; init; }

    public RetrievalSignals? Signals { get; init; }

    public required string Source { get; init; }

    public required double LatencyMs { get; init; }
}
