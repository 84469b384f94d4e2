using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Engine;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;

namespace FiveSocieties.Infrastructure.Demo;

/// The demo's needs, in every status, each taken through the real state machines in time order:
/// submitted, matched by the engine's hard rules and ranker, offered, accepted (capacity and
/// budgets booked), served, completed and rated — so the demo's numbers add up.
internal sealed class DemoNeeds(
    FiveSocietiesDbContext db,
    DemoPlaces places,
    DemoStaff staff,
    List<ServiceItem> catalogue,
    List<Resource> providers,
    DemoTexts texts,
    DemoRandom rng,
    DateTimeOffset now)
{
    private static readonly (NeedStatus Status, double Weight)[] StatusMix =
    [
        (NeedStatus.Draft, 3), (NeedStatus.Submitted, 10), (NeedStatus.Matching, 15), (NeedStatus.Matched, 10),
        (NeedStatus.InService, 12), (NeedStatus.Completed, 12), (NeedStatus.Rated, 28), (NeedStatus.Cancelled, 5),
        (NeedStatus.Closed, 5),
    ];

    private static readonly Dictionary<string, double> AreaWeights = new()
    {
        ["elderly"] = 25, ["children"] = 18, ["disability"] = 8, ["assistance"] = 12, ["emotional"] = 5,
        ["family"] = 4, ["legal"] = 4, ["governance"] = 8, ["culture"] = 4, ["emergency"] = 3,
        ["employment"] = 4, ["health"] = 4, ["incubation"] = 1, ["charity"] = 1,
    };

    private readonly MatchingWeights _weights = new();
    private readonly Dictionary<ProviderRef, Tally> _tallies = [];
    private readonly Dictionary<ProviderRef, TextVector> _texts = [];
    private readonly Dictionary<ProviderRef, Resource> _byRef = providers.ToDictionary(p => new ProviderRef(p.Kind, p.Id));

    public async Task SeedAsync(int count, CancellationToken ct)
    {
        var plans = Enumerable.Range(0, count).Select(_ => Plan()).OrderBy(p => p.CreatedAt).ToList();
        db.Needs.AddRange(plans.Select(p => p.Need));
        await db.SaveChangesAsync(ct);

        var matches = new List<Match>();
        foreach (var plan in plans) matches.AddRange(Walk(plan));
        db.Matches.AddRange(matches);
        await db.SaveChangesAsync(ct);
    }

    private sealed record NeedPlan(Need Need, NeedStatus Target, DateTimeOffset CreatedAt, ActorRef Requester, ActorRef Worker);

    private sealed class Tally
    {
        public int Accepted, Completed, RatingCount, RatingSum, Load;
        public readonly List<DateTimeOffset> Proposed = [];
    }

    private NeedPlan Plan()
    {
        var target = rng.Weighted(StatusMix.Select(s => s.Status).ToList(), StatusMix.Select(s => s.Weight).ToList());
        var areas = AreaWeights.Keys.Where(a => catalogue.Any(i => i.AreaCode == a)).ToList();
        var area = rng.Weighted(areas, areas.Select(a => AreaWeights[a]).ToList());
        var item = rng.Pick(catalogue.Where(i => i.AreaCode == area).ToList());
        var template = rng.Pick(texts.NeedTemplates[item.Code]);

        var ageHours = target switch
        {
            NeedStatus.Draft or NeedStatus.Submitted or NeedStatus.Matching => rng.Double(0.2, 60),
            NeedStatus.Matched => rng.Double(48, 240),
            NeedStatus.InService => rng.Double(120, 720),
            NeedStatus.Cancelled => rng.Double(72, 1440),
            _ => rng.Double(240, 2880),
        };
        var createdAt = now.AddHours(-ageHours);

        // The demo resident and committee post in their own village; other needs spread over the county.
        var kind = rng.Weighted([RequesterKind.Resident, RequesterKind.CommitteeOnBehalf, RequesterKind.WorkerVisit], [0.4, 0.35, 0.25]);
        var village = rng.Chance(0.04) ? staff.HomeVillage : rng.Pick(places.Villages);
        var township = places.TownshipOf(village.Code);
        var worker = staff.WorkerFor(township);
        var groups = template.Groups.Select(Enum.Parse<BeneficiaryGroup>).ToList();
        var beneficiary = rng.PersonName(texts);
        var (postedBy, contact, consent) = kind switch
        {
            RequesterKind.Resident => (
                village.Code == staff.HomeVillage.Code ? staff.Resident : new ActorRef($"demo-resident-{rng.Int(1, 99_999)}", beneficiary),
                (MobileNumber?)(village.Code == staff.HomeVillage.Code ? staff.ResidentMobile : rng.Mobile()),
                groups.Any(g => g.IsChildren()) ? ConsentMethod.GuardianOnline : ConsentMethod.OnlineCheckbox),
            RequesterKind.CommitteeOnBehalf => (
                village.Code == staff.HomeVillage.Code ? staff.Committee : new ActorRef($"demo-committee-{village.Code}", $"{village.Name}村（居）委会"),
                rng.Chance(0.6) ? rng.Mobile() : null,
                rng.Chance(0.7) ? ConsentMethod.VerbalRecordedByStaff : ConsentMethod.WrittenSigned),
            _ => (worker, rng.Chance(0.5) ? rng.Mobile() : null,
                rng.Chance(0.5) ? ConsentMethod.VerbalRecordedByStaff : ConsentMethod.WrittenSigned),
        };
        if (kind == RequesterKind.Resident && postedBy.Id == staff.Resident.Id) beneficiary = staff.Resident.Name;

        var fill = Filler(beneficiary, groups, village, township, template, out var quantity);
        TimeWindow? window = null;
        if (rng.Chance(0.3))
        {
            var start = createdAt.AddDays(rng.Int(1, 10));
            window = new TimeWindow(start, start.AddDays(rng.Int(7, 60)));
        }
        var details = new NeedDetails(
            Trim(fill(template.Title), Need.TitleMaxLength),
            Trim(fill(template.Description), Need.DescriptionMaxLength),
            item.Code,
            groups,
            rng.Weighted([Urgency.Low, Urgency.Normal, Urgency.Urgent, Urgency.Critical], [0.15, 0.55, 0.25, 0.05]),
            village.Code,
            quantity,
            rng.Chance(0.6) ? rng.Near(village.Location!.Value, 0.8) : null,
            rng.Chance(0.5) ? $"{rng.Int(1, 12)}组{rng.Int(1, 60)}号" : null,
            window,
            rng.Chance(0.5) ? rng.Slots(rng.Int(1, 4), weekendBias: rng.Chance(0.5)) : WeeklySlots.None,
            template.Skills);
        var requester = new Requester(kind, postedBy, beneficiary, contact);
        var need = Need.Create(details, requester, new ConsentRecord(ConsentVersion, consent, createdAt), createdAt);
        return new NeedPlan(need, target, createdAt, postedBy, worker);
    }

    private const string ConsentVersion = "2025-01";

    private Func<string, string> Filler(string name, List<BeneficiaryGroup> groups, Region village, Region township,
        NeedTemplate template, out Quantity quantity)
    {
        var age = groups.Any(g => g.IsChildren()) ? rng.Int(6, 14)
            : groups.Contains(BeneficiaryGroup.ElderlyLivingAlone) ? rng.Int(68, 92)
            : rng.Int(28, 75);
        var unit = Enum.Parse<QuantityUnit>(template.Unit);
        var amount = Math.Max(1, rng.Int((int)template.Min, (int)Math.Max(template.Min, template.Max)));
        if (unit == QuantityUnit.Money) amount = Math.Max(100, (int)Math.Round(amount / 100.0) * 100); // whole hundreds of yuan
        quantity = unit switch
        {
            QuantityUnit.Money => Quantity.Of(Money.FromYuan(amount)),
            QuantityUnit.Hours => Quantity.Hours(amount),
            _ => Quantity.People(amount),
        };
        var count = amount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return text => text
            .Replace("{name}", name).Replace("{surname}", name[..1]).Replace("{age}", age.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Replace("{village}", village.Name).Replace("{township}", township.Name).Replace("{count}", count);
    }

    private IEnumerable<Match> Walk(NeedPlan plan)
    {
        var need = plan.Need;
        var matches = new List<Match>();
        var t = plan.CreatedAt;
        if (plan.Target == NeedStatus.Draft) return matches;

        need.Submit(plan.Requester, t);
        if (plan.Target == NeedStatus.Cancelled && rng.Chance(0.4))
        {
            need.Cancel(plan.Requester, Step(ref t, 2, 30), rng.Pick(texts.CancelReasons));
            return matches;
        }

        // Proposals come with the submission, as in the app; the need is 匹配中 from its first offer on.
        var proposals = Propose(need, Step(ref t, 0.01, 0.02));
        matches.AddRange(proposals);
        if (plan.Target == NeedStatus.Submitted) return matches;
        if (proposals.Count == 0 || plan.Target == NeedStatus.Closed && rng.Chance(0.3))
        {
            if (plan.Target is NeedStatus.Matching or NeedStatus.Submitted) return matches;
            foreach (var p in proposals) p.Withdraw(plan.Worker, Step(ref t, 1, 24), "辖区内暂无合适资源");
            need.Close(plan.Worker, Step(ref t, 1, 48), rng.Pick(texts.CloseReasons));
            return matches;
        }
        if (plan.Target == NeedStatus.Matching)
        {
            var offerAt = t > now.AddHours(-2) ? t : now.AddHours(-rng.Double(0.1, 2));
            Brokerage.Offer(need, proposals[0], plan.Worker, offerAt, offerAt.AddHours(24));
            return matches;
        }
        if (plan.Target == NeedStatus.Cancelled)
        {
            foreach (var p in proposals) p.Withdraw(plan.Worker, Step(ref t, 1, 12), "需求已取消");
            need.Cancel(plan.Requester, t, rng.Pick(texts.CancelReasons));
            return matches;
        }

        // Offer and accept: the best of each kind for a bundle (money and an organisation), else the best.
        var chosen = proposals.GroupBy(p => p.ProviderKind).Select(g => g.First()).ToList();
        if (!need.Quantity.AsMoney.HasValue) chosen = [proposals[0]];
        foreach (var pick in chosen)
        {
            Brokerage.Offer(need, pick, plan.Worker, Step(ref t, 0.5, 6), t.AddHours(24));
            pick.Accept(ActorRef.System, Step(ref t, 0.5, 12));
            Reserve(pick, t);
        }
        foreach (var other in proposals.Where(p => !chosen.Contains(p)))
            other.Withdraw(plan.Worker, t, "已有服务方接单");
        need.MarkMatched(plan.Worker, t);
        if (plan.Target == NeedStatus.Matched) return matches;

        need.StartService(plan.Worker, Step(ref t, 2, 48));
        foreach (var pick in chosen)
        {
            var sessions = rng.Int(1, 3);
            for (var s = 0; s < sessions; s++)
            {
                var at = Step(ref t, 12, 120);
                var minutes = rng.Int(2, 8) * 30;
                pick.RecordService(ChinaTime.Today(at), minutes, (int)Math.Min(need.Quantity.Unit == QuantityUnit.People ? need.Quantity.Amount : 1, 200),
                    rng.Pick(texts.ServiceNotes), plan.Worker, at);
                if (_byRef[pick.Provider] is Volunteer v) v.LogService(minutes);
            }
        }
        if (plan.Target == NeedStatus.InService) return matches;

        foreach (var pick in chosen)
        {
            pick.Complete(plan.Worker, Step(ref t, 1, 48));
            Complete(pick);
        }
        need.Complete(plan.Worker, t);
        if (plan.Target is NeedStatus.Completed) return matches;
        if (plan.Target is NeedStatus.Closed or NeedStatus.Cancelled)
        {
            need.Close(plan.Worker, Step(ref t, 24, 240), "服务已完成，服务对象未评价，超期关闭");
            return matches;
        }

        foreach (var pick in chosen)
        {
            var rating = rng.Weighted([5, 4, 3, 2], [0.62, 0.28, 0.08, 0.02]);
            pick.Rate(FeedbackSource.Requester, rating, rng.Pick(texts.FeedbackComments[rating.ToString(System.Globalization.CultureInfo.InvariantCulture)]),
                plan.Requester, Step(ref t, 2, 72));
            Rated(pick, rating);
            if (rng.Chance(0.3))
            {
                var committeeRating = Math.Clamp(rating + rng.Int(-1, 0), 1, 5);
                pick.Rate(FeedbackSource.Committee, committeeRating,
                    rng.Pick(texts.FeedbackComments[committeeRating.ToString(System.Globalization.CultureInfo.InvariantCulture)]),
                    new ActorRef($"demo-committee-{need.VillageCode}", "村（居）委会"), Step(ref t, 1, 24));
            }
        }
        need.MarkRated(plan.Requester, t);
        return matches;
    }

    /// Up to three proposals: the best candidate of each kind the service usually draws on,
    /// then the next best overall. Exactly what the engine's hard rules and ranker would say.
    private List<Match> Propose(Need need, DateTimeOffset at)
    {
        var item = catalogue.First(i => i.Code == need.ServiceItemCode);
        var kinds = MatchPlan.KindsFor(item.UsualResourceKinds, need.Quantity.AsMoney);
        var profile = Profiles.Of(need, places[need.VillageCode].Location, []);
        var needText = TextVector.Of(profile.Text);
        var today = ChinaTime.Today(at);

        var ranked = new List<RankedCandidate>();
        foreach (var resource in providers)
        {
            if (!kinds.Contains(resource.Kind) || !resource.Serves(need.ServiceItemCode)) continue;
            var provider = Profiles.Of(resource, at, RecordOf(new ProviderRef(resource.Kind, resource.Id), at));
            if (!HardRules.Passes(profile, provider, today)) continue;
            if (!_texts.TryGetValue(provider.Ref, out var text)) _texts[provider.Ref] = text = TextVector.Of(provider.Text);
            ranked.Add(Ranker.Score(profile, provider, ChineseText.Similarity(needText, text), _weights));
        }
        ranked.Sort(Ranker.Compare);

        var picks = MatchPlan.Bundle(ranked, r => r.Provider.Kind).ToList();
        picks.AddRange(ranked.Where(r => !picks.Contains(r)).Take(Math.Max(0, 3 - picks.Count)));
        picks.Sort(Ranker.Compare);
        return picks.Select(r =>
        {
            TallyOf(r.Provider).Proposed.Add(at);
            return Match.Propose(need.Id, r.Provider, r.Score, r.Factors, ActorRef.System, at,
                r.Provider.Kind == ResourceKind.Fund ? need.Quantity.AsMoney : null);
        }).ToList();
    }

    private void Reserve(Match match, DateTimeOffset at)
    {
        var tally = TallyOf(match.Provider);
        tally.Accepted++;
        tally.Load++;
        Brokerage.Reserve(_byRef[match.Provider], match, at);
    }

    private void Complete(Match match)
    {
        var tally = TallyOf(match.Provider);
        tally.Completed++;
        tally.Load--;
        var resource = _byRef[match.Provider];
        resource.RecordCompletion();
        if (resource is Volunteer v) v.ReleaseTask();
    }

    private void Rated(Match match, int rating)
    {
        var tally = TallyOf(match.Provider);
        tally.RatingCount++;
        tally.RatingSum += rating;
        _byRef[match.Provider].RecordRating(rating);
    }

    private ProviderRecord RecordOf(ProviderRef provider, DateTimeOffset at)
    {
        if (!_tallies.TryGetValue(provider, out var t)) return ProviderRecord.Empty;
        var recent = t.Proposed.Count(p => p > at.AddDays(-14) && p <= at);
        return new ProviderRecord(t.Accepted, t.Completed, t.RatingCount, t.RatingSum, t.Load, recent);
    }

    private Tally TallyOf(ProviderRef provider)
    {
        if (!_tallies.TryGetValue(provider, out var tally)) _tallies[provider] = tally = new Tally();
        return tally;
    }

    /// Moves the clock of a need's story forward by a random number of hours, never past now.
    private DateTimeOffset Step(ref DateTimeOffset t, double minHours, double maxHours)
    {
        var next = t.AddHours(rng.Double(minHours, maxHours));
        var ceiling = now.AddMinutes(-1);
        t = next < ceiling ? next : (t < ceiling ? ceiling : t.AddSeconds(1));
        return t;
    }

    private static string Trim(string text, int max) => text.Length <= max ? text : text[..max];
}
