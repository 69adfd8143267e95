namespace Platform.Domain.Handoffs;

public enum HandoffStatus
{
    Waiting = 0,
    Accepted = 1,
    Resolved = 2,
    ReturnedToBot = 3,
}
