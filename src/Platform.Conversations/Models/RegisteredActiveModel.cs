using Microsoft.Extensions.Options;
using Platform.Data.Models;
using Platform.Inference;

namespace Platform.Conversations.Models;

/// <summary>
/// The registry's side of start-up: registers the configured model as a version (active when none is), and tells the
/// engine which version's folder to load.
/// </summary>
public sealed class RegisteredActiveModel(ModelVersionStore versions, IOptions<ModelOptions> options) : IActiveModelFolder
{
    public async Task<string?> ResolveAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Path is not { Length: > 0 } shipped)
        {
            return null;
        }

        var registered = await versions.RegisterAsync(Path.GetFileName(Path.TrimEndingDirectorySeparator(shipped)), shipped, cancellationToken);
        if (await versions.ActiveAsync(cancellationToken) is { } active)
        {
            return active.Folder;
        }

        await versions.ActivateAsync(registered.Id, cancellationToken);
        return registered.Folder;
    }
}
