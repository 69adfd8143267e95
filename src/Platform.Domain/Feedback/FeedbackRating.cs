namespace Platform.Domain.Feedback;

public enum FeedbackRating
{
    Down = -1,
    Up = 1,
}
