using System.Reflection;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace FiveSocieties.Web.Features.Shared;

/// What every list filter has: a service (area or item code), a region, Chinese words, and the
/// keyset position and size of the page.
public abstract class ListFilter
{
    public const int DefaultSize = 20;

    public string? Service { get; set; }
    public string? Region { get; set; }
    public string? Q { get; set; }
    public string? After { get; set; }
    public int Size { get; set; } = DefaultSize;

    /// Values out of range are brought into range rather than throwing the other filters away.
    public void Normalise()
    {
        Q = Q is { Length: > 50 } q ? q[..50] : Q;
        Service = Service is { Length: > 80 } ? null : Service;
        Region = Region is { Length: > 12 } ? null : Region;
        After = After is { Length: > 100 } ? null : After;
        Size = Math.Clamp(Size, 1, 100);
    }

    /// Filter values the binder or the input rules refused (an unknown status, a date in the year
    /// 9999) are dropped, and their messages returned for the page to show; the other filters apply.
    public IReadOnlyList<string> DropRefused(ModelStateDictionary modelState)
    {
        var messages = new List<string>();
        foreach (var (key, entry) in modelState)
        {
            if (entry.Errors.Count == 0) continue;
            var property = GetType().GetProperty(key.Split('.')[^1], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is { CanWrite: true })
                property.SetValue(this, Nullable.GetUnderlyingType(property.PropertyType) is null && property.PropertyType.IsValueType
                    ? Activator.CreateInstance(property.PropertyType) : null);
            messages.AddRange(entry.Errors.Select(e => e.ErrorMessage).Where(m => m.Length > 0));
        }
        return messages.Distinct().ToList();
    }

    /// The filter as query-string values (page position optional), for links and exports.
    public Dictionary<string, string> RouteValues(string? after = null) =>
        Values().Concat(
            [
                new("Service", Service), new("Region", Region), new("Q", Q),
                new("Size", Size == DefaultSize ? null : Size.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("After", after),
            ])
            .Where(p => p.Value is not null)
            .ToDictionary(p => p.Key, p => p.Value!);

    /// The filter (from the first row) plus the file format, for export links.
    public Dictionary<string, string> ExportValues(string format)
    {
        var values = RouteValues();
        values.Remove("Size");
        values["format"] = format;
        return values;
    }

    protected abstract IEnumerable<KeyValuePair<string, string?>> Values();
}

public static class ListFilterPages
{
    /// A list page drops the filter values it could not read and says so above the list.
    public static void DropRefusedFilters(this Microsoft.AspNetCore.Mvc.Controller page, ListFilter filter, Microsoft.Extensions.Localization.IStringLocalizer l)
    {
        var messages = filter.DropRefused(page.ModelState);
        if (messages.Count == 0) return;
        page.TempData["Flash"] = l["以下筛选条件无效，已忽略：{0}", string.Join(" ", messages)].Value;
        page.TempData["FlashKind"] = "warning";
    }
}
