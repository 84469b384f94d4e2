using FiveSocieties.Matching.Engine;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Infrastructure.Matching;

/// The "Matching" configuration section: ranking weights and how many proposals to make.
public sealed class MatchingOptions
{
    public const string Section = "Matching";

    public const string Embedded = "Embedded", Elasticsearch = "Elasticsearch";

    /// Where candidates are found: "Embedded" (in this process, the default) or "Elasticsearch"
    /// (a cluster shared by every node; settings in Matching:Elasticsearch).
    public string Index { get; set; } = Embedded;

    public bool UsesElasticsearch => IsElasticsearch(Index);

    public static bool IsElasticsearch(string? index) => string.Equals(index, Elasticsearch, StringComparison.OrdinalIgnoreCase);

    public MatchingWeights Weights { get; set; } = new();

    /// Proposals kept per kind of provider for one need (the worker's shortlist).
    public int ProposalsPerKind { get; set; } = 5;

    /// How far back a proposal counts towards a provider's fairness penalty.
    public int RecentDays { get; set; } = 14;

    /// Open needs a provider is proposed for when it joins or frees capacity.
    public int ReverseProposals { get; set; } = 10;

    /// How often each node rebuilds its candidate index from the database, so that changes made on
    /// other nodes or by command-line imports reach it (zero: only at start and after imports).
    public TimeSpan RefreshEvery { get; set; } = TimeSpan.FromMinutes(10);

    /// How often needs that waited for an unreachable index are tried again.
    public TimeSpan RetryDelayedEvery { get; set; } = TimeSpan.FromSeconds(15);
}

internal sealed class MatchingOptionsValidator : IValidateOptions<MatchingOptions>
{
    public ValidateOptionsResult Validate(string? name, MatchingOptions o)
    {
        var problems = o.Weights.Validate().ToList();
        if (!string.Equals(o.Index, MatchingOptions.Embedded, StringComparison.OrdinalIgnoreCase) && !o.UsesElasticsearch)
            problems.Add($"Matching:Index 的值“{o.Index}”无效，应为 Embedded 或 Elasticsearch。");
        if (o.ProposalsPerKind is < 1 or > 20) problems.Add("Matching:ProposalsPerKind 应在 1 到 20 之间。");
        if (o.RecentDays is < 1 or > 365) problems.Add("Matching:RecentDays 应在 1 到 365 之间。");
        if (o.ReverseProposals is < 0 or > 100) problems.Add("Matching:ReverseProposals 应在 0 到 100 之间。");
        if (o.RefreshEvery < TimeSpan.Zero || o.RefreshEvery > TimeSpan.FromDays(1))
            problems.Add("Matching:RefreshEvery 应在 00:00:00（不定时重建）到 1.00:00:00 之间。");
        if (o.RetryDelayedEvery < TimeSpan.FromSeconds(1) || o.RetryDelayedEvery > TimeSpan.FromHours(1))
            problems.Add("Matching:RetryDelayedEvery 应在 00:00:01 到 01:00:00 之间。");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
