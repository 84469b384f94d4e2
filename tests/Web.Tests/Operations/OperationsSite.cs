using FiveSocieties.Tests;
using FiveSocieties.Web.Tests.Support;

namespace FiveSocieties.Web.Tests.Operations;

/// A small demo county on a real Kestrel port (real body limits, a real WebSocket), writing its log
/// files to a directory of its own; ASP.NET Core's own request lines are logged too (they carry
/// query strings: the masking must hold for them as well).
public abstract class OperationsSite(TestProvider provider) : SiteFixture(provider)
{
    public string LogDirectory { get; } = Path.Combine(Path.GetTempPath(), "fivesocieties-tests", "logs-" + Guid.NewGuid().ToString("N"));

    protected override bool OnKestrel => true;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        .. base.Settings,
        .. SmallDemo,
        new("Logging:File:Enabled", "true"),
        new("Logging:File:Directory", LogDirectory),
        new("Logging:LogLevel:Microsoft.AspNetCore", "Information"),
    ];

    /// Every line written so far (the files stay open in the site: shared reading).
    public async Task<string> LogTextAsync()
    {
        var text = new System.Text.StringBuilder();
        foreach (var file in Directory.GetFiles(LogDirectory, "*.json").Order())
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            text.Append(await new StreamReader(stream).ReadToEndAsync());
        }
        return text.ToString();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(LogDirectory, recursive: true); } catch (IOException) { }
    }
}

public sealed class SqliteOperationsSite() : OperationsSite(TestProvider.Sqlite);
public sealed class PostgresOperationsSite() : OperationsSite(TestProvider.PostgreSql);
