using FiveSocieties.Matching.Common;

namespace FiveSocieties.Matching.Catalogue;

/// A service of the catalogue (服务目录), e.g. "elderly.retrofit" 适老化改造. Codes are stable:
/// needs, resources and statistics refer to them for years.
public class ServiceItem
{
    private List<ResourceKind> _usualResourceKinds = [];
    private List<string> _keywords = [];

    private ServiceItem() { Code = ""; AreaCode = ""; Name = ""; } // for EF Core

    public ServiceItem(string code, string name, ServiceTier tier, IEnumerable<ResourceKind> usualResourceKinds,
        int sortOrder, string? description = null, IEnumerable<string>? keywords = null)
    {
        Code = ServiceCode.RequireItem(code);
        AreaCode = ServiceCode.AreaOf(Code);
        Update(name, tier, usualResourceKinds, sortOrder, description, keywords);
    }

    public string Code { get; private set; }
    public string AreaCode { get; private set; }
    public string Name { get; private set; }
    public ServiceTier Tier { get; private set; }
    public string? Description { get; private set; }
    public int SortOrder { get; private set; }
    public bool IsActive { get; private set; } = true;

    /// The resource kinds this service usually draws on; more than one makes a bundle
    /// (a home retrofit needs money and an organisation).
    public IReadOnlyList<ResourceKind> UsualResourceKinds => _usualResourceKinds;

    /// Extra words residents use for this service; they feed text matching.
    public IReadOnlyList<string> Keywords => _keywords;

    public bool NeedsBundle => _usualResourceKinds.Count > 1;

    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(Name))]
    public void Update(string name, ServiceTier tier, IEnumerable<ResourceKind> usualResourceKinds, int sortOrder,
        string? description, IEnumerable<string>? keywords)
    {
        Name = Guard.Text(name, "服务名称", 32);
        Tier = tier;
        var kinds = usualResourceKinds.Distinct().ToList();
        if (kinds.Count == 0)
            throw new DomainException("catalogue.kinds", "“{0}”至少要有一种资源类型。", Name);
        _usualResourceKinds = kinds;
        SortOrder = sortOrder;
        Description = Guard.OptionalText(description, "服务说明", 500, multiline: true);
        _keywords = Guard.Tags(keywords, "关键词", 20, 16);
    }

    public void Retire() => IsActive = false;
    public void Reinstate() => IsActive = true;
}
