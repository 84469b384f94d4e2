using FiveSocieties.Infrastructure.Identity;
using FiveSocieties.Infrastructure.Matching;
using FiveSocieties.Infrastructure.Persistence;
using FiveSocieties.Infrastructure.Regions;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Regions;
using FiveSocieties.Matching.Resources;
using FiveSocieties.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace FiveSocieties.Web.Features.Resources;

/// Creating, correcting and approving the four kinds of resource, for pages, API and import.
/// Who may do what: a volunteer keeps their own profile; organisation staff keep their
/// organisation and its funds and projects; stations keep and approve the volunteers and
/// organisations of their township; the county approves funds and micro-grant projects.
public sealed class ResourceService(FiveSocietiesDbContext db, RegionDirectory regions, TimeProvider clock, MatchingService matching)
{
    public async Task<InputReader> ReaderAsync(FormErrors errors, CancellationToken ct)
    {
        var items = await db.ServiceItems.AsNoTracking().Select(i => i.Code).ToListAsync(ct);
        var areas = await db.ServiceAreas.AsNoTracking().Select(a => a.Code).ToListAsync(ct);
        return new InputReader(await regions.GetAsync(ct), items.Concat(areas).ToHashSet(), errors);
    }

    // ---- volunteers -------------------------------------------------------------------------------

    /// Registration (self, pending approval) or creation by a station (approved at once by it).
    public async Task<Outcome<Volunteer>> CreateVolunteerAsync(DataScope scope, VolunteerInput input, CancellationToken ct, bool selfRegistration = false)
    {
        if (!selfRegistration && !scope.User.IsAny(AppRoles.StationWorker, AppRoles.SystemAdmin))
            return Outcome<Volunteer>.Invalid("", "您的账号不能登记志愿者。");
        var errors = new FormErrors();
        var read = await ReaderAsync(errors, ct);
        var profile = input.ToProfile(read, selfRegistration ? DataScope.Everywhere(scope.User) : scope, Today);
        if (profile is null) return Outcome<Volunteer>.Invalid(errors);
        if (await db.Volunteers.AnyAsync(v => v.Mobile == profile.Mobile, ct))
            return Outcome<Volunteer>.Invalid(nameof(VolunteerInput.Mobile), "手机号 {0} 已登记为志愿者。", profile.Mobile.Masked);
        return await SaveNewAsync(db.Volunteers, () =>
        {
            var volunteer = new Volunteer(profile, Now);
            volunteer.LinkExternalId(input.ExternalId);
            if (!selfRegistration) volunteer.Approve(scope.User.Actor, Now);
            return volunteer;
        }, ct);
    }

    public async Task<Outcome<Volunteer>> UpdateVolunteerAsync(DataScope scope, long id, VolunteerInput input, CancellationToken ct)
    {
        var volunteer = await scope.Volunteers(db.Volunteers).SingleOrDefaultAsync(v => v.Id == id, ct);
        if (volunteer is null || !MayKeep(scope, volunteer)) return Outcome<Volunteer>.NotFound();
        var errors = new FormErrors();
        // A volunteer may move to any village; a station keeps its volunteers inside its township.
        var profile = input.ToProfile(await ReaderAsync(errors, ct), scope.User.Is(AppRoles.Volunteer) ? DataScope.Everywhere(scope.User) : scope, Today, volunteer);
        if (profile is null) return Outcome<Volunteer>.Invalid(errors);
        if (await db.Volunteers.AnyAsync(v => v.Mobile == profile.Mobile && v.Id != id, ct))
            return Outcome<Volunteer>.Invalid(nameof(VolunteerInput.Mobile), "手机号 {0} 已登记为志愿者。", profile.Mobile.Masked);
        return await SaveChangedAsync(volunteer, v => v.UpdateProfile(profile), ct);
    }

    // ---- organisations ----------------------------------------------------------------------------

    public async Task<Outcome<SocialOrganisation>> CreateOrganisationAsync(DataScope scope, OrganisationInput input, CancellationToken ct)
    {
        if (!scope.User.IsAny(AppRoles.StationWorker, AppRoles.CountyAdmin, AppRoles.SystemAdmin))
            return Outcome<SocialOrganisation>.Invalid("", "您的账号不能登记社会组织。");
        var errors = new FormErrors();
        var profile = input.ToProfile(await ReaderAsync(errors, ct), scope);
        if (profile is null) return Outcome<SocialOrganisation>.Invalid(errors);
        if (await db.Organisations.AnyAsync(o => o.CreditCode == profile.CreditCode, ct))
            return Outcome<SocialOrganisation>.Invalid(nameof(OrganisationInput.CreditCode), "统一社会信用代码 {0} 已登记。", profile.CreditCode.Value);
        return await SaveNewAsync(db.Organisations, () =>
        {
            var organisation = new SocialOrganisation(profile, Now);
            organisation.LinkExternalId(input.ExternalId);
            // Registered by a station that checked its papers: approved by that station.
            if (scope.MayApprove(organisation)) organisation.Approve(scope.User.Actor, Now);
            return organisation;
        }, ct);
    }

    public async Task<Outcome<SocialOrganisation>> UpdateOrganisationAsync(DataScope scope, long id, OrganisationInput input, CancellationToken ct)
    {
        var organisation = await scope.Organisations(db.Organisations).SingleOrDefaultAsync(o => o.Id == id, ct);
        if (organisation is null || !MayKeep(scope, organisation)) return Outcome<SocialOrganisation>.NotFound();
        var errors = new FormErrors();
        var profile = input.ToProfile(await ReaderAsync(errors, ct), OwnOrArea(scope, organisation), organisation);
        if (profile is null) return Outcome<SocialOrganisation>.Invalid(errors);
        if (await db.Organisations.AnyAsync(o => o.CreditCode == profile.CreditCode && o.Id != id, ct))
            return Outcome<SocialOrganisation>.Invalid(nameof(OrganisationInput.CreditCode), "统一社会信用代码 {0} 已登记。", profile.CreditCode.Value);
        return await SaveChangedAsync(organisation, o => o.UpdateProfile(profile), ct);
    }

    // ---- funds and micro-grant projects ------------------------------------------------------------

    /// Organisation staff set up their organisation's funds; the county approves them.
    public async Task<Outcome<CharitableFund>> CreateFundAsync(DataScope scope, FundInput input, CancellationToken ct)
    {
        if (!scope.User.IsAny(AppRoles.OrganisationStaff, AppRoles.CountyAdmin, AppRoles.SystemAdmin))
            return Outcome<CharitableFund>.Invalid("", "您的账号不能登记慈善基金。");
        if (scope.User.Is(AppRoles.OrganisationStaff)) input.ManagerOrganisationId = scope.User.OrganisationId;
        var (errors, readScope) = (new FormErrors(), await ProviderScopeAsync(scope, input.ManagerOrganisationId, ct));
        var result = input.ToProfile(await ReaderAsync(errors, ct), readScope);
        if (result is not { } ok) return Outcome<CharitableFund>.Invalid(errors);
        return await SaveNewAsync(db.Funds, () =>
        {
            var fund = new CharitableFund(ok.Profile, ok.Total, Now);
            fund.LinkExternalId(input.ExternalId);
            if (scope.MayApprove(fund)) fund.Approve(scope.User.Actor, Now);
            return fund;
        }, ct);
    }

    public async Task<Outcome<CharitableFund>> UpdateFundAsync(DataScope scope, long id, FundInput input, CancellationToken ct)
    {
        var fund = await scope.Funds(db.Funds).SingleOrDefaultAsync(f => f.Id == id, ct);
        if (fund is null || !MayKeep(scope, fund)) return Outcome<CharitableFund>.NotFound();
        // The manager is chosen when the fund is registered; editing keeps it (the form does not offer it).
        input.ManagerOrganisationId = fund.ManagerOrganisationId;
        var errors = new FormErrors();
        var result = input.ToProfile(await ReaderAsync(errors, ct), await ProviderScopeAsync(scope, input.ManagerOrganisationId, ct));
        if (result is not { } ok) return Outcome<CharitableFund>.Invalid(errors);
        // The total is not edited here: money is added with a top-up, so the books stay traceable.
        return await SaveChangedAsync(fund, f => f.UpdateProfile(ok.Profile), ct);
    }

    public async Task<Outcome<CharitableFund>> TopUpAsync(DataScope scope, long id, decimal? yuan, CancellationToken ct)
    {
        var fund = await scope.Funds(db.Funds).SingleOrDefaultAsync(f => f.Id == id, ct);
        if (fund is null || !MayKeep(scope, fund)) return Outcome<CharitableFund>.NotFound();
        var errors = new FormErrors();
        var amount = (await ReaderAsync(errors, ct)).Yuan("Amount", yuan);
        if (amount is null) return Outcome<CharitableFund>.Invalid(errors);
        return await SaveChangedAsync(fund, f => f.TopUp(amount.Value), ct);
    }

    public async Task<Outcome<MicroGrantProject>> CreateMicroGrantAsync(DataScope scope, MicroGrantInput input, CancellationToken ct)
    {
        if (!scope.User.IsAny(AppRoles.OrganisationStaff, AppRoles.CountyAdmin, AppRoles.SystemAdmin))
            return Outcome<MicroGrantProject>.Invalid("", "您的账号不能登记微创投项目。");
        if (scope.User.Is(AppRoles.OrganisationStaff)) input.OwnerOrganisationId = scope.User.OrganisationId ?? 0;
        var errors = new FormErrors();
        if (!await scope.Organisations(db.Organisations).AnyAsync(o => o.Id == input.OwnerOrganisationId, ct))
            errors.Add(nameof(MicroGrantInput.OwnerOrganisationId), "请选择承接项目的组织。");
        var profile = input.ToProfile(await ReaderAsync(errors, ct), await ProviderScopeAsync(scope, input.OwnerOrganisationId, ct));
        if (profile is null) return Outcome<MicroGrantProject>.Invalid(errors);
        return await SaveNewAsync(db.MicroGrantProjects, () =>
        {
            var project = new MicroGrantProject(profile, input.Places, Now);
            project.LinkExternalId(input.ExternalId);
            if (scope.MayApprove(project)) project.Approve(scope.User.Actor, Now);
            return project;
        }, ct);
    }

    public async Task<Outcome<MicroGrantProject>> UpdateMicroGrantAsync(DataScope scope, long id, MicroGrantInput input, CancellationToken ct)
    {
        var project = await scope.MicroGrants(db.MicroGrantProjects).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (project is null || !MayKeep(scope, project)) return Outcome<MicroGrantProject>.NotFound();
        input.OwnerOrganisationId = project.OwnerOrganisationId;
        var errors = new FormErrors();
        var profile = input.ToProfile(await ReaderAsync(errors, ct), await ProviderScopeAsync(scope, project.OwnerOrganisationId, ct));
        if (profile is null) return Outcome<MicroGrantProject>.Invalid(errors);
        return await SaveChangedAsync(project, p => p.UpdateProfile(profile), ct);
    }

    // ---- approval and status ----------------------------------------------------------------------

    public async Task<Outcome<Resource>> ActAsync(DataScope scope, ResourceKind kind, long id, ApprovalAction action, string? reason, CancellationToken ct)
    {
        Resource? resource = kind switch
        {
            ResourceKind.Volunteer => await scope.Volunteers(db.Volunteers).SingleOrDefaultAsync(v => v.Id == id, ct),
            ResourceKind.Organisation => await scope.Organisations(db.Organisations).SingleOrDefaultAsync(o => o.Id == id, ct),
            ResourceKind.Fund => await scope.Funds(db.Funds).SingleOrDefaultAsync(f => f.Id == id, ct),
            _ => await scope.MicroGrants(db.MicroGrantProjects).SingleOrDefaultAsync(p => p.Id == id, ct),
        };
        if (resource is null) return Outcome<Resource>.NotFound();
        var allowed = action switch
        {
            ApprovalAction.Approve or ApprovalAction.Reject or ApprovalAction.Retire => scope.MayApprove(resource),
            _ => scope.MayApprove(resource) || IsOwn(scope, resource),
        };
        if (!allowed) return Outcome<Resource>.Invalid("", "您没有权限对该资源执行“{0}”。", ApprovalStateMachine.ActionName(action));
        return await SaveChangedAsync(resource, r => r.Perform(action, scope.User.Actor, Now, reason), ct);
    }

    /// The provider's own account (volunteer, organisation staff) or the station/county over it.
    public static bool MayKeep(DataScope scope, Resource resource) => IsOwn(scope, resource) || scope.MayApprove(resource);

    public static bool IsOwn(DataScope scope, Resource resource) => resource switch
    {
        Volunteer v => scope.User.Is(AppRoles.Volunteer) && scope.User.VolunteerId == v.Id,
        SocialOrganisation o => scope.User.Is(AppRoles.OrganisationStaff) && scope.User.OrganisationId == o.Id,
        CharitableFund f => scope.User.Is(AppRoles.OrganisationStaff) && f.ManagerOrganisationId is { } m && scope.User.OrganisationId == m,
        MicroGrantProject p => scope.User.Is(AppRoles.OrganisationStaff) && scope.User.OrganisationId == p.OwnerOrganisationId,
        _ => false,
    };

    private DateTimeOffset Now => clock.GetUtcNow();
    private DateOnly Today => ChinaTime.Today(clock.GetUtcNow());

    /// An organisation keeps its own record wherever it is registered; a station within its area.
    private static DataScope OwnOrArea(DataScope scope, SocialOrganisation organisation) =>
        IsOwn(scope, organisation) ? DataScope.Everywhere(scope.User) : scope;

    /// Where a provider may be registered: within the caller's area, or, for organisation staff,
    /// within their organisation's service area.
    private async Task<DataScope> ProviderScopeAsync(DataScope scope, long? organisationId, CancellationToken ct)
    {
        if (!scope.User.Is(AppRoles.OrganisationStaff) || organisationId is not { } id) return scope;
        var organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
        if (organisation is null) return scope;
        return await DataScope.ForAreasAsync(scope.User, organisation.ServiceArea.Append(organisation.HomeRegionCode), regions, ct);
    }

    private async Task<Outcome<T>> SaveNewAsync<T>(DbSet<T> set, Func<T> create, CancellationToken ct) where T : Resource
    {
        try
        {
            var resource = create();
            set.Add(resource);
            await db.SaveChangesAsync(ct);
            await matching.TryProviderChangedAsync(new ProviderRef(resource.Kind, resource.Id));
            return Outcome<T>.Ok(resource);
        }
        catch (DomainException refusal)
        {
            return Outcome<T>.Invalid(new FormErrors().Add(refusal, _ => null));
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Outcome<T>.Invalid("", "已有相同编号的记录（外部编号、手机号或信用代码重复），请检查后重试。");
        }
    }

    private async Task<Outcome<T>> SaveChangedAsync<T>(T resource, Action<T> change, CancellationToken ct) where T : Resource
    {
        try
        {
            change(resource);
            await db.SaveChangesAsync(ct);
            // Approved, changed, paused or given capacity: the index follows, and reverse matching runs.
            await matching.TryProviderChangedAsync(new ProviderRef(resource.Kind, resource.Id));
            return Outcome<T>.Ok(resource);
        }
        catch (DomainException refusal)
        {
            return Outcome<T>.Invalid(new FormErrors().Add(refusal, e => e.Code.StartsWith("field.", StringComparison.Ordinal) ? "Reason" : null));
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<T>.Invalid("", "该记录刚被其他人修改过，请刷新页面后重试。");
        }
    }
}
