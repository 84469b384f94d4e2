using FiveSocieties.Web.Operations;
using Xunit;

namespace FiveSocieties.Web.Tests.Operations;

public sealed class LogMaskingTests
{
    [Theory]
    [InlineData("联系电话13812345678。", "联系电话138****5678。")]
    [InlineData("{\"ContactMobile\":\"13812345678\"}", "{\"ContactMobile\":\"138****5678\"}")]
    [InlineData("tel:+8613812345678", "tel:+86138****5678")]
    [InlineData("身份证 34182119800101123X 已核对", "身份证 3418**********123X 已核对")]
    [InlineData("/Needs?q=340102199001011234&page=2", "/Needs?q=3401**********1234&page=2")]
    [InlineData("GET /hubs/brokering?id=abc&access_token=CfDJ8Abc-_x%2Fy", "GET /hubs/brokering?id=abc&access_token=***")]
    [InlineData("refreshToken=CfDJ8Abc&x=1", "refreshToken=***&x=1")]
    [InlineData("Authorization: Bearer CfDJ8Abc.def/ghi+=", "Authorization: Bearer ***")]
    public void PersonalNumbersAndSecrets_AreMasked(string text, string masked) => Assert.Equal(masked, LogMasking.Mask(text));

    [Theory]
    [InlineData("\"@tr\":\"4bf9213812345678a3ce929d0e0e4736\"")] // a trace id with a run of digits
    [InlineData("Seq 138123456789 of the events")]             // twelve digits: not a mobile
    [InlineData("共 13812 条，耗时 5678 毫秒")]
    public void OtherNumbers_AreLeftAlone(string text) => Assert.Equal(text, LogMasking.Mask(text));
}
