using System.Globalization;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Resources;

namespace FiveSocieties.Infrastructure.Matching.Elasticsearch;

/// Every <see cref="HardRules">hard rule</see> as a filter of the query, one clause per rule in
/// the order of <see cref="HardRules.FirstViolation"/>, so the cluster returns no candidate that
/// breaks one. A radius is tested by a script on the document's own radius (the only rule that
/// compares two fields of the pair), with a slack of a metre for the cluster's geo precision
/// (about a centimetre); the adapter checks that one rule exactly on what comes back.
public static class HardRuleFilters
{
    /// True when the document has a location and a radius and lies within it of (lat, lon).
    public const string WithinRadiusScript =
        "doc['location'].size() != 0 && doc['radius_km'].size() != 0 && doc['location'].arcDistance(params.lat, params.lon) <= doc['radius_km'].value * 1000 + params.slack_m";

    public const double SlackMeters = 1;

    /// The providers that may serve <paramref name="need"/>.
    public static Query ForProviders(NeedProfile need, ProviderQuery query)
    {
        var today = Date(query.Today);
        var rules = new List<Query>();
        if (query.Kinds is { Count: > 0 } kinds) rules.Add(Query.Terms("kind", kinds.Select(k => k.ToString())));
        rules.Add(Query.Term("active", true));
        if (need.Excluded.Count > 0) rules.Add(Bool.Not(Query.Ids(need.Excluded.Select(ProviderDocument.KeyOf))));
        rules.Add(Query.Terms("codes", [need.ItemCode, need.AreaCode]));

        // Area: volunteers within their radius of the need; others serving a region the village lies in.
        var byRegion = Bool.All(Query.Missing("radius_km"), Query.Terms("area", Documents.Regions(need.Village)));
        rules.Add(need.Location is { } at
            ? Query.AnyOf(byRegion, Bool.All(
                Query.Exists("radius_km"),
                new GeoDistanceQuery("location", at.Latitude, at.Longitude, Volunteer.MaxRadiusKm * 1000 + SlackMeters),
                new ScriptQuery(WithinRadiusScript, new Dictionary<string, object> { ["lat"] = at.Latitude, ["lon"] = at.Longitude, ["slack_m"] = SlackMeters })))
            : byRegion);

        rules.Add(Query.AnyOf(Query.Missing("capacity"), new RangeQuery("capacity") { Gt = 0 }));
        var fund = Query.Term("kind", nameof(ResourceKind.Fund));
        rules.Add(need.Amount is { IsPositive: true } amount
            ? Query.AnyOf(Bool.Not(fund), Bool.All(new RangeQuery("budget_fen") { Gte = amount.Fen }, new RangeQuery("max_grant_fen") { Gte = amount.Fen }))
            : Bool.Not(fund));
        rules.Add(need.Groups.Count > 0
            ? Query.AnyOf(Query.Missing("groups"), Query.Terms("groups", need.Groups.Select(g => g.ToString())))
            : Query.Missing("groups"));
        if (!need.Slots.IsEmpty) rules.Add(Query.AnyOf(Query.Missing("slots"), Query.Terms("slots", SlotNames.Of(need.Slots))));
        if (need.InvolvesChildren)
            rules.Add(Query.AnyOf(Bool.Not(Query.Term("kind", nameof(ResourceKind.Volunteer))), new RangeQuery("background_until") { Gte = today }));
        rules.Add(Query.AnyOf(Query.Missing("active_from"), new RangeQuery("active_from") { Lte = today }));
        rules.Add(Query.AnyOf(Query.Missing("active_until"), new RangeQuery("active_until") { Gte = today }));
        return Bool.All([.. rules]);
    }

    /// The open needs <paramref name="p"/> may serve, or null when a rule of the provider alone
    /// (paused, full, outside its period, a radius without a home) rules out every need.
    public static Query? ForNeeds(ProviderProfile p, NeedQuery query)
    {
        if (!p.IsActive || p.CapacityLeft is <= 0) return null;
        if ((p.ActiveFrom is { } from && query.Today < from) || (p.ActiveUntil is { } end && query.Today > end)) return null;
        var rules = new List<Query>
        {
            Bool.Not(Query.Term("excluded", ProviderDocument.KeyOf(p.Ref))),
            Query.AnyOf(Query.Terms("item", p.ServiceCodes), Query.Terms("area_code", p.ServiceCodes)),
        };
        if (p.RadiusKm is { } radius)
        {
            if (p.Location is not { } home) return null;
            rules.Add(new GeoDistanceQuery("location", home.Latitude, home.Longitude, radius * 1000 + SlackMeters));
        }
        else
            rules.Add(Query.Terms("regions", p.ServiceArea.Select(a => a.Value)));
        if (p.Ref.Kind == ResourceKind.Fund)
        {
            if (p.RemainingBudget is not { } budget || p.MaxPerGrant is not { } max) return null;
            rules.Add(new RangeQuery("amount_fen") { Gt = 0, Lte = Math.Min(budget.Fen, max.Fen) });
        }
        if (p.EligibleGroups.Count > 0) rules.Add(Query.Terms("groups", p.EligibleGroups.Select(g => g.ToString())));
        if (!p.Availability.IsEmpty) rules.Add(Query.AnyOf(Query.Missing("slots"), Query.Terms("slots", SlotNames.Of(p.Availability))));
        var checkedForChildren = p.Ref.Kind != ResourceKind.Volunteer || p.BackgroundCheckValidUntil is { } until && until >= query.Today;
        if (!checkedForChildren) rules.Add(Bool.Not(Query.Term("children", true)));
        return Bool.All([.. rules]);
    }

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
