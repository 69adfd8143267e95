namespace Platform.Contracts.Agents;

/// <summary>Body of <c>POST /api/v1/auth/login</c>; the answer is a bearer token (<c>accessToken</c>, <c>expiresIn</c>, <c>refreshToken</c>).</summary>
public sealed record SignInRequest(string Email, string Password);

/// <summary>Body of <c>POST /api/v1/auth/refresh</c>: the <c>refreshToken</c> from sign-in; the answer is a new bearer token.</summary>
public sealed record RefreshRequest(string? RefreshToken);

/// <summary>Body of <c>POST /api/v1/agents</c> (admins only).</summary>
public sealed record CreateAgentRequest(string Email, string Password, string? DisplayName, bool Admin = false);

public sealed record AgentDto(string Id, string Email, string DisplayName, bool IsDisabled, IReadOnlyList<string> Roles);

/// <summary>A hand-off in the queue: why it was made and how long the visitor has waited.</summary>
public sealed record HandoffDto(Guid Id, Guid ConversationId, string Reason, string? Detail, string Status, DateTime RequestedAt, double WaitingSeconds, string? AgentId);

public sealed record AgentMessageRequest(string? Text);

/// <summary>Body of <c>POST /api/v1/conversations/{id}/contact</c>: where the team should write back when nobody was online.</summary>
public sealed record ContactRequestBody(string? Email);

/// <summary>A ticket: a visitor's email left on a conversation, for the team to answer.</summary>
public sealed record TicketDto(Guid Id, Guid ConversationId, string Email, DateTime CreatedAt);

/// <summary>Body of <c>POST /api/v1/conversations/{id}/rating</c>: 1 (poor) to 5 (great), and an optional comment.</summary>
public sealed record RatingRequest(int Score, string? Comment);
