using System.Diagnostics;
using FiveSocieties.Web.Tests.Support;
using Xunit;

namespace FiveSocieties.Web.Tests.Startup;

/// The real executable, started as an operator would: a wrong setting gives one line and exit code 1.
public sealed class ProcessStartupTests
{
    [Theory]
    [InlineData("Database__Provider", "Oracle", "Database:Provider 的值“Oracle”无效")]
    [InlineData("Database__DataDirectory", "/proc/version/data", "数据目录 /proc/version/data 不可写")]
    [InlineData("RateLimits__SignIn__PerClient", "0", "RateLimits:SignIn:PerClient 应在 1 到 1000000 之间")]
    [InlineData("ReverseProxy__KnownProxies__0", "nginx", "ReverseProxy:KnownProxies 中的“nginx”不是 IP 地址或网段")]
    [InlineData("Accounts__LockoutFailures", "0", "Accounts:LockoutFailures 应在 1 到 100 之间")]
    [InlineData("Logging__File__RetainDays", "30", "Logging:File:RetainDays 为 30，应在 180 到 3650 之间")]
    [InlineData("Diagnostics__DeveloperErrors", "true", "Diagnostics:DeveloperErrors 只能在 Development 环境中开启")]
    public async Task WrongSetting_PrintsOneLineSayingWhatToFix(string variable, string value, string expected)
    {
        var (exitCode, stdout, stderr) = await RunSiteAsync((variable, value));
        Assert.Equal(1, exitCode);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("启动失败", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", stdout + stderr); // no stack trace
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunSiteAsync(params (string Name, string Value)[] environment) =>
        SiteExecutable.RunAsync([new("ASPNETCORE_URLS", "http://127.0.0.1:0"), .. environment.Select(e => new KeyValuePair<string, string?>(e.Name, e.Value))]);
}
