using System.Globalization;

namespace Platform.Cli.Evaluation;

/// <summary>A command line the eval command cannot run: an unknown option, a missing value or file (exit code 2).</summary>
internal sealed class EvalUsageException(string message) : Exception(message);

/// <summary>The options of <c>Platform.Cli eval</c>, with every path resolved and checked.</summary>
internal sealed record EvalOptions
{
    public const string Usage =
        "usage: Platform.Cli eval --kb DIR --questions FILE.jsonl [--oos FILE.jsonl] [--out FILE.json] [--model DIR|none] [--floors FILE.json] [--synonyms FILE.txt] [--embeddings NAME|DIR|none] [--set KEY=VALUE;KEY=VALUE] [--postgres CONNECTION] [--limit N]";

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal) { "kb", "questions", "oos", "out", "model", "floors", "synonyms", "limit", "embeddings", "set", "postgres" };

    public required string KnowledgeFolder { get; init; }

    public required string QuestionsFile { get; init; }

    public string? ScopeFile { get; init; }

    public string? OutFile { get; init; }

    /// <summary>The model folder for generated answers; null (the default, <c>--model none</c>) answers extractively.</summary>
    public string? ModelFolder { get; init; }

    public string? FloorsFile { get; init; }

    /// <summary>A synonym list for the knowledge base (the admin's list, as <c>PUT .../synonyms</c> takes it), for a folder that has no <c>synonyms.txt</c>.</summary>
    public string? SynonymsFile { get; init; }

    /// <summary>
    /// Configuration on top of the defaults: <c>--embeddings</c> (a built-in encoder's name, an encoder folder, or none)
    /// and any <c>--set Platform:Section:Key=value</c> pairs, for comparing settings on the same set.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Asks only the first N questions and N scope messages; for a quick look, never for floors.</summary>
    public int? Limit { get; init; }

    public static EvalOptions Parse(IReadOnlyList<string> args, string repositoryRoot)
    {
        var values = ParseValues(args, Known);
        var kb = Required(values, "kb");
        var questions = Required(values, "questions");
        var model = values.GetValueOrDefault("model");
        int? limit = null;
        if (values.TryGetValue("limit", out var limitText))
        {
            limit = int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new EvalUsageException($"--limit must be a positive whole number, not '{limitText}'");
        }

        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (values.TryGetValue("embeddings", out var embeddings))
        {
            var folder = RepositoryRoot.Resolve(repositoryRoot, embeddings);
            if (Directory.Exists(folder))
            {
                settings["Platform:Embeddings:Path"] = folder;
            }
            else
            {
                settings["Platform:Embeddings:Model"] = embeddings;
            }
        }

        if (values.TryGetValue("set", out var pairs))
        {
            foreach (var pair in pairs.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var at = pair.IndexOf('=', StringComparison.Ordinal);
                if (at <= 0)
                {
                    throw new EvalUsageException($"--set takes KEY=VALUE pairs separated by ';', not '{pair}'");
                }

                settings[pair[..at].Trim()] = pair[(at + 1)..].Trim();
            }
        }

        // The store to score on: a fresh SQLite file by default, or a PostgreSQL database of eval's own (the
        // connection string names one that does not exist yet; eval creates it and drops it afterwards).
        if (values.TryGetValue("postgres", out var postgres))
        {
            settings["Platform:Database:Provider"] = Platform.Data.DatabaseOptions.Postgres;
            settings["Platform:Database:ConnectionString"] = postgres;
        }

        return new EvalOptions
        {
            Settings = settings,
            KnowledgeFolder = ExistingFolder(repositoryRoot, kb, "--kb"),
            QuestionsFile = ExistingFile(repositoryRoot, questions, "--questions"),
            ScopeFile = values.TryGetValue("oos", out var oos) ? ExistingFile(repositoryRoot, oos, "--oos") : null,
            OutFile = values.TryGetValue("out", out var output) ? Path.GetFullPath(output) : null,
            ModelFolder = model is null || string.Equals(model, "none", StringComparison.OrdinalIgnoreCase) ? null : ExistingFolder(repositoryRoot, model, "--model"),
            FloorsFile = values.TryGetValue("floors", out var floors) ? ExistingFile(repositoryRoot, floors, "--floors") : null,
            SynonymsFile = values.TryGetValue("synonyms", out var synonyms) ? ExistingFile(repositoryRoot, synonyms, "--synonyms") : null,
            Limit = limit,
        };
    }

    /// <summary>Every <c>--name value</c> pair of an eval command line; an unknown, valueless or repeated option is a usage error.</summary>
    internal static Dictionary<string, string> ParseValues(IReadOnlyList<string> args, IReadOnlySet<string> known)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(known);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || !known.Contains(arg[2..]))
            {
                throw new EvalUsageException($"unknown option '{arg}'");
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                throw new EvalUsageException($"option '{arg}' needs a value");
            }

            if (!values.TryAdd(arg[2..], args[++i]))
            {
                throw new EvalUsageException($"option '{arg}' is given twice");
            }
        }

        return values;
    }

    private static string Required(Dictionary<string, string> values, string name) =>
        values.TryGetValue(name, out var value) ? value : throw new EvalUsageException($"--{name} is required");

    private static string ExistingFolder(string root, string path, string option)
    {
        var full = RepositoryRoot.Resolve(root, path);
        return Directory.Exists(full) ? full : throw new EvalUsageException($"{option}: no folder at '{path}' ({full})");
    }

    private static string ExistingFile(string root, string path, string option)
    {
        var full = RepositoryRoot.Resolve(root, path);
        return File.Exists(full) ? full : throw new EvalUsageException($"{option}: no file at '{path}' ({full})");
    }
}
