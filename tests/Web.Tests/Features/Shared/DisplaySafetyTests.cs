using System.Text.Encodings.Web;
using System.Text.Unicode;
using FiveSocieties.Matching.Catalogue;
using FiveSocieties.Matching.Common;
using FiveSocieties.Matching.Matches;
using FiveSocieties.Matching.Needs;
using FiveSocieties.Matching.People;
using FiveSocieties.Matching.Resources;
using FiveSocieties.Web.Features.Shared;
using Xunit;

namespace FiveSocieties.Web.Tests.Features.Shared;

/// Stored values that were never checked (typed before the input rules, or written by another tool)
/// are still shown safely: no direction override reaches a page, no label lookup fails.
public class DisplaySafetyTests
{
    private static readonly HtmlEncoder Encoder = new DisplaySafeHtmlEncoder(HtmlEncoder.Create(UnicodeRanges.All));

    [Theory]
    [InlineData("助餐\u202E务服", "助餐\uFFFD务服")]
    [InlineData("a\u0001b\u2066c", "a\uFFFDb\uFFFDc")]
    [InlineData("<b>陈阿婆</b>\n", "&lt;b&gt;陈阿婆&lt;/b&gt;&#xA;")] // the framework's encoding stays
    [InlineData("普通的中文 😀", "普通的中文 &#x1F600;")]
    public void Encoder_WritesRefusedCharactersAsReplacementCharacters(string stored, string expected)
    {
        Assert.Equal(expected, Encoder.Encode(stored));
        using var writer = new StringWriter();
        Encoder.Encode(writer, "[" + stored + "]", 1, stored.Length);
        Assert.Equal(expected, writer.ToString());
    }

    [Fact]
    public void Encoder_AnUnpairedSurrogate_IsReplaced()
    {
        Assert.Equal("a\uFFFDb", Encoder.Encode("a" + (char)0xD800 + "b"));
    }

    [Fact]
    public void Labels_OfEveryUndefinedValue_AreUnknown_AndEveryDefinedValueHasItsOwn()
    {
        AssertLabels<Urgency>(Labels.Of);
        AssertLabels<BeneficiaryGroup>(Labels.Of);
        AssertLabels<ServiceTier>(Labels.Of);
        AssertLabels<ResourceKind>(Labels.Of);
        AssertLabels<DeclineReason>(Labels.Of);
        AssertLabels<RequesterKind>(Labels.Of);
        AssertLabels<ConsentMethod>(Labels.Of);
        AssertLabels<QuantityUnit>(Labels.Of);
        AssertLabels<CertificationKind>(Labels.Of);
        AssertLabels<OrganisationType>(Labels.Of);
        AssertLabels<FundKind>(Labels.Of);
        AssertLabels<DayPart>(Labels.Of);
        AssertLabels<NeedStatus>(Labels.Of);
        AssertLabels<MatchStatus>(Labels.Of);
        AssertLabels<ApprovalStatus>(Labels.Of);
    }

    private static void AssertLabels<T>(Func<T, string> label) where T : struct, Enum
    {
        var names = Enum.GetValues<T>().Select(label).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.DoesNotContain(Labels.Unknown, names);
        Assert.Equal(Labels.Unknown, label((T)(object)99));
    }
}
