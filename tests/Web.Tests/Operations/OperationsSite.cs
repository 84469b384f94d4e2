using FiveSocieties.Tests;
using FiveSocieties.Web.Tests.Support;

namespace FiveSocieties.Web.Tests.Operations;

/// A small demo county on a real Kestrel port (real body limits, a real WebSocket), writing its log
/// files to a directory of its own; ASP.NET Core's own request lines are logged too (they carry
/// query strings: the masking must hold for them as well).
public abstract class OperationsSite(TestProvider provider) : SiteFixture(provider)
{
    public string LogDirectory { get; } = LogFiles.NewDirectory();

    protected override bool OnKestrel => true;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        .. base.Settings,
        .. SmallDemo,
        .. LogFiles.Settings(LogDirectory),
        new("Logging:LogLevel:Microsoft.AspNetCore", "Information"),
    ];

    /// Every line written so far.
    public Task<string> LogTextAsync() => LogFiles.TextAsync(LogDirectory);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        LogFiles.Delete(LogDirectory);
    }
}

public sealed class SqliteOperationsSite() : OperationsSite(TestProvider.Sqlite);
public sealed class PostgresOperationsSite() : OperationsSite(TestProvider.PostgreSql);
