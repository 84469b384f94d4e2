using FiveSocieties.Matching.Engine;

namespace FiveSocieties.Matching.Tests.Engine;

public class ChineseTextTests
{
    [Fact]
    public void Tokens_CjkRunsBecomeBigramsAsciiStaysWhole()
    {
        Assert.Equal(["助餐", "餐服", "服务", "wifi", "2025"], ChineseText.Tokens("助餐服务 WiFi 2025"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("助")]
    [InlineData("助，餐")]
    [InlineData("老年人送餐 ABC123def 上门服务！x")]
    [InlineData("AVeryLongAsciiWordThatIsLongerThanAnyBufferSizeOneMightPickForLowerCasing1234567890 好")]
    public void TokenSpans_GiveTheSameTokensAsTokens(string text)
    {
        var spans = new List<string>();
        foreach (var token in ChineseText.TokenSpans(text)) spans.Add(token.ToString());
        Assert.Equal(ChineseText.Tokens(text), spans);
        Assert.All(spans, t => Assert.DoesNotContain(t, c => char.IsAsciiLetterUpper(c)));
    }

    [Fact]
    public void Tokens_SingleCharacterRunsStandAlone_AndLongWordsStayWhole()
    {
        Assert.Equal(["助", "餐", "ab", "老人", "人助", "助餐"], ChineseText.Tokens("助，餐 AB 老年人送餐"));
        var word = new string('x', 100);
        Assert.Equal([word], ChineseText.Tokens(word.ToUpperInvariant()));
    }

    [Theory]
    [InlineData("长者饭堂", "助餐")]   // a longer variant wins over its part (长者 → 老人)
    [InlineData("送餐上门", "助餐")]
    [InlineData("残障人士", "残疾人")]
    [InlineData("小朋友功课", "儿童作业")]
    public void Normalise_ResidentsWordsReachTheCatalogueWord(string said, string meant)
    {
        Assert.Contains(meant, ChineseText.Normalise(said));
    }

    [Fact]
    public void Similarity_SharedWordsScoreAboveUnrelatedText()
    {
        var need = "独居老人希望每天中午有人送饭";
        Assert.True(ChineseText.Similarity(need, "长者饭堂助餐志愿者") > ChineseText.Similarity(need, "法律援助咨询"));
        Assert.Equal(0, ChineseText.Similarity(need, ""));
    }
}
