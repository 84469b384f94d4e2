using FiveSocieties.Infrastructure.Tests.Support;
using FiveSocieties.Tests;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace FiveSocieties.Infrastructure.Tests.Demo;

public sealed class DemoDeterminismTests
{
    private static readonly KeyValuePair<string, string?>[] SmallDemo =
    [
        new("Demo:Enabled", "true"), new("Demo:Villages", "30"), new("Demo:Volunteers", "150"),
        new("Demo:Organisations", "12"), new("Demo:Funds", "4"), new("Demo:MicroGrants", "6"), new("Demo:Needs", "60"),
    ];

    [Fact]
    public async Task SameSeedAndClock_SeedTheSameCounty()
    {
        Assert.Equal(await FingerprintAsync("341821"), await FingerprintAsync("341821"));
    }

    [Fact]
    public async Task AnotherSeed_SeedsAnotherCounty()
    {
        Assert.NotEqual(await FingerprintAsync("341821"), await FingerprintAsync("7"));
    }

    private static async Task<string> FingerprintAsync(string seed)
    {
        await using var database = TestDatabase.Create(TestProvider.Sqlite);
        await using var host = await InfrastructureHost.StartAsync(database,
            SmallDemo.Append(new("Demo:RandomSeed", seed)), new TestClock(DemoCountyFixture.Today));
        return await host.WithDb(async db =>
        {
            var villages = await db.Regions.OrderBy(r => r.Code).Select(r => r.Code + r.Name).ToListAsync();
            var volunteers = await db.Volunteers.OrderBy(v => v.Id).Select(v => v.Name + v.Mobile + v.Status).ToListAsync();
            var needs = await db.Needs.OrderBy(n => n.Id).Select(n => n.Title + n.Status + n.VillageCode).ToListAsync();
            var matches = await db.Matches.OrderBy(m => m.Id).Select(m => $"{m.NeedId}:{m.ProviderKind}:{m.ProviderId}:{m.Status}:{m.Score}").ToListAsync();
            return string.Join("|", villages.Concat(volunteers).Concat(needs).Concat(matches));
        });
    }
}
