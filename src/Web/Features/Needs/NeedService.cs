using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Matching;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Web.Features.Needs;

/// Posting, revising and cancelling needs, for the pages and the API alike. Every check that
/// depends on who is asking (the village is theirs, the need is theirs) happens here, on the server.
public sealed class NeedService(FiveSocietiesDbContext db, RegionDirectory regions, TimeProvider clock, MatchingService matching,
    Brokering.BrokeringService brokering)
{
    /// Residents post for themselves, committees for a resident of their village who does not use a
    /// phone, station workers after a home visit (走访).
    public static readonly string[] Posters = [AppRoles.Resident, AppRoles.CommitteeStaff, AppRoles.StationWorker];

    public async Task<Outcome<Need>> PostAsync(DataScope scope, NeedInput input, CancellationToken ct)
    {
        var user = scope.User;
        if (!user.IsAny(Posters)) return Outcome<Need>.Invalid("", "您的账号不能提交需求。");
        var now = clock.GetUtcNow();
        // A resident's form shows their own number masked; sent back unchanged it stays theirs.
        var own = KeptNumbers.IsMasked(input.ContactMobile) && user.Is(AppRoles.Resident) ? await OwnMobileAsync(user, ct) : null;
        var checkedNeed = Check(scope, input, now, await regions.GetAsync(ct), await ActiveItemsAsync(ct), own);
        if (!checkedNeed.Succeeded) return Outcome<Need>.Invalid(checkedNeed.Errors);
        var (details, requester, consent) = checkedNeed.Value!;
        var errors = new FormErrors();
        try
        {
            var need = Need.Post(details, requester, consent, now);
            db.Needs.Add(need);
            await db.SaveChangesAsync(ct);
            // Proposals exist before the poster sees the result page.
            await matching.TryProposeAsync(need);
            return Outcome<Need>.Ok(need);
        }
        catch (DomainException refusal)
        {
            return Outcome<Need>.Invalid(errors.Add(refusal, FieldOf));
        }
    }

    public async Task<Outcome<Need>> ReviseAsync(DataScope scope, long id, NeedInput input, CancellationToken ct)
    {
        var need = await FindEditableAsync(scope, id, ct);
        if (need is null) return Outcome<Need>.NotFound();
        if (!need.IsEditable)
            return Outcome<Need>.Invalid("", "需求当前状态为“{0}”，已不能修改；如有变化请联系社工站。", Need.StatusName(need.Status));
        var errors = new FormErrors();
        var details = Details(scope, input, errors, await regions.GetAsync(ct), await ActiveItemsAsync(ct), keepVillage: need.VillageCode);
        var contact = ContactFor(scope.User, input, errors, need.Requester.ContactMobile);
        if (errors.Any || details is null || contact is null) return Outcome<Need>.Invalid(errors);
        try
        {
            need.Revise(details, scope.User.Actor, clock.GetUtcNow(), contact);
            await db.SaveChangesAsync(ct);
            await matching.TryNeedChangedAsync(need);
            return Outcome<Need>.Ok(need);
        }
        catch (DomainException refusal)
        {
            return Outcome<Need>.Invalid(errors.Add(refusal, FieldOf));
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<Need>.Invalid("", "该需求刚被其他人修改过，请刷新页面后重试。");
        }
    }

    public async Task<Outcome<Need>> CancelAsync(DataScope scope, long id, string? reason, CancellationToken ct)
    {
        var need = await FindEditableAsync(scope, id, ct);
        if (need is null) return Outcome<Need>.NotFound();
        if (string.IsNullOrWhiteSpace(reason)) return Outcome<Need>.Invalid("Reason", "请填写取消原因。");
        try
        {
            var now = clock.GetUtcNow();
            need.Cancel(scope.User.Actor, now, reason);
            // Providers asked or engaged are taken off (and told), giving back what they had reserved.
            await brokering.WithdrawAllAsync(need, scope.User.Actor, "需求已取消", now, ct);
            await db.SaveChangesAsync(ct);
            await matching.TryNeedChangedAsync(need);
            return Outcome<Need>.Ok(need);
        }
        catch (DomainException refusal)
        {
            return Outcome<Need>.Invalid(new FormErrors().Add(refusal, e => e.Code.StartsWith("field.", StringComparison.Ordinal) ? "Reason" : null));
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<Need>.Invalid("", "该需求刚被其他人处理过，请刷新页面后重试。");
        }
    }

    /// A worker matches again: untouched proposals are withdrawn, fresh ones made.
    public async Task<Outcome<Need>> RerunMatchingAsync(DataScope scope, long id, CancellationToken ct)
    {
        if (!scope.User.IsAny(AppRoles.StationWorker, AppRoles.SystemAdmin)) return Outcome<Need>.NotFound();
        var need = await scope.Needs(db.Needs).SingleOrDefaultAsync(n => n.Id == id, ct);
        if (need is null) return Outcome<Need>.NotFound();
        if (need.Status is not (NeedStatus.Submitted or NeedStatus.Matching))
            return Outcome<Need>.Invalid("", "需求当前状态为“{0}”，不能重新匹配。", Need.StatusName(need.Status));
        await matching.RerunAsync(need, scope.User.Actor, ct);
        return Outcome<Need>.Ok(need);
    }

    /// A need the caller may change: their own, or one in the area they serve. County
    /// administrators oversee but do not edit residents' requests.
    private async Task<Need?> FindEditableAsync(DataScope scope, long id, CancellationToken ct)
    {
        if (!scope.User.IsAny(AppRoles.Resident, AppRoles.CommitteeStaff, AppRoles.StationWorker, AppRoles.SystemAdmin)) return null;
        return await scope.Needs(db.Needs).SingleOrDefaultAsync(n => n.Id == id, ct);
    }

    /// Every check of a new need that does not need the database (regions and catalogue are given),
    /// so that an import of thousands of rows checks them without a query each.
    /// <param name="ownMobile">The poster's own number, kept when the form sends it back masked.</param>
    public Outcome<(NeedDetails Details, Requester Requester, ConsentRecord Consent)> Check(DataScope scope, NeedInput input,
        DateTimeOffset now, RegionTree tree, IReadOnlySet<string> activeItems, MobileNumber? ownMobile = null)
    {
        if (!scope.User.IsAny(Posters)) return Outcome<(NeedDetails, Requester, ConsentRecord)>.Invalid("", "您的账号不能提交需求。");
        var errors = new FormErrors();
        var details = Details(scope, input, errors, tree, activeItems);
        var requester = RequesterFor(scope.User, input, errors, ownMobile);
        var consent = ConsentFor(scope.User, input, errors, now);
        if (errors.Any || details is null || requester is null || consent is null)
            return Outcome<(NeedDetails, Requester, ConsentRecord)>.Invalid(errors);
        try
        {
            // The domain's own rules (a window already over, over-long text) refuse here, not at saving.
            Need.Create(details, requester, consent, now);
            return Outcome<(NeedDetails, Requester, ConsentRecord)>.Ok((details, requester, consent));
        }
        catch (DomainException refusal)
        {
            return Outcome<(NeedDetails, Requester, ConsentRecord)>.Invalid(errors.Add(refusal, FieldOf));
        }
    }

    private async Task<IReadOnlySet<string>> ActiveItemsAsync(CancellationToken ct) =>
        (await db.ServiceItems.AsNoTracking().Where(i => i.IsActive).Select(i => i.Code).ToListAsync(ct)).ToHashSet();

    private static NeedDetails? Details(DataScope scope, NeedInput input, FormErrors errors, RegionTree tree, IReadOnlySet<string> activeItems,
        DivisionCode? keepVillage = null)
    {
        var item = activeItems.Contains(input.ServiceItemCode) ? input.ServiceItemCode : null;
        if (item is null) errors.Add(nameof(NeedInput.ServiceItemCode), "请选择服务目录中的服务项目。");

        var village = Village(scope, input.VillageCode, errors, keepVillage, tree);
        Quantity? quantity = null;
        try
        {
            quantity = input.QuantityUnit == QuantityUnit.Money
                ? Quantity.Of(Money.FromYuan(input.QuantityAmount))
                : new Quantity((long)input.QuantityAmount, input.QuantityUnit);
        }
        catch (Exception e) when (e is DomainException or OverflowException)
        {
            if (e is DomainException d) errors.Add(d, _ => nameof(NeedInput.QuantityAmount));
            else errors.Add(nameof(NeedInput.QuantityAmount), "数量过大。");
        }
        GeoPoint? location = null;
        if (input.Latitude is { } lat && input.Longitude is { } lon) location = new GeoPoint(lat, lon);
        TimeWindow? window = null;
        if (input.WindowStart is { } start && input.WindowEnd is { } end)
        {
            if (end < start) errors.Add(nameof(NeedInput.WindowEnd), "结束日期不能早于开始日期。");
            else window = new TimeWindow(ChinaTime.StartOf(start), ChinaTime.StartOf(end.AddDays(1)));
        }
        if (errors.Any || item is null || village is null || quantity is null) return null;
        return new NeedDetails(input.Title, input.Description, item, input.Groups, input.Urgency, village.Value,
            quantity.Value, location, input.AddressDetail, window, input.WeeklySlots, input.SkillList);
    }

    /// Residents and committees post for their own village; workers for a village of their station.
    private static DivisionCode? Village(DataScope scope, string? text, FormErrors errors, DivisionCode? keep, RegionTree tree)
    {
        var user = scope.User;
        if (user.IsAny(AppRoles.Resident, AppRoles.CommitteeStaff) && user.Region is { } own)
            return keep ?? own;
        if (string.IsNullOrWhiteSpace(text))
        {
            if (keep is not null) return keep;
            errors.Add(nameof(NeedInput.VillageCode), "请选择需求所在的村（社区）。");
            return null;
        }
        var region = DivisionCode.TryParse(text, out var code, out _) ? tree.Find(code) : null;
        if (region is null || region.Level != RegionLevel.Village)
        {
            errors.Add(nameof(NeedInput.VillageCode), "没有这个村（社区），请从列表中选择。");
            return null;
        }
        if (!scope.Covers(region.Code))
        {
            errors.Add(nameof(NeedInput.VillageCode), "所选村（社区）不在您的服务范围内。");
            return null;
        }
        return region.Code;
    }

    private static Requester? RequesterFor(UserContext user, NeedInput input, FormErrors errors, MobileNumber? kept)
    {
        var kind = user.Role switch
        {
            AppRoles.Resident => RequesterKind.Resident,
            AppRoles.CommitteeStaff => RequesterKind.CommitteeOnBehalf,
            _ => RequesterKind.WorkerVisit,
        };
        if (ContactFor(user, input, errors, kept) is not { } contact || errors.Any) return null;
        try
        {
            return new Requester(kind, user.Actor, contact.BeneficiaryName, contact.Mobile);
        }
        catch (DomainException refusal)
        {
            errors.Add(refusal, _ => nameof(NeedInput.BeneficiaryName));
            return null;
        }
    }

    /// Whom the need is for and how to reach them; a resident who leaves the name empty posts for
    /// themselves. <paramref name="kept"/> is the number the form showed masked.
    private static (string BeneficiaryName, MobileNumber? Mobile)? ContactFor(UserContext user, NeedInput input, FormErrors errors, MobileNumber? kept)
    {
        if (!KeptNumbers.TryMobile(input.ContactMobile, kept, out var mobile, out var error))
            errors.Add(nameof(NeedInput.ContactMobile), error);
        var name = user.Is(AppRoles.Resident) && string.IsNullOrWhiteSpace(input.BeneficiaryName) ? user.Name : input.BeneficiaryName;
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(nameof(NeedInput.BeneficiaryName), "请填写服务对象姓名。");
            return null;
        }
        return (name, mobile);
    }

    private async Task<MobileNumber?> OwnMobileAsync(UserContext user, CancellationToken ct) =>
        MobileNumber.TryParse(await db.Users.Where(u => u.Id == user.Id).Select(u => u.PhoneNumber).SingleOrDefaultAsync(ct), out var mobile, out _)
            ? mobile : null;

    /// Residents agree online (a guardian for a child); committees and workers record the person's
    /// spoken or written consent.
    private static ConsentRecord? ConsentFor(UserContext user, NeedInput input, FormErrors errors, DateTimeOffset now)
    {
        if (!input.ConsentGiven)
        {
            errors.Add(nameof(NeedInput.ConsentGiven), "须经服务对象同意处理个人信息，才能提交需求。");
            return null;
        }
        ConsentMethod method;
        if (user.Is(AppRoles.Resident))
            method = input.Groups.Any(g => g.IsChildren()) ? ConsentMethod.GuardianOnline : ConsentMethod.OnlineCheckbox;
        else if (input.ConsentMethod is ConsentMethod.VerbalRecordedByStaff or ConsentMethod.WrittenSigned)
            method = input.ConsentMethod.Value;
        else
        {
            errors.Add(nameof(NeedInput.ConsentMethod), "请选择服务对象表示同意的方式（口头或书面）。");
            return null;
        }
        return new ConsentRecord(ConsentWording.Version, method, now);
    }

    /// Which form field a domain refusal is about.
    private static string? FieldOf(DomainException refusal) => refusal.Code switch
    {
        "need.village" => nameof(NeedInput.VillageCode),
        "need.groups" => nameof(NeedInput.Groups),
        "need.window-past" => nameof(NeedInput.WindowStart),
        "window.order" => nameof(NeedInput.WindowEnd),
        "quantity.positive" or "quantity.too-large" => nameof(NeedInput.QuantityAmount),
        "geo.latitude" => nameof(NeedInput.Latitude),
        "geo.longitude" => nameof(NeedInput.Longitude),
        _ when refusal.Code.StartsWith("field.", StringComparison.Ordinal) => refusal.Args.FirstOrDefault() switch
        {
            "标题" => nameof(NeedInput.Title),
            "需求描述" => nameof(NeedInput.Description),
            "详细地址" => nameof(NeedInput.AddressDetail),
            "所需技能" => nameof(NeedInput.Skills),
            "服务对象姓名" => nameof(NeedInput.BeneficiaryName),
            "紧急程度" => nameof(NeedInput.Urgency),
            "服务对象类别" => nameof(NeedInput.Groups),
            _ => null,
        },
        _ => null,
    };
}
