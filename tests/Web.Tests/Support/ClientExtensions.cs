using System.Net;
using System.Text.RegularExpressions;
using Xunit;

namespace FiveSocieties.Web.Tests.Support;

public static partial class ClientExtensions
{
    public const string DemoPassword = "Demo@12345";

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// The antiforgery token of a page's form (the cookie half stays in the client).
    public static async Task<string> FormTokenAsync(this HttpClient client, string url)
    {
        var html = await client.GetStringAsync(url);
        var match = AntiforgeryField().Match(html);
        Assert.True(match.Success, $"no antiforgery token on {url}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, string formPage,
        params (string Key, string Value)[] fields)
    {
        var token = await client.FormTokenAsync(formPage);
        var content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))
            .Append(new("__RequestVerificationToken", token)));
        return await client.PostAsync(url, content);
    }

    public static Task<HttpResponseMessage> LoginAsync(this HttpClient client, string userName, string password = DemoPassword) =>
        client.PostFormAsync("/Account/Login", "/Account/Login", ("UserName", userName), ("Password", password));

    public static async Task LoginOrFailAsync(this HttpClient client, string userName)
    {
        var response = await client.LoginAsync(userName);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
