namespace FiveSocieties.Matching.Catalogue;

/// The three tiers of Suzhou's menu-style package (seed 001).
public enum ServiceTier
{
    Basic,            // 基础类
    CapacityBuilding, // 增能类
    Governance,       // 治理类
}

/// The kinds of resource that five-society linkage draws on.
public enum ResourceKind
{
    Volunteer,    // 志愿者
    Organisation, // 社会组织
    Fund,         // 慈善基金
    MicroGrant,   // 微创投项目
}
