using Platform.Cli.Evaluation;

namespace Platform.Cli.Tests;

/// <summary>One in-process run of <c>Platform.Cli eval</c>: its exit code and what it printed.</summary>
internal sealed record EvalRun(int ExitCode, string Output, string Errors)
{
    public static async Task<EvalRun> StartAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var code = await EvalCommand.RunAsync(args, output, errors, CancellationToken.None);
        return new EvalRun(code, output.ToString(), errors.ToString());
    }

    public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Errors}";
}
