namespace Platform.Domain.Knowledge;

public enum DocumentStatus
{
    Pending = 0,
    Indexed = 1,
    Failed = 2,
}
