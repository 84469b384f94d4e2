using System.Diagnostics;
using Xunit;

namespace FiveSocieties.Web.Tests.Support;

/// The site's own executable (`dotnet FiveSocieties.Web.dll`), in Production, as an operator runs it.
public static class SiteExecutable
{
    /// Output redirected, settings as environment variables ("Database__DataDirectory").
    public static ProcessStartInfo StartInfo(IEnumerable<KeyValuePair<string, string?>> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "FiveSocieties.Web.dll"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return start;
    }

    /// Runs a command (backup, restore, import …), or a start that must fail, to its end within two minutes.
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(IEnumerable<KeyValuePair<string, string?>> environment, params string[] arguments)
    {
        var ct = TestContext.Current.CancellationToken;
        using var process = Process.Start(StartInfo(environment, arguments))!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}
