using FiveSocieties.Matching.Needs;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Web.Features.Brokering;

/// The "Brokering" configuration section: how fast a station must answer a need and a provider an offer.
public sealed class BrokeringOptions
{
    public const string Section = "Brokering";

    /// From submission to the first offer, by urgency (the console's countdown; past it a need is overdue).
    public Dictionary<Urgency, TimeSpan> RespondWithin { get; set; } = new()
    {
        [Urgency.Critical] = TimeSpan.FromHours(1),
        [Urgency.Urgent] = TimeSpan.FromHours(2),
        [Urgency.Normal] = TimeSpan.FromHours(24),
        [Urgency.Low] = TimeSpan.FromHours(72),
    };

    /// How long a provider has to answer an offer, by the need's urgency.
    public Dictionary<Urgency, TimeSpan> AnswerWithin { get; set; } = new()
    {
        [Urgency.Critical] = TimeSpan.FromHours(1),
        [Urgency.Urgent] = TimeSpan.FromHours(2),
        [Urgency.Normal] = TimeSpan.FromHours(24),
        [Urgency.Low] = TimeSpan.FromHours(48),
    };

    /// When an offer expires or is declined, offer the next proposal of that kind at once.
    public bool OfferNextAutomatically { get; set; } = true;

    /// How often unanswered offers are looked for.
    public TimeSpan ExpiryCheckEvery { get; set; } = TimeSpan.FromSeconds(30);

    // A stored urgency no enum value names (written before input was checked) counts as Normal:
    // the console must show every need, not fail on one.
    public TimeSpan ResponseTime(Urgency urgency) => RespondWithin.GetValueOrDefault(urgency, RespondWithin[Urgency.Normal]);
    public TimeSpan AnswerTime(Urgency urgency) => AnswerWithin.GetValueOrDefault(urgency, AnswerWithin[Urgency.Normal]);
}

internal sealed class BrokeringOptionsValidator : IValidateOptions<BrokeringOptions>
{
    public ValidateOptionsResult Validate(string? name, BrokeringOptions o)
    {
        var problems = new List<string>();
        foreach (var urgency in Enum.GetValues<Urgency>())
        {
            if (!o.RespondWithin.TryGetValue(urgency, out var respond) || respond < TimeSpan.FromMinutes(1) || respond > TimeSpan.FromDays(30))
                problems.Add($"Brokering:RespondWithin:{urgency} 应在 00:01:00 到 30.00:00:00 之间。");
            if (!o.AnswerWithin.TryGetValue(urgency, out var answer) || answer < TimeSpan.FromMinutes(1) || answer > TimeSpan.FromDays(30))
                problems.Add($"Brokering:AnswerWithin:{urgency} 应在 00:01:00 到 30.00:00:00 之间。");
        }
        if (o.ExpiryCheckEvery < TimeSpan.FromSeconds(1) || o.ExpiryCheckEvery > TimeSpan.FromHours(1))
            problems.Add("Brokering:ExpiryCheckEvery 应在 00:00:01 到 01:00:00 之间。");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
