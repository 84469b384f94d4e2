using FiveSocieties.Infrastructure.Startup;
using FiveSocieties.Infrastructure.Tests.Support;
using Microsoft.Extensions.Options;
using Xunit;

namespace FiveSocieties.Infrastructure.Tests.Startup;

/// A wrong setting stops start-up with a message that says what to fix.
public sealed class StartupFailureTests
{
    private static async Task<Exception> StartWith(params (string Key, string? Value)[] settings)
    {
        var builder = InfrastructureHost.CreateBuilder(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        using var host = builder.Build();
        return await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task UnknownProvider_NamesTheSettingAndTheAllowedValues()
    {
        var failure = Assert.IsType<OptionsValidationException>(await StartWith(("Database:Provider", "Oracle")));
        Assert.Contains("Database:Provider 的值“Oracle”无效，应为 Sqlite 或 PostgreSQL", failure.Message);
    }

    [Fact]
    public async Task PostgreSqlWithoutConnectionString_AsksForIt()
    {
        var failure = Assert.IsType<OptionsValidationException>(await StartWith(("Database:Provider", "PostgreSQL")));
        Assert.Contains("ConnectionStrings:FiveSocieties", failure.Message);
    }

    [Fact]
    public async Task UnreachablePostgreSql_SaysWhichServerAndWhatToCheck()
    {
        var failure = Assert.IsType<StartupException>(await StartWith(
            ("Database:Provider", "PostgreSQL"),
            ("ConnectionStrings:FiveSocieties", "Host=127.0.0.1;Port=1;Database=nowhere;Username=nobody;Timeout=3")));
        Assert.StartsWith("无法连接 PostgreSQL（127.0.0.1:1，数据库 nowhere）", failure.Message);
        Assert.Contains("ConnectionStrings:FiveSocieties", failure.Message);
        Assert.DoesNotContain('\n', failure.Message);
    }

    [Fact]
    public async Task UnwritableDataFolder_NamesTheFolderAndTheSetting()
    {
        // A folder below a regular file can never be created, even by root.
        var file = Path.GetTempFileName();
        try
        {
            var failure = Assert.IsType<StartupException>(await StartWith(("Database:DataDirectory", Path.Combine(file, "data"))));
            Assert.StartsWith($"数据目录 {Path.Combine(file, "data")} 不可写", failure.Message);
            Assert.Contains("Database:DataDirectory", failure.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
