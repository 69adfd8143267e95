using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Platform.Contracts.Hubs;

namespace Platform.Client;

/// <summary>
/// A visitor's connection to <c>/hubs/chat</c>: the hub's methods as async calls, and its events as one ordered
/// stream, so a caller reads a reply as it arrives.
/// </summary>
public sealed class ChatConnection : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Channel<object> _events = Channel.CreateUnbounded<object>();

    public ChatConnection(Uri serverUrl, string visitorToken, Action<IHubConnectionBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(serverUrl);
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(serverUrl, ChatHubContract.Route), options => options.AccessTokenProvider = () => Task.FromResult<string?>(visitorToken))
            .WithAutomaticReconnect();
        configure?.Invoke(builder);
        _connection = builder.Build();
        _connection.On<ReplyStartedEvent>(nameof(IChatWidgetClient.ReplyStarted), e => Publish(e));
        _connection.On<ReplyDeltaEvent>(nameof(IChatWidgetClient.ReplyDelta), e => Publish(e));
        _connection.On<ReplyCompletedEvent>(nameof(IChatWidgetClient.ReplyCompleted), e => Publish(e));
        _connection.On<ReplyFailedEvent>(nameof(IChatWidgetClient.ReplyFailed), e => Publish(e));
        _connection.On<OwnerChangedEvent>(nameof(IChatWidgetClient.OwnerChanged), e => Publish(e));
        _connection.On<ConversationMessageEvent>(nameof(IChatWidgetClient.AgentMessage), e => Publish(e));
    }

    /// <summary>Every event the server pushed, in arrival order.</summary>
    public ChannelReader<object> Events => _events.Reader;

    public HubConnection Hub => _connection;

    public Task StartAsync(CancellationToken cancellationToken = default) => _connection.StartAsync(cancellationToken);

    public Task<StartConversationResult> StartConversationAsync(string? knowledgeBase = null, CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<StartConversationResult>(ChatHubContract.StartConversation, knowledgeBase, cancellationToken);

    public Task<JoinConversationResult> JoinConversationAsync(Guid conversationId, CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<JoinConversationResult>(ChatHubContract.JoinConversation, conversationId, cancellationToken);

    public Task<SendMessageResult> SendMessageAsync(Guid conversationId, string? clientMessageId, string text, CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<SendMessageResult>(ChatHubContract.SendMessage, conversationId, clientMessageId, text, cancellationToken);

    /// <summary>The widget's "talk to a person" button.</summary>
    public Task<RequestPersonResult> RequestPersonAsync(Guid conversationId, CancellationToken cancellationToken = default) =>
        _connection.InvokeAsync<RequestPersonResult>(ChatHubContract.RequestPerson, conversationId, cancellationToken);

    /// <summary>Reads events until the reply to <paramref name="messageId"/> completes or fails; returns all of them.</summary>
    public async Task<IReadOnlyList<object>> ReadReplyAsync(Guid messageId, CancellationToken cancellationToken = default)
    {
        var events = new List<object>();
        var replyId = Guid.Empty;
        await foreach (var e in _events.Reader.ReadAllAsync(cancellationToken))
        {
            switch (e)
            {
                case ReplyStartedEvent started when started.InReplyToId == messageId:
                    replyId = started.ReplyId;
                    events.Add(e);
                    break;
                case ReplyDeltaEvent delta when delta.ReplyId == replyId:
                    events.Add(e);
                    break;
                case ReplyCompletedEvent completed when completed.Message.InReplyToId == messageId:
                    events.Add(e);
                    return events;
                case ReplyFailedEvent failed when failed.InReplyToId == messageId:
                    events.Add(e);
                    return events;
            }
        }

        return events;
    }

    private void Publish(object e) => _events.Writer.TryWrite(e);

    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        await _connection.DisposeAsync();
    }
}
