namespace Platform.TestSupport;

/// <summary>Copies of model folders, for tests that damage, rename or re-export one without touching the original.</summary>
public static class ModelFolders
{
    /// <summary>Copies the folder's files into <paramref name="to"/> (a new temp folder when null) and returns it.</summary>
    public static string Copy(string from, string? to = null)
    {
        to ??= Path.Combine(Path.GetTempPath(), "platform-tests", "model-copy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        return to;
    }

    /// <summary>
    /// A copy of the folder at <paramref name="to"/> whose <c>model.onnx</c> the recipe rewrote from the same weights with
    /// <paramref name="attention"/> (<c>fused</c> or <c>standard</c>).
    /// </summary>
    public static async Task<string> ReexportedCopyAsync(string from, string to, string attention)
    {
        Copy(from, to);
        await TrainingRecipe.RunAsync("reexport", "--model", to, "--attention", attention);
        return to;
    }
}
