namespace Platform.Conversations.Messages;

/// <summary>A visitor message the platform refuses, with a reason fit to show the sender.</summary>
public sealed class InvalidMessageException(string reason) : Exception(reason);
