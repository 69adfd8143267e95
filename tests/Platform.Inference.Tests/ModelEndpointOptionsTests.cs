using System.ComponentModel.DataAnnotations;

namespace Platform.Inference.Tests;

/// <summary>A model endpoint that cannot work is refused at start-up, saying which setting is wrong.</summary>
public sealed class ModelEndpointOptionsTests
{
    private static List<ValidationResult> Validate(ModelOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void NoEndpoint_IsValid() => Assert.Empty(Validate(new ModelOptions()));

    [Fact]
    public void Endpoint_WithItsModel_IsValid() =>
        Assert.Empty(Validate(new ModelOptions { Endpoint = "http://gpu-node:5000/v1", EndpointModel = "support-gpt" }));

    [Fact]
    public void Endpoint_WithoutAModelName_IsRefused_NamingEndpointModel() =>
        Assert.Contains(Validate(new ModelOptions { Endpoint = "http://gpu-node:5000/v1" }), r => r.MemberNames.Contains(nameof(ModelOptions.EndpointModel)));

    [Theory]
    [InlineData("gpu-node:5000/v1")]
    [InlineData("ftp://gpu-node/v1")]
    [InlineData("not a url")]
    public void Endpoint_ThatIsNotAnHttpAddress_IsRefused(string endpoint) =>
        Assert.Contains(Validate(new ModelOptions { Endpoint = endpoint, EndpointModel = "m" }), r => r.ErrorMessage!.Contains("is not an http(s) address", StringComparison.Ordinal));
}
