using System.Globalization;

namespace FiveSocieties.Web.Tests.Features.Needs;

/// The need form as a browser posts it (fields named "Input.X", check boxes repeated): a valid
/// need by default, with any field replaced or left out.
public sealed class NeedForm
{
    private readonly List<(string Key, string Value)> _fields = [];

    private NeedForm() { }

    /// A complete, valid request for an elderly person living alone; the poster adds what their
    /// role needs (village, beneficiary, consent method).
    public static NeedForm Valid(string title) => new NeedForm()
        .Set("Title", title)
        .Set("Description", "独居老人行动不便，需要有人上门帮忙。")
        .Set("ServiceItemCode", "elderly.meal")
        .Set("Groups", "ElderlyLivingAlone")
        .Set("Urgency", "Normal")
        .Set("QuantityAmount", "1")
        .Set("QuantityUnit", "People")
        .Set("ConsentGiven", "true");

    /// A title no other test uses, so rows can be found again by it.
    public static string UniqueTitle(string prefix) => $"{prefix} {Guid.NewGuid().ToString("N")[..8]}";

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public NeedForm Set(string field, params string[] values)
    {
        var key = "Input." + field;
        _fields.RemoveAll(f => f.Key == key);
        foreach (var value in values) _fields.Add((key, value));
        return this;
    }

    public NeedForm Without(string field) => Set(field);

    public (string Key, string Value)[] Fields => [.. _fields];
}
