namespace Platform.Domain.Conversations;

public enum MessageRole
{
    Visitor = 0,
    Bot = 1,
    Agent = 2,
    System = 3,
}
