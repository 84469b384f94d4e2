using FiveSocieties.Matching.Common;

namespace FiveSocieties.Matching.Catalogue;

/// A focus area of the catalogue (养老服务, 儿童关爱保护 …); its items hang below it.
public class ServiceArea
{
    private ServiceArea() { Code = ""; Name = ""; } // for EF Core

    public ServiceArea(string code, string name, int sortOrder)
    {
        Code = ServiceCode.RequireArea(code);
        Name = Guard.Text(name, "领域名称", 32);
        SortOrder = sortOrder;
    }

    public string Code { get; private set; }
    public string Name { get; private set; }
    public int SortOrder { get; private set; }

    public void Update(string name, int sortOrder)
    {
        Name = Guard.Text(name, "领域名称", 32);
        SortOrder = sortOrder;
    }
}
