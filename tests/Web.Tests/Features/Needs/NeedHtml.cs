using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Xunit;

namespace FiveSocieties.Web.Tests.Features.Needs;

/// Reads the needs pages by their data-testid markers, the way the browser tests do.
public static partial class NeedHtml
{
    [GeneratedRegex("data-testid=\"need-(\\d+)\"")]
    private static partial Regex ListedNeed();

    [GeneratedRegex("data-testid=\"total\">共 (\\d+) 条<")]
    private static partial Regex TotalLine();

    [GeneratedRegex("<a\\b[^>]*data-testid=\"next-page\"[^>]*>")]
    private static partial Regex NextPageLink();

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();

    [GeneratedRegex("data-testid=\"status\">([^<]*)<")]
    private static partial Regex StatusBadge();

    [GeneratedRegex("data-testid=\"contact\">(.*?)</dd>", RegexOptions.Singleline)]
    private static partial Regex ContactCell();

    [GeneratedRegex("data-testid=\"history\">(.*?)</ol>", RegexOptions.Singleline)]
    private static partial Regex HistoryList();

    [GeneratedRegex("class=\"alert alert-[a-z]+(?![^\"]*validation-summary)[^\"]*\"[^>]*>(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex FlashMessage();

    [GeneratedRegex("^/Needs/Details/(\\d+)$")]
    private static partial Regex DetailsPath();

    public static IReadOnlyList<long> NeedIds(string html) =>
        ListedNeed().Matches(html).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();

    public static int Total(string html)
    {
        var match = TotalLine().Match(html);
        Assert.True(match.Success, "the list shows no total");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    public static string? NextPage(string html)
    {
        var link = NextPageLink().Match(html);
        if (!link.Success) return null;
        var href = Href().Match(link.Value);
        Assert.True(href.Success, "the next-page link has no href");
        return WebUtility.HtmlDecode(href.Groups[1].Value);
    }

    public static string Status(string html)
    {
        var match = StatusBadge().Match(html);
        Assert.True(match.Success, "the page shows no status");
        return match.Groups[1].Value.Trim();
    }

    public static string Contact(string html) => Cell(ContactCell(), html, "contact");

    public static string History(string html) => Cell(HistoryList(), html, "history");

    public static string Flash(string html) => Cell(FlashMessage(), html, "flash message");

    /// The message shown beside a form field (asp-validation-for), empty when there is none.
    public static string FieldMessage(string html, string field)
    {
        var match = Regex.Match(html, $"<span [^>]*data-valmsg-for=\"{Regex.Escape(field)}\"[^>]*>(.*?)</span>", RegexOptions.Singleline);
        Assert.True(match.Success, $"the page has no message place for {field}");
        return WebUtility.HtmlDecode(match.Groups[1].Value).Trim();
    }

    /// The inside of a form (by its action) in a details element shown open; null when
    /// the form is missing or folded away.
    public static string? OpenForm(string html, string action)
    {
        var match = Regex.Match(html,
            $"<details[^>]*\\bopen=\"open\"[^>]*>\\s*<summary[^>]*>[^<]*</summary>\\s*<form [^>]*action=\"{Regex.Escape(action)}\"[^>]*>(.*?)</form>",
            RegexOptions.Singleline);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    /// The id in a redirect to a need's details page.
    public static long DetailsId(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var match = DetailsPath().Match(response.Headers.Location?.OriginalString ?? "");
        Assert.True(match.Success, $"redirected to {response.Headers.Location}, not to a need");
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static string Cell(Regex regex, string html, string what)
    {
        var match = regex.Match(html);
        Assert.True(match.Success, $"the page shows no {what}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }
}
