using System.Text.Json;
using System.Text.Json.Serialization;

namespace FiveSocieties.Infrastructure.Demo;

/// The natural-Chinese pieces the demo county is assembled from (Demo/demo-texts.json).
internal sealed record DemoTexts
{
    [JsonPropertyName("villageStems")] public required List<string> VillageStems { get; init; }
    [JsonPropertyName("communityStems")] public required List<string> CommunityStems { get; init; }
    [JsonPropertyName("surnames")] public required List<string> Surnames { get; init; }
    [JsonPropertyName("givenNameChars")] public required List<string> GivenNameChars { get; init; }
    [JsonPropertyName("skills")] public required List<string> Skills { get; init; }
    [JsonPropertyName("volunteerBios")] public required List<string> VolunteerBios { get; init; }
    [JsonPropertyName("organisations")] public required List<OrganisationText> Organisations { get; init; }
    [JsonPropertyName("funds")] public required List<FundText> Funds { get; init; }
    [JsonPropertyName("microGrants")] public required List<MicroGrantText> MicroGrants { get; init; }
    [JsonPropertyName("needTemplates")] public required Dictionary<string, List<NeedTemplate>> NeedTemplates { get; init; }
    [JsonPropertyName("serviceNotes")] public required List<string> ServiceNotes { get; init; }
    [JsonPropertyName("feedbackComments")] public required Dictionary<string, List<string>> FeedbackComments { get; init; }
    [JsonPropertyName("cancelReasons")] public required List<string> CancelReasons { get; init; }
    [JsonPropertyName("closeReasons")] public required List<string> CloseReasons { get; init; }

    public static DemoTexts Load()
    {
        var assembly = typeof(DemoTexts).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("Demo.demo-texts.json", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        return JsonSerializer.Deserialize<DemoTexts>(stream) ?? throw new InvalidOperationException("demo-texts.json is empty.");
    }
}

internal sealed record OrganisationText(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("services")] List<string> Services,
    [property: JsonPropertyName("description")] string Description);

internal sealed record FundText(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("services")] List<string> Services,
    [property: JsonPropertyName("groups")] List<string> Groups,
    [property: JsonPropertyName("description")] string Description);

internal sealed record MicroGrantText(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("services")] List<string> Services,
    [property: JsonPropertyName("groups")] List<string> Groups,
    [property: JsonPropertyName("description")] string Description);

internal sealed record NeedTemplate(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("groups")] List<string> Groups,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("min")] long Min,
    [property: JsonPropertyName("max")] long Max,
    [property: JsonPropertyName("skills")] List<string> Skills);
