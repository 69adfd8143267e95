using System.Net;

namespace Platform.Client;

/// <summary>A refused request, with the problem-details <c>detail</c> the server gave.</summary>
public sealed class PlatformApiException(HttpStatusCode statusCode, string? title, string? detail)
    : Exception($"{(int)statusCode} {title}: {detail}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    public string? Title { get; } = title;

    public string? Detail { get; } = detail;
}
