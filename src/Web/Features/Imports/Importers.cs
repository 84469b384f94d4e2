using System.ComponentModel.DataAnnotations;
using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Imports;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.Resources;
using FiveSocieties.Web.Features.Needs;
using FiveSocieties.Web.Features.Resources;
using FiveSocieties.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Web.Features.Imports;

/// What every importer needs: who is importing (their scope), the regions and catalogue, the clock.
public sealed class ImportContext(DataScope scope, RegionTree regions, IReadOnlyDictionary<string, string> serviceCodes,
    IReadOnlySet<string> catalogueCodes, IReadOnlySet<string> itemCodes, DateTimeOffset now)
{
    public DataScope Scope { get; } = scope;
    public RegionTree Regions { get; } = regions;

    /// Catalogue names and codes (areas and items) → codes.
    public IReadOnlyDictionary<string, string> ServiceCodes { get; } = serviceCodes;

    /// Codes of the active catalogue items (needs ask for an item, not a whole area).
    public IReadOnlySet<string> ItemCodes { get; } = itemCodes;
    public DateTimeOffset Now { get; } = now;
    public DateOnly Today => ChinaTime.Today(Now);

    public InputReader Reader(FormErrors errors) => new(Regions, catalogueCodes, errors);
}

/// A row that passed every check, ready to be written: the record it updates (if any) and the
/// checked values.
public sealed record PreparedRow(int Row, string Key, long? ExistingId, string? ExternalId, object Payload);

/// One kind of import. Validate never writes; Write is given batches of rows that passed.
public interface IImporter
{
    ImportKind Kind { get; }
    Task LoadExistingAsync(FiveSocietiesDbContext db, ImportContext context, CancellationToken ct);
    PreparedRow? Validate(CellReader cells, ImportContext context);

    /// Rows refused so far because they name a record outside the importer's scope (see
    /// <see cref="ResourceImporter{TEntity,TInput,TProfile}.Unavailable"/>).
    int OutOfScopeRows { get; }
    Task<(int Created, int Updated, int Unchanged)> WriteAsync(FiveSocietiesDbContext db, IReadOnlyList<PreparedRow> rows, ImportContext context, CancellationToken ct);
}

/// Shared by the resource importers: form-rule validation with errors placed on the row's columns,
/// keys (external id, else a natural key) checked against the file and the database.
public abstract class ResourceImporter<TEntity, TInput, TProfile> : IImporter
    where TEntity : Resource where TInput : class where TProfile : class
{
    private readonly Dictionary<string, long> _byExternalId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byNaturalKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _seenInFile = new(StringComparer.Ordinal);
    private readonly Dictionary<long, bool> _inScope = [];

    /// The answer for a row whose key (a mobile number, a credit code) belongs to a record the
    /// importer may not change. It does not say that the record exists — a roster of 100,000
    /// numbers must not tell a station which people are registered elsewhere — and such rows are
    /// counted, so that a file probing many numbers is stopped (<see cref="ImportProcessor"/>).
    public const string Unavailable = "无法用此号码或代码登记，请核对；如确属本辖区，请联系县民政局。";

    public abstract ImportKind Kind { get; }
    public int OutOfScopeRows { get; private set; }
    protected abstract string NaturalKeyName { get; }

    protected abstract IQueryable<TEntity> Set(FiveSocietiesDbContext db);
    protected abstract IQueryable<TEntity> Scoped(DataScope scope, FiveSocietiesDbContext db);
    protected abstract string NaturalKeyOf(TEntity entity);
    protected abstract (TInput Input, string? NaturalKey) Read(CellReader cells, ImportContext context);
    protected abstract TProfile? Check(TInput input, InputReader reader, ImportContext context);
    protected abstract string? NaturalKeyOf(TProfile profile);
    protected abstract TEntity Create(TProfile profile, TInput input, ImportContext context);
    protected abstract TProfile Current(TEntity entity);
    protected abstract string Fingerprint(TProfile profile);
    protected abstract void Update(TEntity entity, TProfile profile);

    public async Task LoadExistingAsync(FiveSocietiesDbContext db, ImportContext context, CancellationToken ct)
    {
        foreach (var entity in await Set(db).AsNoTracking().ToListAsync(ct))
        {
            if (entity.ExternalId is { } external) _byExternalId[external] = entity.Id;
            _byNaturalKey.TryAdd(NaturalKeyOf(entity), entity.Id);
        }
        foreach (var id in await Scoped(context.Scope, db).AsNoTracking().Select(e => e.Id).ToListAsync(ct)) _inScope[id] = true;
    }

    public PreparedRow? Validate(CellReader cells, ImportContext context)
    {
        var (input, _) = Read(cells, context);
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(input, new ValidationContext(input), results, validateAllProperties: true))
            foreach (var result in results)
                foreach (var member in result.MemberNames.DefaultIfEmpty(""))
                    if (!cells.HasError(ColumnKey(member)))
                        cells.Error(ColumnKey(member), ValidationMessages.Of(result, typeof(TInput), member, cells.Header(ColumnKey(member))));
        var errors = new FormErrors();
        var profile = Check(input, context.Reader(errors), context);
        foreach (var (field, messages) in errors.ByField(VerbatimText.Instance))
            if (!cells.HasError(ColumnKey(field)))
                foreach (var message in messages)
                    cells.Error(ColumnKey(field), message);
        if (profile is null || cells.HasErrors) return null;
        // The record's own rules (a skill of more than 16 characters …) refuse the row now, not
        // halfway through the writes.
        try
        {
            Create(profile, input, context);
        }
        catch (DomainException refusal)
        {
            var column = ImportColumns.For(Kind).FirstOrDefault(c => refusal.Args is [string field, ..] && c.Matches(field));
            cells.Error(column?.Key ?? "", refusal.Message);
            return null;
        }

        var externalId = ExternalIdOf(input);
        var naturalKey = NaturalKeyOf(profile)!;
        var key = externalId is not null ? "ext:" + externalId : "key:" + naturalKey;
        if (_seenInFile.TryGetValue(key, out var first) || _seenInFile.TryGetValue("key:" + naturalKey, out first))
        {
            cells.Error(externalId is not null && _seenInFile.ContainsKey(key) ? "externalId" : NaturalKeyName, $"与第 {first} 行重复。");
            return null;
        }
        long? existing = externalId is not null && _byExternalId.TryGetValue(externalId, out var byExternal) ? byExternal
            : _byNaturalKey.TryGetValue(naturalKey, out var byNatural) ? byNatural : null;
        var clash = existing is { } id && externalId is not null && _byNaturalKey.TryGetValue(naturalKey, out var other) && other != id
            ? other : (long?)null;
        if (clash is { } taken && !_inScope.ContainsKey(taken) || existing is { } found && !_inScope.ContainsKey(found))
        {
            OutOfScopeRows++;
            cells.Error(NaturalKeyName, Unavailable);
            return null;
        }
        if (clash is not null)
        {
            cells.Error(NaturalKeyName, "已被另一条已登记的记录使用。");
            return null;
        }
        _seenInFile[key] = cells.Row;
        _seenInFile.TryAdd("key:" + naturalKey, cells.Row);
        return new PreparedRow(cells.Row, key, existing, externalId, (input, profile!));
    }

    public async Task<(int Created, int Updated, int Unchanged)> WriteAsync(FiveSocietiesDbContext db, IReadOnlyList<PreparedRow> rows,
        ImportContext context, CancellationToken ct)
    {
        var ids = rows.Where(r => r.ExistingId is not null).Select(r => r.ExistingId!.Value).ToList();
        var existing = await Set(db).Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        int created = 0, updated = 0, unchanged = 0;
        foreach (var row in rows)
        {
            var (input, profile) = ((TInput, TProfile))row.Payload;
            if (row.ExistingId is { } id && existing.TryGetValue(id, out var entity))
            {
                if (Fingerprint(Current(entity)) == Fingerprint(profile) && entity.ExternalId == (row.ExternalId ?? entity.ExternalId))
                {
                    unchanged++;
                    continue;
                }
                Update(entity, profile);
                if (row.ExternalId is not null) entity.LinkExternalId(row.ExternalId);
                updated++;
            }
            else
            {
                var fresh = Create(profile, input, context);
                fresh.LinkExternalId(row.ExternalId);
                if (context.Scope.MayApprove(fresh)) fresh.Approve(context.Scope.User.Actor, context.Now);
                db.Add(fresh);
                created++;
            }
        }
        await db.SaveChangesAsync(ct);
        foreach (var entry in db.ChangeTracker.Entries<TEntity>())
        {
            if (entry.Entity.ExternalId is { } external) _byExternalId[external] = entry.Entity.Id;
            _byNaturalKey.TryAdd(NaturalKeyOf(entry.Entity), entry.Entity.Id);
            _inScope[entry.Entity.Id] = true;
        }
        return (created, updated, unchanged);
    }

    protected abstract string? ExternalIdOf(TInput input);

    /// Input property names are the column keys, in camel case; three are named otherwise in files.
    private static string ColumnKey(string member) => member switch
    {
        "" => "",
        nameof(VolunteerInput.Slots) => "availability",
        nameof(MicroGrantInput.OwnerOrganisationId) => "owner",
        nameof(FundInput.ManagerOrganisationId) => "manager",
        _ => char.ToLowerInvariant(member[0]) + member[1..],
    };

}

public sealed class VolunteerImporter : ResourceImporter<Volunteer, VolunteerInput, VolunteerProfile>
{
    public override ImportKind Kind => ImportKind.Volunteers;
    protected override string NaturalKeyName => "mobile";
    protected override IQueryable<Volunteer> Set(FiveSocietiesDbContext db) => db.Volunteers;
    protected override IQueryable<Volunteer> Scoped(DataScope scope, FiveSocietiesDbContext db) => scope.Volunteers(db.Volunteers);
    protected override string NaturalKeyOf(Volunteer entity) => entity.Mobile.Value;
    protected override string? NaturalKeyOf(VolunteerProfile profile) => profile.Mobile.Value;
    protected override string? ExternalIdOf(VolunteerInput input) => input.ExternalId;

    protected override (VolunteerInput, string?) Read(CellReader c, ImportContext context) => (new VolunteerInput
    {
        ExternalId = c.Text("externalId"),
        Name = c.Text("name") ?? "",
        Mobile = c.Text("mobile") ?? "",
        Village = c.Text("village") ?? "",
        Services = c.Services("services"),
        Skills = c.Text("skills"),
        Slots = c.Slots("availability"),
        RadiusKm = c.Double("radiusKm") ?? 5,
        MaxTasks = c.Int("maxTasks") ?? 2,
        MemberCount = c.Int("memberCount") ?? 1,
        BackgroundCheckIssuedOn = c.Date("backgroundCheckIssuedOn"),
        BackgroundCheckNumber = c.Text("backgroundCheckNumber"),
        IdNumber = c.Text("idNumber"),
        Description = c.Text("description"),
    }, null);

    protected override VolunteerProfile? Check(VolunteerInput input, InputReader reader, ImportContext context) =>
        input.ToProfile(reader, context.Scope, context.Today);

    protected override Volunteer Create(VolunteerProfile profile, VolunteerInput input, ImportContext context) => new(profile, context.Now);
    protected override VolunteerProfile Current(Volunteer entity) => entity.Profile;
    protected override void Update(Volunteer entity, VolunteerProfile profile) => entity.UpdateProfile(profile);

    protected override string Fingerprint(VolunteerProfile p) => Fingerprints.Of(p.Name, p.Mobile.Value, p.HomeVillageCode.Value,
        Fingerprints.Of(p.ServiceCodes), Fingerprints.Of(p.Skills), p.Availability.Bits, p.ServiceRadiusKm, p.MaxConcurrentTasks,
        p.Location?.ToString(), Fingerprints.Of(p.Certifications?.Select(c => $"{c.Kind}/{c.IssuedOn}/{c.ExpiresOn}/{c.Number}") ?? []),
        p.IdNumber?.Value, p.MemberCount, p.Description);
}

public sealed class OrganisationImporter : ResourceImporter<SocialOrganisation, OrganisationInput, OrganisationProfile>
{
    public override ImportKind Kind => ImportKind.Organisations;
    protected override string NaturalKeyName => "creditCode";
    protected override IQueryable<SocialOrganisation> Set(FiveSocietiesDbContext db) => db.Organisations;
    protected override IQueryable<SocialOrganisation> Scoped(DataScope scope, FiveSocietiesDbContext db) => scope.Organisations(db.Organisations);
    protected override string NaturalKeyOf(SocialOrganisation entity) => entity.CreditCode.Value;
    protected override string? NaturalKeyOf(OrganisationProfile profile) => profile.CreditCode.Value;
    protected override string? ExternalIdOf(OrganisationInput input) => input.ExternalId;

    protected override (OrganisationInput, string?) Read(CellReader c, ImportContext context) => (new OrganisationInput
    {
        ExternalId = c.Text("externalId"),
        Name = c.Text("name") ?? "",
        CreditCode = c.Text("creditCode") ?? "",
        Type = c.Choice("type", OrganisationType.CommunityOrganisation, Labels.Of),
        HomeRegion = c.Text("homeRegion") ?? "",
        Services = c.Services("services"),
        ServiceArea = c.List("serviceArea"),
        MonthlyCapacity = c.Int("monthlyCapacity") ?? 10,
        CertifiedSocialWorkers = c.Int("certifiedSocialWorkers") ?? 0,
        ContactName = c.Text("contactName") ?? "",
        ContactMobile = c.Text("contactMobile") ?? "",
        Address = c.Text("address"),
        Description = c.Text("description"),
    }, null);

    protected override OrganisationProfile? Check(OrganisationInput input, InputReader reader, ImportContext context) =>
        input.ToProfile(reader, context.Scope);

    protected override SocialOrganisation Create(OrganisationProfile profile, OrganisationInput input, ImportContext context) => new(profile, context.Now);
    protected override OrganisationProfile Current(SocialOrganisation entity) => entity.Profile;
    protected override void Update(SocialOrganisation entity, OrganisationProfile profile) => entity.UpdateProfile(profile);

    protected override string Fingerprint(OrganisationProfile p) => Fingerprints.Of(p.Name, p.CreditCode.Value, p.OrganisationType,
        p.HomeRegionCode.Value, Fingerprints.Of(p.ServiceCodes), Fingerprints.Of(p.ServiceArea.Select(a => a.Value)), p.MonthlyCapacity,
        p.CertifiedSocialWorkers, p.ContactName, p.ContactMobile.Value, p.Address, p.Location?.ToString(), p.Description);
}

/// A fund's checked profile and the total it starts with.
public sealed record FundDraft(FundProfile Profile, Money Total);

public sealed class FundImporter(Func<string, long?> organisationByNameOrCode) : ResourceImporter<CharitableFund, FundInput, FundDraft>
{
    public override ImportKind Kind => ImportKind.Funds;
    protected override string NaturalKeyName => "name";
    protected override IQueryable<CharitableFund> Set(FiveSocietiesDbContext db) => db.Funds;
    protected override IQueryable<CharitableFund> Scoped(DataScope scope, FiveSocietiesDbContext db) => scope.Funds(db.Funds);
    protected override string NaturalKeyOf(CharitableFund entity) => entity.Name + "@" + entity.HomeRegionCode;
    protected override string? NaturalKeyOf(FundDraft p) => p.Profile.Name + "@" + p.Profile.HomeRegionCode;
    protected override string? ExternalIdOf(FundInput input) => input.ExternalId;

    protected override (FundInput, string?) Read(CellReader c, ImportContext context)
    {
        long? manager = null;
        if (c.Text("manager") is { } name)
        {
            manager = organisationByNameOrCode(name);
            if (manager is null) c.Error("manager", $"没有找到组织“{name}”。");
        }
        return (new FundInput
        {
            ExternalId = c.Text("externalId"),
            Name = c.Text("name") ?? "",
            Kind = c.Choice("kind", FundKind.CommunityFund, Labels.Of),
            HomeRegion = c.Text("homeRegion") ?? "",
            Services = c.Services("services"),
            Groups = c.Groups("groups"),
            RegionScope = c.List("regionScope"),
            TotalYuan = c.Yuan("totalYuan"),
            MaxPerGrantYuan = c.Yuan("maxPerGrantYuan"),
            ManagerOrganisationId = manager,
            Description = c.Text("description"),
        }, null);
    }

    protected override FundDraft? Check(FundInput input, InputReader reader, ImportContext context) =>
        input.ToProfile(reader, context.Scope) is { } checkedFund ? new FundDraft(checkedFund.Profile, checkedFund.Total) : null;

    protected override CharitableFund Create(FundDraft p, FundInput input, ImportContext context) => new(p.Profile, p.Total, context.Now);
    protected override FundDraft Current(CharitableFund entity) => new(entity.Profile, entity.TotalBudget);

    /// The total is set when a fund is created; later money comes as a top-up, so the books trace it.
    protected override void Update(CharitableFund entity, FundDraft p) => entity.UpdateProfile(p.Profile);

    protected override string Fingerprint(FundDraft v) => Fingerprints.Of(v.Profile.Name, v.Profile.FundKind,
        v.Profile.HomeRegionCode.Value, Fingerprints.Of(v.Profile.EligibleServiceCodes), Fingerprints.Of(v.Profile.EligibleGroups.Select(g => g.ToString())),
        Fingerprints.Of(v.Profile.RegionScope.Select(r => r.Value)), v.Profile.MaxPerGrant.Fen, v.Profile.ManagerOrganisationId, v.Profile.Description);
}

public sealed class MicroGrantImporter(Func<string, long?> organisationByNameOrCode, Func<long, bool> mayUseOrganisation)
    : ResourceImporter<MicroGrantProject, MicroGrantInput, MicroGrantProfile>
{
    public override ImportKind Kind => ImportKind.MicroGrants;
    protected override string NaturalKeyName => "name";
    protected override IQueryable<MicroGrantProject> Set(FiveSocietiesDbContext db) => db.MicroGrantProjects;
    protected override IQueryable<MicroGrantProject> Scoped(DataScope scope, FiveSocietiesDbContext db) => scope.MicroGrants(db.MicroGrantProjects);
    protected override string NaturalKeyOf(MicroGrantProject entity) => entity.Name + "@" + entity.OwnerOrganisationId;
    protected override string? NaturalKeyOf(MicroGrantProfile p) => p.Name + "@" + p.OwnerOrganisationId;
    protected override string? ExternalIdOf(MicroGrantInput input) => input.ExternalId;

    protected override (MicroGrantInput, string?) Read(CellReader c, ImportContext context)
    {
        long owner = 0;
        if (c.Text("owner") is { } name)
        {
            if (organisationByNameOrCode(name) is { } id && mayUseOrganisation(id)) owner = id;
            else c.Error("owner", $"没有找到您管理范围内的组织“{name}”。");
        }
        return (new MicroGrantInput
        {
            ExternalId = c.Text("externalId"),
            Name = c.Text("name") ?? "",
            OwnerOrganisationId = owner,
            HomeRegion = c.Text("homeRegion") ?? "",
            Services = c.Services("services"),
            Groups = c.Groups("groups"),
            RegionScope = c.List("regionScope"),
            StartsOn = c.Date("startsOn"),
            EndsOn = c.Date("endsOn"),
            Places = c.Int("places") ?? 0,
            BudgetYuan = c.Yuan("budgetYuan"),
            Description = c.Text("description"),
        }, null);
    }

    protected override MicroGrantProfile? Check(MicroGrantInput input, InputReader reader, ImportContext context) => input.ToProfile(reader, context.Scope);
    protected override MicroGrantProject Create(MicroGrantProfile profile, MicroGrantInput input, ImportContext context) => new(profile, input.Places, context.Now);
    protected override MicroGrantProfile Current(MicroGrantProject entity) => entity.Profile;
    protected override void Update(MicroGrantProject entity, MicroGrantProfile profile) => entity.UpdateProfile(profile);

    protected override string Fingerprint(MicroGrantProfile p) => Fingerprints.Of(p.Name, p.OwnerOrganisationId, p.HomeRegionCode.Value,
        Fingerprints.Of(p.ServiceCodes), Fingerprints.Of(p.TargetGroups.Select(g => g.ToString())), Fingerprints.Of(p.RegionScope.Select(r => r.Value)),
        p.StartsOn, p.EndsOn, p.Budget.Fen, p.Description);
}

/// Visit registers (走访登记): needs recorded by a station or a committee for residents, with the
/// resident's spoken or written consent. Needs already being served are not changed by an import.
public sealed class NeedImporter(NeedService needs) : IImporter
{
    private readonly Dictionary<string, (long Id, bool Editable, string Fingerprint)> _existing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Id, bool Editable, string Fingerprint)> _byNaturalKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _seenInFile = new(StringComparer.Ordinal);

    public ImportKind Kind => ImportKind.Needs;

    /// Needs are matched only against the importer's own (scoped) needs: none is ever out of scope.
    public int OutOfScopeRows => 0;

    public async Task LoadExistingAsync(FiveSocietiesDbContext db, ImportContext context, CancellationToken ct)
    {
        foreach (var need in await context.Scope.Needs(db.Needs.AsNoTracking()).ToListAsync(ct))
        {
            var known = (need.Id, need.IsEditable, Fingerprint(DetailsOf(need)));
            if (need.ExternalId is { } external) _existing[external] = known;
            _byNaturalKey.TryAdd(NaturalKey(need.Title, need.VillageCode.Value, need.Requester.BeneficiaryName), known);
        }
    }

    /// Without 外部编号 a need is known by its title, village and beneficiary.
    private static string NaturalKey(string title, string village, string beneficiary) => Fingerprints.Of(title, village, beneficiary);

    public PreparedRow? Validate(CellReader c, ImportContext context)
    {
        // A village outside the caller's area is refused (the form would keep a committee's own
        // village whatever the row says).
        var villageText = c.Text("village");
        var village = villageText is null ? null
            : context.Regions.ResolveVillage(villageText, context.Scope.Area) ?? context.Regions.ResolveVillage(villageText, null);
        if (villageText is not null && village is null)
            c.Error("village", $"没有找到“{villageText}”，请填写正确的村（社区）名称或区划代码。");
        else if (village is not null && !context.Scope.Covers(village.Code))
            c.Error("village", $"“{village.Name}”不在您的管理范围内。");
        var externalId = c.Text("externalId");
        if (externalId is { Length: > 64 }) c.Error("externalId", "外部编号不能超过 64 个字。");
        var input = new NeedInput
        {
            Title = c.Text("title") ?? "",
            Description = c.Text("description") ?? "",
            ServiceItemCode = c.Services("service") is [var code] ? code : "",
            Groups = c.Groups("groups"),
            Urgency = c.Choice("urgency", Urgency.Normal, Labels.Of),
            VillageCode = village?.Code.Value ?? villageText,
            AddressDetail = c.Text("address"),
            WindowStart = c.Date("windowStart"),
            WindowEnd = c.Date("windowEnd"),
            Slots = c.Slots("availability"),
            QuantityAmount = c.Yuan("quantity") ?? 1,
            QuantityUnit = c.Choice("unit", QuantityUnit.People, Labels.Of),
            Skills = c.Text("skills"),
            BeneficiaryName = c.Text("beneficiaryName"),
            ContactMobile = c.Text("contactMobile"),
            ConsentMethod = c.Consent("consent"),
            ConsentGiven = c.Text("consent") is not null,
        };
        if (c.Text("service") is { } service && input.ServiceItemCode.Length == 0 && !c.HasErrors)
            c.Error("service", $"“{service}”不是一个服务项目，请填写具体项目（如“助餐服务”）。");
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(input, new ValidationContext(input), results, validateAllProperties: true))
            foreach (var result in results)
                foreach (var member in result.MemberNames.DefaultIfEmpty(""))
                    if (!c.HasError(NeedColumn(member)))
                        c.Error(NeedColumn(member), ValidationMessages.Of(result, typeof(NeedInput), member, c.Header(NeedColumn(member))));
        if (c.HasErrors) return null;

        var built = needs.Check(context.Scope, input, context.Now, context.Regions, context.ItemCodes);
        foreach (var (field, messages) in built.Errors.ByField(VerbatimText.Instance))
            foreach (var message in messages)
                c.Error(NeedColumn(field), message);
        if (!built.Succeeded) return null;

        var (details, requester, consent) = built.Value!;
        var key = externalId ?? NaturalKey(details.Title, details.VillageCode.Value, requester.BeneficiaryName);
        if (_seenInFile.TryGetValue(key, out var first))
        {
            c.Error(externalId is null ? "title" : "externalId", $"与第 {first} 行重复。");
            return null;
        }
        long? existingId = null;
        if (externalId is not null ? _existing.TryGetValue(externalId, out var existing) : _byNaturalKey.TryGetValue(key, out existing))
        {
            if (!existing.Editable && existing.Fingerprint != Fingerprint(details))
            {
                c.Error("externalId", "该需求已进入匹配或服务流程，不能再通过导入修改。");
                return null;
            }
            existingId = existing.Id;
        }
        _seenInFile[key] = c.Row;
        return new PreparedRow(c.Row, key, existingId, externalId, (details, requester, consent));
    }

    public async Task<(int Created, int Updated, int Unchanged)> WriteAsync(FiveSocietiesDbContext db, IReadOnlyList<PreparedRow> rows,
        ImportContext context, CancellationToken ct)
    {
        var ids = rows.Where(r => r.ExistingId is not null).Select(r => r.ExistingId!.Value).ToList();
        var existing = await db.Needs.Where(n => ids.Contains(n.Id)).ToDictionaryAsync(n => n.Id, ct);
        int created = 0, updated = 0, unchanged = 0;
        foreach (var row in rows)
        {
            var (details, requester, consent) = ((NeedDetails, Requester, ConsentRecord))row.Payload;
            if (row.ExistingId is { } id && existing.TryGetValue(id, out var need))
            {
                if (Fingerprint(DetailsOf(need)) == Fingerprint(details))
                {
                    unchanged++;
                    continue;
                }
                need.Revise(details, context.Scope.User.Actor, context.Now);
                updated++;
            }
            else
            {
                var fresh = Need.Post(details, requester, consent, context.Now);
                fresh.LinkExternalId(row.ExternalId);
                db.Needs.Add(fresh);
                created++;
            }
        }
        await db.SaveChangesAsync(ct);
        foreach (var entry in db.ChangeTracker.Entries<Need>())
        {
            var known = (entry.Entity.Id, entry.Entity.IsEditable, Fingerprint(DetailsOf(entry.Entity)));
            if (entry.Entity.ExternalId is { } external) _existing[external] = known;
            _byNaturalKey.TryAdd(NaturalKey(entry.Entity.Title, entry.Entity.VillageCode.Value, entry.Entity.Requester.BeneficiaryName), known);
        }
        return (created, updated, unchanged);
    }

    private static NeedDetails DetailsOf(Need n) => new(n.Title, n.Description, n.ServiceItemCode, n.BeneficiaryGroups, n.Urgency,
        n.VillageCode, n.Quantity, n.Location, n.AddressDetail, n.Window, n.WeeklySlots, n.RequiredSkills);

    private static string Fingerprint(NeedDetails d) => Fingerprints.Of(d.Title, d.Description, d.ServiceItemCode,
        Fingerprints.Of(d.BeneficiaryGroups.Select(g => g.ToString())), d.Urgency, d.VillageCode.Value, d.Quantity.Amount, d.Quantity.Unit,
        d.Location?.ToString(), d.AddressDetail, d.Window?.Start.UtcTicks, d.Window?.End.UtcTicks, d.WeeklySlots.Bits, Fingerprints.Of(d.RequiredSkills ?? []));

    private static string NeedColumn(string field) => field switch
    {
        nameof(NeedInput.Title) => "title",
        nameof(NeedInput.Description) => "description",
        nameof(NeedInput.ServiceItemCode) => "service",
        nameof(NeedInput.Groups) => "groups",
        nameof(NeedInput.VillageCode) => "village",
        nameof(NeedInput.AddressDetail) => "address",
        nameof(NeedInput.WindowStart) => "windowStart",
        nameof(NeedInput.WindowEnd) => "windowEnd",
        nameof(NeedInput.Slots) => "availability",
        nameof(NeedInput.QuantityAmount) => "quantity",
        nameof(NeedInput.Skills) => "skills",
        nameof(NeedInput.BeneficiaryName) => "beneficiaryName",
        nameof(NeedInput.ContactMobile) => "contactMobile",
        nameof(NeedInput.ConsentMethod) or nameof(NeedInput.ConsentGiven) => "consent",
        _ => "",
    };
}

/// DataAnnotations messages for the report: a length limit the input class left without a message
/// of its own would read as the framework's English ("The field … must be a string …").
public static class ValidationMessages
{
    public static string Of(ValidationResult result, Type input, string member, string header) =>
        result.ErrorMessage is { } message && !message.StartsWith("The field ", StringComparison.Ordinal) ? message
        : input.GetProperty(member)?.GetCustomAttributes(typeof(StringLengthAttribute), true) is [StringLengthAttribute length, ..]
            ? $"{header}不能超过 {length.MaximumLength} 个字。"
            : "格式不正确";
}

/// A stable text form of a record's values, to tell an unchanged row from a changed one.
public static class Fingerprints
{
    public static string Of(params object?[] values) =>
        string.Join('\u001F', values.Select(v => v switch
        {
            null => "",
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => v.ToString(),
        }));

    public static string Of(IEnumerable<string> values) => string.Join('\u001E', values);
}

/// Messages kept as they are written (the Chinese text), for stored import reports.
public sealed class VerbatimText : Microsoft.Extensions.Localization.IStringLocalizer
{
    public static VerbatimText Instance { get; } = new();

    public Microsoft.Extensions.Localization.LocalizedString this[string name] => new(name, name);

    public Microsoft.Extensions.Localization.LocalizedString this[string name, params object[] arguments] =>
        new(name, string.Format(System.Globalization.CultureInfo.InvariantCulture, name, arguments));

    public IEnumerable<Microsoft.Extensions.Localization.LocalizedString> GetAllStrings(bool includeParentCultures) => [];
}
