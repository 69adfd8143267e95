using System.ComponentModel.DataAnnotations;

namespace Platform.Knowledge;

/// <summary>Ingestion and retrieval settings (section <c>Platform:KnowledgeBase</c>).</summary>
public sealed class KnowledgeOptions
{
    public const string SectionName = "Platform:KnowledgeBase";

    /// <summary>Folder ingested into the default knowledge base on first start; relative to the content root. Empty: no seed.</summary>
    public string? SeedPath { get; set; } = "samples/knowledge-base";

    [Required]
    [RegularExpression("^[a-z0-9][a-z0-9-]{0,63}$")]
    public string DefaultKnowledgeBase { get; set; } = "default";

    [Range(1, 50)]
    public int TopK { get; set; } = 5;

    /// <summary>A section longer than this is split; an FAQ answer normally fits whole.</summary>
    [Range(200, 20_000)]
    public int MaxChunkChars { get; set; } = 1500;

    /// <summary>Text carried from the end of one piece to the start of the next when a section is split.</summary>
    [Range(0, 2_000)]
    public int ChunkOverlapChars { get; set; } = 200;

    [Range(1, 100 * 1024 * 1024)]
    public long MaxDocumentBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The most files one upload or CLI run may send.</summary>
    [Range(1, 10_000)]
    public int MaxFilesPerBatch { get; set; } = 500;

    /// <summary>A folder mirrored into <see cref="WatchKnowledgeBase"/>: new and changed files are ingested, removed ones deleted. Empty: off.</summary>
    public string? WatchPath { get; set; }

    [RegularExpression("^[a-z0-9][a-z0-9-]{0,63}$")]
    public string WatchKnowledgeBase { get; set; } = "default";

    /// <summary>How often the watched folder is scanned; a file must look the same on two scans before it is read.</summary>
    [Range(1, 3600)]
    public int WatchIntervalSeconds { get; set; } = 5;

    /// <summary>Also embed each FAQ entry's question (its heading) alone and rank the entry by the better of its two vectors (see ChunkEmbedder).</summary>
    public bool HeadingVectors { get; set; } = true;

    public const string RankFusion = "rrf";
    public const string ScoreFusion = "score";

    /// <summary>
    /// How the BM25 and dense lists become one: <c>score</c> (cosine + <see cref="LexicalWeight"/> × relative BM25) or
    /// <c>rrf</c> (reciprocal rank fusion with <see cref="FusionK"/> and <see cref="DenseWeight"/>); docs/evaluation.md compares them.
    /// </summary>
    [RegularExpression("^(rrf|score)$", ErrorMessage = "Platform:KnowledgeBase:Fusion must be rrf or score.")]
    public string Fusion { get; set; } = RankFusion;

    /// <summary>The weight of BM25 relative to the query's best BM25 score in <c>score</c> fusion, added to the cosine.</summary>
    [Range(0.0, 100.0)]
    public double LexicalWeight { get; set; } = 0.1;

    /// <summary>How many passages each of BM25 and the dense index proposes before fusion.</summary>
    [Range(1, 500)]
    public int FusionCandidates { get; set; } = 20;

    /// <summary>The k of reciprocal rank fusion: larger flattens the advantage of the first ranks.</summary>
    [Range(1, 1000)]
    public int FusionK { get; set; } = 5;

    /// <summary>The dense list's weight in the fusion, BM25's being 1 (0: BM25 order; a huge weight: dense order, BM25 breaking ties).</summary>
    [Range(0.0, 1_000_000.0)]
    public double DenseWeight { get; set; } = 1.5;

    /// <summary>
    /// Confidence = logistic(<see cref="ConfidenceSlope"/> × coverage + <see cref="ConfidenceIntercept"/>), where coverage is
    /// the share of the question's terms in the best passage: an estimate of the chance that the question is in scope.
    /// The defaults were fitted on the sample knowledge base's scope set (tests/data/sample-kb/oos.jsonl); see
    /// docs/knowledge-bases.md for how they hold on covidfaq-dev, which was not used to fit them.
    /// </summary>
    [Range(0.01, 100.0)]
    public double ConfidenceSlope { get; set; } = 12.34;

    [Range(-100.0, 100.0)]
    public double ConfidenceIntercept { get; set; } = -7.32;

    /// <summary>
    /// The scope model per encoder (keyed by its model id), used when the dense half ran and every chunk has its
    /// vector; an encoder without an entry here (a folder of your own) keeps the lexical confidence above until you
    /// add one: fit it with the signals <c>Platform.Cli eval</c> writes per message (docs/evaluation.md).
    /// </summary>
    public Dictionary<string, Retrieval.DenseConfidence> DenseConfidence { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["arctic-embed-xs"] = new() { CoverageWeight = 2.81, SimilarityWeight = 24.58, UnknownWordWeight = -1.86, Intercept = -14.89 },
    };

    /// <summary>A PDF with more pages is refused before any page is read.</summary>
    [Range(1, 1_000_000)]
    public int MaxPdfPages { get; set; } = 2_000;

    /// <summary>The most a .docx may expand to when unzipped; above it the file is refused as a possible zip bomb.</summary>
    [Range(1024, 10L * 1024 * 1024 * 1024)]
    public long MaxUncompressedBytes { get; set; } = 100 * 1024 * 1024;

    /// <summary>How long parsing one file may take before it is refused.</summary>
    [Range(1, 3600)]
    public int ParseTimeoutSeconds { get; set; } = 60;

    /// <summary>
    /// Weight of the heading path's own BM25 score, added to the whole passage's: how much matching an FAQ's question
    /// counts beyond matching its words anywhere in the passage. 0 turns it off.
    /// </summary>
    [Range(0.0, 100.0)]
    public double HeadingMatchWeight { get; set; } = 1.0;

    public const string MemoryEngine = "memory";
    public const string DatabaseEngine = "database";

    /// <summary>The name <see cref="DatabaseEngine"/> had when SQLite was the only store; still accepted.</summary>
    public const string Fts5Engine = "fts5";

    /// <summary>
    /// Where keyword ranking runs: <c>memory</c>, an inverted index per knowledge base built from its chunks (FTS5's
    /// BM25 at a fraction of the time on a large knowledge base, on either store; the store's full-text index answers
    /// while it builds), or <c>database</c> (alias <c>fts5</c>), the store's full-text index alone: FTS5 on SQLite,
    /// which ranks as the in-memory index does, <c>tsvector</c> on PostgreSQL (docs/knowledge-bases.md).
    /// </summary>
    [Required]
    [RegularExpression("^(?i)(memory|database|fts5)$")]
    public string KeywordEngine { get; set; } = MemoryEngine;

    /// <summary>How long a query waits for a knowledge base's in-memory keyword index to build before FTS5 answers it instead.</summary>
    [Range(0, 60_000)]
    public int KeywordIndexWaitMilliseconds { get; set; } = 1_000;

    /// <summary>How many of its best passages each index table proposes before their scores are summed.</summary>
    [Range(1, 10_000)]
    public int FieldCandidates { get; set; } = 100;

    /// <summary>
    /// FTS5 only (the in-memory engine scores every term: its postings cost little).
    /// A query term found in more than this share of the index's passages, and in more than
    /// <see cref="PrunableTermRows"/> of them, is left out of ranking (it still counts for confidence): its IDF is small,
    /// and scoring its postings is most of a query's time on a large index. 1 keeps every term.
    /// </summary>
    [Range(0.01, 1.0)]
    public double MaxTermShare { get; set; } = 0.05;

    /// <summary>Below this many passages a term is cheap to score and is always kept, so small knowledge bases rank with every term.</summary>
    [Range(0, 100_000_000)]
    public int PrunableTermRows { get; set; } = 2_000;
}
