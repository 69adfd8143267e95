using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Platform.Contracts.Conversations;
using Platform.Contracts.Hubs;
using Platform.Server.Auth;

namespace Platform.Server.Agents;

/// <summary>
/// The agents' hub. Thin, like the visitors': it authorises, calls <see cref="AgentDesk"/>, and returns. An agent's
/// connections join the group of all agents (the queue) and their own group (the chats they hold).
/// </summary>
[Authorize(Policy = StaffAuthentication.AgentPolicy)]
internal sealed class AgentHub(AgentDesk desk, AgentPresence presence) : Hub<IAgentConsoleClient>
{
    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, AgentDesk.AllAgents);
        await Groups.AddToGroupAsync(Context.ConnectionId, AgentDesk.AgentGroup(AgentId));
        presence.Connected(AgentId);
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        presence.Disconnected(AgentId);
        await base.OnDisconnectedAsync(exception);
    }

    public async Task<AcceptResult> Accept(Guid handoffId) =>
        await desk.AcceptAsync(handoffId, AgentId, Context.User?.Identity?.Name ?? "An agent", Context.ConnectionAborted)
        ?? throw new HubException("The hand-off is not waiting: another agent took it, or it was never there.");

    public async Task<MessageDto> Send(Guid handoffId, string text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MessageLimits.MaxTextLength)
        {
            throw new HubException($"A reply is 1 to {MessageLimits.MaxTextLength} characters.");
        }

        return await desk.SendAsync(handoffId, AgentId, text, Context.ConnectionAborted) ?? throw new HubException("You do not hold this conversation.");
    }

    public async Task<MessageDto> Note(Guid handoffId, string text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MessageLimits.MaxTextLength)
        {
            throw new HubException($"A note is 1 to {MessageLimits.MaxTextLength} characters.");
        }

        return await desk.NoteAsync(handoffId, AgentId, text, Context.ConnectionAborted) ?? throw new HubException("You do not hold this conversation.");
    }

    public async Task ReturnToBot(Guid handoffId)
    {
        if (!await desk.FinishAsync(handoffId, AgentId, returnToBot: true, Context.ConnectionAborted))
        {
            throw new HubException("You do not hold this conversation.");
        }
    }

    public async Task Close(Guid handoffId)
    {
        if (!await desk.FinishAsync(handoffId, AgentId, returnToBot: false, Context.ConnectionAborted))
        {
            throw new HubException("You do not hold this conversation.");
        }
    }

    private string AgentId => Context.User?.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new HubException("Not signed in as an agent.");
}
