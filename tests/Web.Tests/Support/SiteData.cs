using System.Globalization;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FiveSocieties.Web.Tests.Features;

/// Signed-in clients, database look-ups and unique test values over a running site, shared by the
/// resources, accounts, API and privacy suites.
public static class SiteData
{
    public const string JianpingTownship = "341821100000"; // worker1's station
    public const string ShiziTownship = "341821101000";    // worker2's station

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<HttpClient> SignedInAsync(this SiteFactory site, string userName, string password = ClientExtensions.DemoPassword)
    {
        var client = site.NewClient();
        var response = await client.LoginAsync(userName, password);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Redirect, $"{userName} could not sign in");
        return client;
    }

    /// A client at its own address (the test sites believe X-Forwarded-For from loopback), for the
    /// rate limits and the lockout, which count by address.
    public static HttpClient NewClientAt(this SiteFactory site, string? address = null)
    {
        var client = site.NewClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address ?? UniqueAddress());
        return client;
    }

    /// An IPv4 address no other test uses (one in 16 million).
    public static string UniqueAddress() =>
        $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

    public static async Task<T> QueryAsync<T>(this SiteFactory site, Func<FiveSocietiesDbContext, Task<T>> query)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>());
    }

    public static async Task<IList<string>> RolesAsync(this SiteFactory site, string userName)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByNameAsync(userName);
        Assert.NotNull(user);
        return await users.GetRolesAsync(user);
    }

    public static Task<AppUser> UserAsync(this SiteFactory site, string userName) =>
        site.QueryAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == userName, Ct));

    public static Task<AppUser?> FindUserAsync(this SiteFactory site, string userName) =>
        site.QueryAsync(db => db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.UserName == userName, Ct));

    /// The villages of a township, in code order.
    public static async Task<List<DivisionCode>> VillagesOfAsync(this SiteFactory site, string township)
    {
        var code = DivisionCode.Parse(township);
        var villages = await site.QueryAsync(db => db.Regions.AsNoTracking().Where(r => r.Level == RegionLevel.Village).Select(r => r.Code).ToListAsync(Ct));
        var within = villages.Where(v => v.IsWithin(code)).Order().ToList();
        Assert.True(within.Count >= 2, $"{township} has villages");
        return within;
    }

    /// A name no other test uses, so rows can be found again by it (the suffix is also one search word).
    public static string Unique(string prefix) => $"{prefix} {Guid.NewGuid().ToString("N")[..8]}";

    /// A mobile number no demo record has (the demo never uses the 147 prefix).
    public static string UniqueMobile() =>
        "147" + Random.Shared.NextInt64(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);
}
