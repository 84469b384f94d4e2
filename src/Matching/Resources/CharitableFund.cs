using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Regions;

namespace FiveSocieties.Matching.Resources;

public enum FundKind
{
    CommunityFund,      // 社区公益基金
    FoundationProgram,  // 基金会专项
    CorporateDonation,  // 企业捐赠
    WelfareLottery,     // 福彩公益金
}

/// Money set aside for certain services, groups and places. Budgets are integer fen; a grant
/// never exceeds the per-grant maximum nor what is left.
public class CharitableFund : Resource
{
    private List<BeneficiaryGroup> _eligibleGroups = [];
    private List<DivisionCode> _regionScope = [];

    private CharitableFund() { } // for EF Core

    public CharitableFund(FundProfile profile, Money totalBudget, DateTimeOffset at)
        : base(profile.Name, profile.Description, profile.EligibleServiceCodes, profile.HomeRegionCode, at)
    {
        if (!totalBudget.IsPositive)
            throw new DomainException("fund.budget", "基金总额必须大于 0。");
        TotalBudget = totalBudget;
        RemainingBudget = totalBudget;
        UpdateProfile(profile);
    }

    public override ResourceKind Kind => ResourceKind.Fund;
    public FundKind FundKind { get; private set; }
    public long? ManagerOrganisationId { get; private set; }

    /// Groups the fund may help; empty means every group.
    public IReadOnlyList<BeneficiaryGroup> EligibleGroups => _eligibleGroups;
    public IReadOnlyList<DivisionCode> RegionScope => _regionScope;
    public Money TotalBudget { get; private set; }
    public Money RemainingBudget { get; private set; }
    public Money MaxPerGrant { get; private set; }

    public Money Granted => TotalBudget - RemainingBudget;

    public bool CoversRegion(DivisionCode code) => _regionScope.Any(code.IsWithin);

    public bool IsEligible(IEnumerable<BeneficiaryGroup> groups) =>
        _eligibleGroups.Count == 0 || groups.Any(_eligibleGroups.Contains);

    /// Can this fund pay <paramref name="amount"/> as one grant right now?
    public bool CanGrant(Money amount) => amount.IsPositive && amount <= MaxPerGrant && amount <= RemainingBudget;

    public void Reserve(Money amount)
    {
        if (!IsMatchable)
            throw new DomainException("fund.inactive", "该基金当前不可使用。");
        if (!amount.IsPositive)
            throw new DomainException("fund.amount", "资助金额必须大于 0。");
        if (amount > MaxPerGrant)
            throw new DomainException("fund.max-per-grant", "资助金额 {0} 超过单笔上限 {1}。", amount, MaxPerGrant);
        if (amount > RemainingBudget)
            throw new DomainException("fund.insufficient", "基金余额不足：需要 {0}，剩余 {1}。", amount, RemainingBudget);
        RemainingBudget -= amount;
    }

    public void Release(Money amount)
    {
        if (!amount.IsPositive || RemainingBudget + amount > TotalBudget)
            throw new DomainException("fund.release", "退回金额不正确。");
        RemainingBudget += amount;
    }

    public void TopUp(Money amount)
    {
        if (!amount.IsPositive)
            throw new DomainException("fund.amount", "追加金额必须大于 0。");
        TotalBudget += amount;
        RemainingBudget += amount;
    }

    /// The profile as it stands, in the form UpdateProfile takes.
    public FundProfile Profile => new(Name, FundKind, HomeRegionCode, ServiceCodes.ToList(), _eligibleGroups.ToList(), _regionScope.ToList(),
        MaxPerGrant, ManagerOrganisationId, Description);

    public void UpdateProfile(FundProfile p)
    {
        var common = Check(p.Name, p.Description, p.EligibleServiceCodes);
        var scope = RequireRegions(p.RegionScope, "资助区域");
        var kind = Guard.Defined(p.FundKind, "基金类型");
        var groups = Guard.Defined(p.EligibleGroups.Distinct(), "资助人群").ToList();
        if (!p.MaxPerGrant.IsPositive || p.MaxPerGrant > TotalBudget)
            throw new DomainException("fund.max-per-grant", "单笔资助上限必须大于 0 且不超过基金总额。");

        Apply(common, p.HomeRegionCode);
        FundKind = kind;
        ManagerOrganisationId = p.ManagerOrganisationId;
        _eligibleGroups = groups;
        _regionScope = scope;
        MaxPerGrant = p.MaxPerGrant;
    }
}

public sealed record FundProfile(
    string Name,
    FundKind FundKind,
    DivisionCode HomeRegionCode,
    IReadOnlyCollection<string> EligibleServiceCodes,
    IReadOnlyCollection<BeneficiaryGroup> EligibleGroups,
    IReadOnlyCollection<DivisionCode> RegionScope,
    Money MaxPerGrant,
    long? ManagerOrganisationId = null,
    string? Description = null);
