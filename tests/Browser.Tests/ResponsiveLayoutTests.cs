using FiveSocieties.Browser.Tests.Support;
using Microsoft.Playwright;
using Xunit;

namespace FiveSocieties.Browser.Tests;

/// Residents, committees and volunteers mostly use phones: every page must fit 375 px without
/// sideways scrolling, and its menu must open.
[Collection(BrowserCollection.Name)]
public sealed class ResponsiveLayoutTests(BrowserFixture browser)
{
    /// Every page a role uses; "{need}", "{volunteer}" and "{organisation}" stand for records of the
    /// role's own area, found in the demo county.
    public static TheoryData<string, string?> Pages => new()
    {
        { "/", null },
        { "/Catalogue", null },
        { "/Account/Login", null },
        { "/Account/Register", null },
        { "/Account/RegisterVolunteer", null },
        { "/no-such-page", null },
        { "/", "resident1" },
        { "/Needs", "resident1" },
        { "/Needs/Create", "resident1" },
        { "/Needs/Details/{need}", "resident1" },
        { "/Account/ChangePassword", "resident1" },
        { "/Needs/Create", "committee1" },
        { "/Resources", "committee1" },
        { "/Resources/Volunteer/{volunteer}", "volunteer1" },
        { "/Resources/Volunteer/{volunteer}/Edit", "volunteer1" },
        { "/Resources/Organisation/{organisation}", "org1" },
        { "/Resources?Kind=Fund", "org1" },
        { "/Resources/Fund/Create", "org1" },
        { "/Resources/MicroGrant/Create", "org1" },
        { "/Needs", "worker1" },
        { "/Needs/Details/{need}", "worker1" },
        { "/Needs/Edit/{need}", "worker1" },
        { "/Resources", "worker1" },
        { "/Resources/Volunteer/Create", "worker1" },
        { "/Resources/Organisation/Create", "worker1" },
        { "/Approvals", "worker1" },
        { "/Brokering", "worker1" },
        { "/Brokering?overdue=true", "county" },
        { "/Offers", "volunteer1" },
        { "/Offers", "org1" },
        { "/Imports", "worker1" },
        { "/Accounts", "worker1" },
        { "/Account/AccessDenied", "worker1" },
        { "/Stations", "county" },
        { "/Privacy/Log", "county" },
        { "/MatchingIndex", "admin" },
        { "/Approvals", "county" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_At375PixelsWide_HasNoSidewaysScrolling(string path, string? userName)
    {
        var page = await browser.NewPageAsync(width: 375);
        if (userName is not null) await BrowserFixture.LoginAsync(page, userName);
        var response = await page.GotoAsync(await browser.ResolveAsync(path, userName));
        Assert.True(response is { Status: < 400 } || path == "/no-such-page", $"{path} as {userName}: {response?.Status}");

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        await BrowserFixture.ScreenshotAsync(page, $"375{path.Replace('/', '_')}-{userName ?? "anonymous"}");
        Assert.True(overflow <= 0, $"{path} is {overflow}px wider than a 375 px screen");
    }

    [Fact]
    public async Task Menu_OnAPhone_CollapsesAndOpensOnTap()
    {
        var page = await browser.NewPageAsync(width: 375);
        await page.GotoAsync("/");
        var catalogueLink = page.Locator("#main-nav").GetByRole(AriaRole.Link, new() { Name = "服务目录" });
        Assert.False(await catalogueLink.IsVisibleAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "打开菜单" }).ClickAsync();
        await catalogueLink.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        await catalogueLink.ClickAsync();
        await page.WaitForURLAsync("**/Catalogue");
    }

    [Fact]
    public async Task Login_InTheBrowser_ShowsTheUsersNameAndRole()
    {
        var page = await browser.NewPageAsync(width: 1280);
        await BrowserFixture.LoginAsync(page, "worker1");
        var user = page.GetByTestId("current-user");
        await Assertions.Expect(user).ToContainTextAsync("社工站社工");
        await BrowserFixture.ScreenshotAsync(page, "home-worker1-desktop");
    }
}
