using Platform.Domain.Conversations;
using Platform.Domain.Handoffs;

namespace Platform.Conversations.Handoffs;

/// <summary>
/// What the conversation service tells the people's side of the platform: a chat joined the queue, or a visitor wrote
/// to a chat the bot does not own. The host pushes both to the agents' consoles; the service never knows how.
/// </summary>
public interface IHandoffEvents
{
    Task QueuedAsync(Handoff handoff, CancellationToken cancellationToken);

    Task VisitorWroteToPersonAsync(Message visitorMessage, CancellationToken cancellationToken);
}

/// <summary>The events when no host listens (offline tools, tests of the service alone): nobody to tell.</summary>
public sealed class NoHandoffEvents : IHandoffEvents
{
    public Task QueuedAsync(Handoff handoff, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task VisitorWroteToPersonAsync(Message visitorMessage, CancellationToken cancellationToken) => Task.CompletedTask;
}
