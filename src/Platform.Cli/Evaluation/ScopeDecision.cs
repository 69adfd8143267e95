using Platform.Domain.Conversations;

namespace Platform.Cli.Evaluation;

/// <summary>
/// How eval reads a reply as a scope prediction, in one place. The bot predicted <c>out_of_scope</c> when it did not
/// answer: the stored reply's source is <see cref="ReplySource.NoAnswer"/> (retrieval found nothing or fell below
/// <c>MinConfidence</c>, so it said it does not know and offered a person; the message had no searchable words, so it
/// greeted; or the model asked for a person), the bot handed the chat to a person (<see cref="ReplySource.Handoff"/>),
/// or validation refused the message. Any extractive or generated answer is an <c>in_scope</c> prediction, and so is a
/// question back (<see cref="ReplySource.Clarify"/>): the bot judged that the knowledge base answers, only not which entry.
/// </summary>
internal static class ScopeDecision
{
    public const string InScope = "in_scope";

    public const string OutOfScope = "out_of_scope";

    /// <summary>The source name of a question back: which of two entries the visitor means.</summary>
    public const string Clarify = "clarify";

    public static bool DeclinedToAnswer(Message? reply) => reply?.Source is null or ReplySource.NoAnswer or ReplySource.Greeting or ReplySource.Handoff;

    /// <summary>The reply answered the question (from a passage, quoted or generated); a question back did not.</summary>
    public static bool Answered(Message? reply) => reply?.Source is ReplySource.Extractive or ReplySource.Generated;

    public static string Predict(Message? reply) => DeclinedToAnswer(reply) ? OutOfScope : InScope;

    public static string SourceName(Message? reply) => reply?.Source switch
    {
        null when reply is null => "rejected",
        ReplySource.Extractive => "extractive",
        ReplySource.Generated => "generated",
        ReplySource.Handoff => "handoff",
        ReplySource.Clarify => Clarify,
        _ => "no_answer",
    };
}
