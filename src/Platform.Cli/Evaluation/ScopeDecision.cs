using Platform.Domain.Conversations;

namespace Platform.Cli.Evaluation;

/// <summary>
/// How eval reads a reply as a scope prediction, in one place. The bot predicted <c>out_of_scope</c> when it did not
/// answer: the stored reply's source is <see cref="ReplySource.NoAnswer"/> (retrieval found nothing or fell below
/// <c>MinConfidence</c>, so it said it does not know and offered a person; the message had no searchable words, so it
/// greeted; or the model asked for a person), the bot handed the chat to a person (<see cref="ReplySource.Handoff"/>),
/// or validation refused the message. Any extractive or generated answer
/// is an <c>in_scope</c> prediction.
/// </summary>
internal static class ScopeDecision
{
    public const string InScope = "in_scope";

    public const string OutOfScope = "out_of_scope";

    public static bool DeclinedToAnswer(Message? reply) => reply?.Source is null or ReplySource.NoAnswer or ReplySource.Greeting or ReplySource.Handoff;

    public static string Predict(Message? reply) => DeclinedToAnswer(reply) ? OutOfScope : InScope;

    public static string SourceName(Message? reply) => reply?.Source switch
    {
        null when reply is null => "rejected",
        ReplySource.Extractive => "extractive",
        ReplySource.Generated => "generated",
        ReplySource.Handoff => "handoff",
        _ => "no_answer",
    };
}
