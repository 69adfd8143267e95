namespace Platform.Domain.Handoffs;

public enum HandoffReason
{
    VisitorAsked = 0,
    LowConfidence = 1,
    OutOfScope = 2,
    NegativeSentiment = 3,
    RepeatedFailure = 4,
    AlwaysHumanTopic = 5,
}
