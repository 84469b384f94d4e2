using System.Net;
using System.Text.RegularExpressions;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Tests;
using FiveSocieties.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FiveSocieties.Web.Tests.Features;

/// Several web nodes behind a load balancer: a sign-in on one node is a sign-in on the others,
/// because the keys that protect cookies are kept in the shared database.
public sealed partial class SharedKeysTests
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [Theory]
    [InlineData(TestProvider.Sqlite)]
    [InlineData(TestProvider.PostgreSql)]
    public async Task SignInOnOneNode_IsRecognisedByAnother(TestProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = TestDatabase.Create(provider);
        // The smallest demo county will do: only the accounts matter here.
        var settings = database.Settings.Concat(
        [
            new("Demo:Enabled", "true"), new("Demo:Villages", "10"), new("Demo:Volunteers", "10"), new("Demo:Organisations", "4"),
            new("Demo:Funds", "2"), new("Demo:MicroGrants", "2"), new("Demo:Needs", "20"),
        ]).ToList();
        await using var nodeA = new SiteFactory(settings);
        await using var nodeB = new SiteFactory(settings);
        nodeA.StartServer();
        nodeB.StartServer();
        var options = new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false };

        // Sign in on node A, keeping the cookies by hand.
        var onA = nodeA.CreateClient(options);
        var form = await onA.GetAsync("/Account/Login", ct);
        var cookies = Cookies(form);
        var token = WebUtility.HtmlDecode(TokenField().Match(await form.Content.ReadAsStringAsync(ct)).Groups[1].Value);
        using var login = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent([new("UserName", "county"), new("Password", ClientExtensions.DemoPassword), new("__RequestVerificationToken", token)]),
        };
        login.Headers.Add("Cookie", cookies);
        var signedIn = await onA.SendAsync(login, ct);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        // Node B has never seen this user: it accepts the cookie node A issued.
        var onB = nodeB.CreateClient(options);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Stations");
        request.Headers.Add("Cookie", Cookies(signedIn));
        var stations = await onB.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.OK, stations.StatusCode);

        await using var scope = nodeB.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>().DataProtectionKeys.AnyAsync(ct));
    }

    private static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);
}
