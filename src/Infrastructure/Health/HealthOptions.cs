using Microsoft.Extensions.Options;

namespace FiveSocieties.Infrastructure.Health;

/// The "Health" configuration section: when a lag turns a check Degraded or Unhealthy.
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// Oldest event this node has not relayed to its clients yet: Degraded past this
    /// (a lost notification is covered every Outbox:PollEvery, 5 s by default)…
    public TimeSpan OutboxDegradedAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// …and Unhealthy past this: the node's live pages and apps no longer follow.
    public TimeSpan OutboxUnhealthyAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// Oldest index change a shared index has not applied yet: Degraded past this (new needs and
    /// providers are not matched meanwhile; the site itself works, so never Unhealthy).
    public TimeSpan IndexFeedDegradedAfter { get; set; } = TimeSpan.FromMinutes(2);
}

internal sealed class HealthOptionsValidator : IValidateOptions<HealthOptions>
{
    private static readonly TimeSpan Least = TimeSpan.FromSeconds(1), Most = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, HealthOptions o)
    {
        var problems = new List<string>();
        foreach (var (key, value) in new[]
                 {
                     ("OutboxDegradedAfter", o.OutboxDegradedAfter), ("OutboxUnhealthyAfter", o.OutboxUnhealthyAfter),
                     ("IndexFeedDegradedAfter", o.IndexFeedDegradedAfter),
                 })
            if (value < Least || value > Most) problems.Add($"Health:{key} 应在 00:00:01 到 1.00:00:00 之间。");
        if (o.OutboxUnhealthyAfter <= o.OutboxDegradedAfter)
            problems.Add("Health:OutboxUnhealthyAfter 应大于 Health:OutboxDegradedAfter。");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
