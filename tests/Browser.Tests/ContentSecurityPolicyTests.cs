using FiveSocieties.Browser.Tests.Support;
using Microsoft.Playwright;
using Xunit;

namespace FiveSocieties.Browser.Tests;

/// The site's Content-Security-Policy allows no inline script or style: every page a role uses must
/// work under it without a single violation — the live pages' WebSocket included.
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyTests(BrowserFixture browser)
{
    /// Reports every violation the page sees, from before its first script runs.
    private const string Recorder = """
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', e =>
            window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
        """;

    public static TheoryData<string, string?> Pages => ResponsiveLayoutTests.Pages;

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_UnderTheContentSecurityPolicy_ReportsNoViolation(string path, string? userName)
    {
        var page = await browser.NewPageAsync(width: 1280);
        await page.Context.AddInitScriptAsync(Recorder);
        var console = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") console.Add(message.Text); };
        if (userName is not null) await BrowserFixture.LoginAsync(page, userName);

        var response = await page.GotoAsync(await browser.ResolveAsync(path, userName));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.NotNull(response);
        var policy = await response.HeaderValueAsync("content-security-policy");
        Assert.True(policy?.Contains("script-src 'self'") == true, $"{path}: no Content-Security-Policy ({policy})");
        var violations = await page.EvaluateAsync<string[]>("() => window.__violations");
        Assert.True(violations.Length == 0, $"{path} as {userName ?? "anonymous"}: " + string.Join("; ", violations));
        Assert.DoesNotContain(console, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task LivePage_ConnectsItsWebSocket_UnderThePolicy()
    {
        var page = await browser.NewPageAsync(width: 1280);
        await page.Context.AddInitScriptAsync(Recorder);
        var sockets = new List<string>();
        page.WebSocket += (_, socket) => sockets.Add(socket.Url);
        await BrowserFixture.LoginAsync(page, "worker1");

        await page.GotoAsync("/Brokering");
        await Assertions.Expect(page.GetByText("实时更新中")).ToBeVisibleAsync();

        Assert.Contains(sockets, url => url.StartsWith("ws://") && url.Contains("/hubs/brokering"));
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__violations"));
    }
}
