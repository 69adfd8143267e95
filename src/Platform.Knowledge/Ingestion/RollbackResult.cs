namespace Platform.Knowledge.Ingestion;

/// <summary>What a rollback did: the version it restored, the new version it made, and any file that no longer parses.</summary>
public sealed record RollbackResult(int RestoredVersion, int NewVersion, int DocumentsRestored, int DocumentsRemoved, IReadOnlyList<string> Failures);
