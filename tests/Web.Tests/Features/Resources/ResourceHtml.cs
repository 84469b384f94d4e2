using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using FiveSocieties.Web.Tests.Features.Needs;
using Xunit;

namespace FiveSocieties.Web.Tests.Features.Resources;

/// Reads the resource and approval pages by their data-testid markers. The markers these pages
/// share with the needs pages (total, next-page, status, flash, field messages) are read by
/// <see cref="NeedHtml"/>.
public static partial class ResourceHtml
{
    [GeneratedRegex("data-testid=\"resource-(\\d+)\"")]
    private static partial Regex ListedResource();

    [GeneratedRegex("^/Resources/(Volunteer|Organisation|Fund|MicroGrant)/(\\d+)$")]
    private static partial Regex DetailsPath();

    public sealed record ListWalk(IReadOnlyList<long> Ids, IReadOnlyList<int> PageSizes, int Total, IReadOnlyList<string> Pages);

    public static IReadOnlyList<long> ResourceIds(string html) =>
        ListedResource().Matches(html).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();

    /// Every row of a list, page after page, following the 下一页 link as a person would.
    public static async Task<ListWalk> WalkAsync(HttpClient client, string url)
    {
        var ids = new List<long>();
        var sizes = new List<int>();
        var pages = new List<string>();
        int? total = null;
        for (string? next = url; next is not null;)
        {
            Assert.True(sizes.Count < 500, "the pages never end");
            var response = await client.GetAsync(next, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            var pageTotal = NeedHtml.Total(html);
            Assert.True(total is null || total == pageTotal, "the total changed between pages");
            total = pageTotal;
            var rows = ResourceIds(html);
            ids.AddRange(rows);
            sizes.Add(rows.Count);
            pages.Add(html);
            next = NeedHtml.NextPage(html);
        }
        return new ListWalk(ids, sizes, total!.Value, pages);
    }

    /// The id in a redirect to a resource's details page.
    public static async Task<long> DetailsIdAsync(HttpResponseMessage response, string kind)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"expected a redirect to the {kind}, got {(int)response.StatusCode}: {await MessagesAsync(response)}");
        var match = DetailsPath().Match(response.Headers.Location?.OriginalString ?? "");
        Assert.True(match.Success && match.Groups[1].Value == kind, $"redirected to {response.Headers.Location}, not to a {kind}");
        return long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
    }

    /// The whole list row of a resource (its link), or null when it is not listed.
    public static string? Row(string html, long id)
    {
        var match = Regex.Match(html, $"<a [^>]*data-testid=\"resource-{id}\"[^>]*>(.*?)</a>", RegexOptions.Singleline);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    public static string Mobile(string html) => Cell(html, "mobile");

    public static string Remaining(string html) => Cell(html, "remaining");

    /// The section of the approvals page listing one kind's pending requests.
    public static string Queue(string html, string kind)
    {
        var match = Regex.Match(html, $"<section [^>]*data-testid=\"queue-{kind}\"[^>]*>(.*?)</section>", RegexOptions.Singleline);
        Assert.True(match.Success, $"the approvals page has no {kind} queue");
        return match.Groups[1].Value;
    }

    /// The action buttons (Approve, Pause …) the details page offers.
    public static IReadOnlyList<string> Actions(string html) =>
        Regex.Matches(html, "data-testid=\"act-([A-Za-z]+)\"").Select(m => m.Groups[1].Value).ToList();

    private static string Cell(string html, string testId)
    {
        var match = Regex.Match(html, $"data-testid=\"{testId}\">([^<]*)<");
        Assert.True(match.Success, $"the page shows no {testId}");
        return WebUtility.HtmlDecode(match.Groups[1].Value).Trim();
    }

    /// The messages of a form that was shown again instead of redirecting, for failure output.
    public static async Task<string> MessagesAsync(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK) return "";
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return string.Join(" | ", Regex.Matches(html, "(?:field-validation-error[^>]*>|<li>)([^<]+)<").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)));
    }
}
