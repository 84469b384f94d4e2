using FiveSocieties.Infrastructure.Tests.Support;
using Microsoft.Extensions.Options;
using Xunit;

namespace FiveSocieties.Infrastructure.Tests.Matching;

/// A wrong "Matching" setting stops start-up with a message naming the key to fix.
public sealed class MatchingOptionsTests
{
    private static async Task<Exception> StartWith(string key, string value)
    {
        var builder = InfrastructureHost.CreateBuilder([new(key, value)]);
        using var host = builder.Build();
        return await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("Matching:Weights:CatalogueFit", "-1")]
    [InlineData("Matching:Weights:Text", "101")]
    [InlineData("Matching:Weights:Distance", "NaN")]
    [InlineData("Matching:Weights:Skills", "-0.5")]
    [InlineData("Matching:Weights:Availability", "1000")]
    [InlineData("Matching:Weights:Locality", "-3")]
    [InlineData("Matching:Weights:Record", "100.5")]
    [InlineData("Matching:Weights:Fairness", "-10")]
    [InlineData("Matching:Weights:DistanceScaleKm", "0")]
    [InlineData("Matching:Weights:FairnessSaturation", "-1")]
    [InlineData("Matching:ProposalsPerKind", "0")]
    [InlineData("Matching:ProposalsPerKind", "21")]
    [InlineData("Matching:RecentDays", "0")]
    [InlineData("Matching:ReverseProposals", "-1")]
    [InlineData("Matching:RefreshEvery", "-00:01:00")]
    [InlineData("Matching:RefreshEvery", "2.00:00:00")]
    [InlineData("Matching:RetryDelayedEvery", "00:00:00")]
    [InlineData("Matching:Index", "Lucene")]
    public async Task OutOfRange_StopsStartUp_NamingTheKey(string key, string value)
    {
        var failure = Assert.IsType<OptionsValidationException>(await StartWith(key, value));
        Assert.Contains(key + " ", failure.Message);
        Assert.Single(failure.Failures);
    }

    [Theory]
    [InlineData("Matching:ProposalsPerKind", "五")]
    [InlineData("Matching:Weights:Text", "high")]
    public async Task NotANumber_StopsStartUp_NamingTheKey(string key, string value) =>
        Assert.Contains(key, (await StartWith(key, value)).Message);

    /// With Matching:Index = Elasticsearch, the cluster's settings are checked at start too.
    [Theory]
    [InlineData(null, null, "Matching:Elasticsearch:Url")]
    [InlineData("Matching:Elasticsearch:Url", "ftp://es.internal", "Matching:Elasticsearch:Url")]
    [InlineData("Matching:Elasticsearch:IndexPrefix", "Five Societies", "Matching:Elasticsearch:IndexPrefix")]
    [InlineData("Matching:Elasticsearch:Replicas", "9", "Matching:Elasticsearch:Replicas")]
    [InlineData("Matching:Elasticsearch:Refresh", "sometimes", "Matching:Elasticsearch:Refresh")]
    [InlineData("Matching:Elasticsearch:RebuildEvery", "00:01:00", "Matching:Elasticsearch:RebuildEvery")]
    [InlineData("Matching:Elasticsearch:CertificateAuthorityPath", "/no/such/ca.pem", "Matching:Elasticsearch:CertificateAuthorityPath")]
    [InlineData("Matching:Elasticsearch:Username", "fs", "Matching:Elasticsearch:Password")]
    public async Task ElasticsearchSettings_AreCheckedAtStart(string? key, string? value, string named)
    {
        var settings = new List<KeyValuePair<string, string?>> { new("Matching:Index", "Elasticsearch") };
        if (key != "Matching:Elasticsearch:Url") settings.Add(new("Matching:Elasticsearch:Url", key is null ? null : "http://127.0.0.1:9"));
        if (key is not null) settings.Add(new(key, value));
        using var host = InfrastructureHost.CreateBuilder(settings).Build();
        var failure = Assert.IsType<OptionsValidationException>(await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(TestContext.Current.CancellationToken)));
        Assert.Contains(named + " ", failure.Message);
    }
}
