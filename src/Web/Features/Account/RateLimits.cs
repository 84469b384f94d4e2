using System.Globalization;
using System.Threading.RateLimiting;
using FiveSocieties.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace FiveSocieties.Web.Features.Account;

/// One limit: <see cref="PerClient"/> requests per <see cref="Window"/> from one client address,
/// <see cref="Global"/> from all clients together (a burst of the whole amount, then evenly).
public sealed class RateLimit
{
    public int PerClient { get; set; }
    public int Global { get; set; }
    public TimeSpan Window { get; set; }
}

/// The "RateLimits" section: how often a client, and every client together, may sign in (page and
/// API), refresh an API token, and register (resident and volunteer). Counted by each web node.
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public RateLimit SignIn { get; set; } = new() { PerClient = 10, Global = 600, Window = TimeSpan.FromMinutes(1) };
    public RateLimit Refresh { get; set; } = new() { PerClient = 30, Global = 1200, Window = TimeSpan.FromMinutes(1) };
    public RateLimit Registration { get; set; } = new() { PerClient = 5, Global = 100, Window = TimeSpan.FromMinutes(10) };

    public RateLimit this[LimitedAction action] => action switch
    {
        LimitedAction.SignIn => SignIn,
        LimitedAction.Refresh => Refresh,
        _ => Registration,
    };
}

internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions o)
    {
        var problems = new List<string>();
        foreach (var action in Enum.GetValues<LimitedAction>())
        {
            var limit = o[action];
            var key = $"{RateLimitOptions.Section}:{action}";
            if (limit.PerClient is < 1 or > 1_000_000) problems.Add($"{key}:PerClient 应在 1 到 1000000 之间。");
            if (limit.Global < limit.PerClient || limit.Global > 10_000_000) problems.Add($"{key}:Global 应不小于 PerClient，且不超过 10000000。");
            if (limit.Window < TimeSpan.FromSeconds(1) || limit.Window > TimeSpan.FromDays(1)) problems.Add($"{key}:Window 应在 00:00:01 到 1.00:00:00 之间。");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// The actions <see cref="RateLimitOptions"/> limits, each with a limit of its own.
public enum LimitedAction { SignIn, Refresh, Registration }

/// Marks a controller action as counted against one of the <see cref="RateLimitOptions"/> limits.
[AttributeUsage(AttributeTargets.Method)]
public sealed class RateLimitedAttribute(LimitedAction action) : Attribute
{
    public LimitedAction Action { get; } = action;
}

/// ASP.NET Core's rate limiter over the marked actions: a token bucket per client address and
/// one for everybody, in that order, so a client refused by its own limit spends nothing of
/// everybody's. Refusals are 429 with Retry-After; the API answers problem details, the pages a
/// page, both in Chinese.
public static class RateLimits
{
    public static IServiceCollection AddAccountRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((o, limits) =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                Partitioned(limits.Value, (action, context) => $"{action}|{ClientAddress.Of(context)}", limit => limit.PerClient),
                Partitioned(limits.Value, (action, _) => action.ToString(), limit => limit.Global));
            o.OnRejected = (context, _) => RefuseAsync(context.HttpContext, context.Lease);
        });
        return services;
    }

    private static PartitionedRateLimiter<HttpContext> Partitioned(RateLimitOptions limits,
        Func<LimitedAction, HttpContext, string> key, Func<RateLimit, int> permits) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<RateLimitedAttribute>() is not { } marked) return RateLimitPartition.GetNoLimiter("");
            var limit = limits[marked.Action];
            return RateLimitPartition.GetTokenBucketLimiter(key(marked.Action, context), _ => Bucket(permits(limit), limit.Window));
        });

    /// Refilled evenly over the window. The partitioned limiter refills its buckets at most every
    /// 100 ms, one step each time, so a step is never shorter than a second.
    private static TokenBucketRateLimiterOptions Bucket(int permits, TimeSpan window)
    {
        var step = TimeSpan.FromTicks(Math.Max(window.Ticks / permits, TimeSpan.TicksPerSecond));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = permits,
            ReplenishmentPeriod = step,
            TokensPerPeriod = (int)Math.Max(1, Math.Round(permits * (double)step.Ticks / window.Ticks)),
            QueueLimit = 0,
            AutoReplenishment = false,
        };
    }

    private static async ValueTask RefuseAsync(HttpContext context, RateLimitLease lease)
    {
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? (int)Math.Ceiling(after.TotalSeconds) : 60;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var l = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var wait = Wait(l, seconds);
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = l["操作太频繁"],
                    Detail = l["请求过于频繁，请 {0}后再试。", wait],
                },
            });
            return;
        }
        var view = new ViewResult
        {
            ViewName = "/Features/Account/Views/TooManyRequests.cshtml",
            StatusCode = StatusCodes.Status429TooManyRequests,
            ViewData = new ViewDataDictionary<string>(context.RequestServices.GetRequiredService<IModelMetadataProvider>(), new()) { Model = wait },
        };
        await view.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }

    private static string Wait(IStringLocalizer l, int seconds) => seconds < 60
        ? l["{0} 秒", seconds]
        : l["{0} 分钟", (seconds + 59) / 60];
}
