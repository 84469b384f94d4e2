using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Tests.Support;
using FiveSocieties.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FiveSocieties.Infrastructure.Tests.Startup;

/// Several web nodes started at the same moment against one new PostgreSQL database: each starts,
/// and the reference data, roles and demo county exist once.
public sealed class ConcurrentStartTests
{
    [Fact]
    public async Task ThreeNodesAtOnce_AllStartAndSeedOnce()
    {
        await using var database = TestDatabase.Create(TestProvider.PostgreSql);
        KeyValuePair<string, string?>[] demo =
        [
            new("Demo:Enabled", "true"), new("Demo:Villages", "30"), new("Demo:Volunteers", "60"), new("Demo:Organisations", "6"),
            new("Demo:Funds", "3"), new("Demo:MicroGrants", "4"), new("Demo:Needs", "40"),
        ];

        var nodes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => InfrastructureHost.StartAsync(database, demo))));
        try
        {
            await using var scope = nodes[0].Scope();
            var db = scope.ServiceProvider.GetRequiredService<FiveSocietiesDbContext>();
            var ct = TestContext.Current.CancellationToken;
            Assert.Equal(AppRoles.All.Count, await db.Roles.CountAsync(ct));
            Assert.Equal(await db.ServiceItems.Select(i => i.Code).Distinct().CountAsync(ct), await db.ServiceItems.CountAsync(ct));
            Assert.Equal(40, await db.Needs.CountAsync(ct));
            Assert.Equal(60, await db.Volunteers.CountAsync(ct));
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }
}
