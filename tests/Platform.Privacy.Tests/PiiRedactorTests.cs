using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.TestSupport;
using static Platform.Privacy.Tests.RedactionAssert;

namespace Platform.Privacy.Tests;

public sealed class PiiRedactorTests
{
    private static readonly TimeSpan HostileBudget = TimeSpan.FromSeconds(10);

    [Fact]
    public void Redact_EveryType_ReplacedByItsPlaceholderAndReported()
    {
        const string text = "I'm Sarah Connor, sarah@example.com, +44 20 7946 0958, card 4111 1111 1111 1111, "
            + "IBAN DE89 3704 0044 0532 0130 00, 221B Baker Street, London NW1 6XE";

        var result = Redactor.Redact(text);

        Assert.Equal("I'm [NAME], [EMAIL], [PHONE], card [CARD], IBAN [IBAN], [ADDRESS]", result.Text);
        Assert.Equal(
            [PiiType.PersonName, PiiType.Email, PiiType.Phone, PiiType.CardNumber, PiiType.Iban, PiiType.StreetAddress],
            result.Spans.Select(s => s.Type));
        Assert.All(result.Spans, s => Assert.Equal(s.Original, text.Substring(s.Start, s.Length)));
    }

    [Fact]
    public void Redact_OverlappingCandidates_LongestWins()
    {
        // "Victoria Road" alone could be read as a name; the address around it is longer.
        var result = Redactor.Redact("send it to 12 Maria Lopez Road, Leeds LS1 4DY");

        var span = Assert.Single(result.Spans);
        Assert.Equal(PiiType.StreetAddress, span.Type);
    }

    [Theory]
    [InlineData("Name: [NAME]\nEmail: [EMAIL]\nPhone: [PHONE]")]
    [InlineData("Regards, [NAME]")]
    [InlineData("my name is [NAME] and I live at [ADDRESS], card [CARD], iban [IBAN]")]
    public void Redact_Placeholders_AreNeverRedactedAgain(string text) => FindsNothing(text);

    [Fact]
    public void Redact_RedactedText_IsUnchanged_OnTheWholeLabelledSet()
    {
        foreach (var line in File.ReadLines(Path.Combine(RepositoryPaths.TestData, "pii", "labelled.jsonl")))
        {
            var text = JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!;
            var once = Redactor.RedactText(text);
            Assert.Equal(once, Redactor.RedactText(once));
        }
    }

    [Theory]
    [InlineData("digits")]
    [InlineData("phone-punctuation")]
    [InlineData("email-like")]
    [InlineData("capitalised-words")]
    [InlineData("iban-like")]
    [InlineData("many-emails")]
    [InlineData("many-cards")]
    public void Redact_HostileMegabyte_FinishesQuickly(string shape)
    {
        var piece = shape switch
        {
            "digits" => "4111 1111 1111 1111 ",
            "phone-punctuation" => "+1 (((-.-.-( 2",
            "email-like" => "a.a.a.a.a@b-b-b-b.",
            "capitalised-words" => "my name is Sarah Sarah Sarah Regards, ",
            "many-emails" => "a@b.co ",
            "many-cards" => "4111-1111-1111-1111, ",
            _ => "DE89 3704 0044 0532 01",
        };
        var text = new StringBuilder(1 << 20);
        while (text.Length < 1 << 20)
        {
            text.Append(piece);
        }

        var started = Stopwatch.GetTimestamp();
        var result = Redactor.Redact(text.ToString());
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.True(elapsed < HostileBudget, $"{shape}: {elapsed.TotalSeconds:0.0}s for 1 MB");
        Assert.NotNull(result.Text);
        if (shape is "many-emails" or "many-cards" or "digits")
        {
            Assert.DoesNotContain("1111-1111", result.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("1111 1111", result.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("@b.co", result.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Redact_OnlyConfiguredTypes()
    {
        var redactor = new PiiRedactor(new PrivacyOptions { Types = [PiiType.Email] });

        Assert.Equal("[EMAIL] or (415) 555-0132", redactor.RedactText("jane@example.com or (415) 555-0132"));
    }

    [Fact]
    public void Redact_EmptyText_ReturnsItUnchanged() => Assert.Equal(string.Empty, Redactor.RedactText(string.Empty));

    [Fact]
    public void AddPlatformPrivacy_BindsTypesFromConfiguration_AsSingleton()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Platform:Privacy:Types:0"] = "Phone" });
        builder.Services.AddPlatformPrivacy();
        using var host = builder.Build();

        var redactor = host.Services.GetRequiredService<IPiiRedactor>();

        Assert.Same(redactor, host.Services.GetRequiredService<IPiiRedactor>());
        Assert.Equal("jane@example.com or [PHONE]", redactor.RedactText("jane@example.com or (415) 555-0132"));
    }

    [Fact]
    public void Placeholders_AreTyped() =>
        Assert.Equal(["[EMAIL]", "[PHONE]", "[CARD]", "[IBAN]", "[ADDRESS]", "[NAME]"], Enum.GetValues<PiiType>().Select(PiiPlaceholders.For));
}
