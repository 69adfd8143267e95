using System.Threading.Channels;
using Platform.Domain.Conversations;

namespace Platform.Server.Chat;

/// <summary>Visitor messages from the hub waiting for a reply; the hub acknowledges at once and the worker answers.</summary>
internal sealed class ReplyQueue
{
    private readonly Channel<Message> _channel = Channel.CreateBounded<Message>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.Wait,
    });

    public ChannelReader<Message> Reader => _channel.Reader;

    public ValueTask EnqueueAsync(Message visitorMessage, CancellationToken cancellationToken) =>
        _channel.Writer.WriteAsync(visitorMessage, cancellationToken);
}
