using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace FiveSocieties.Web.Operations;

/// The "Logging:File" configuration section: the structured log files kept for the record.
public sealed class FileLogOptions
{
    public const string Section = "Logging:File";

    /// China's Cybersecurity Law (art. 21) asks for network logs kept no less than six months.
    public const int MinimumRetainDays = 180;

    /// Off only where nothing is kept for the record (tests); refused in Production.
    public bool Enabled { get; set; } = true;

    /// Relative to the content root (beside the SQLite data directory by default).
    public string Directory { get; set; } = "App_Data/logs";

    /// Days a day's file is kept after that day; at least <see cref="MinimumRetainDays"/>.
    public int RetainDays { get; set; } = MinimumRetainDays;

    /// A day's file rolls over to a second one past this size, so that no single file grows unreadable.
    public int FileSizeLimitMegabytes { get; set; } = 100;

    public string FullDirectory(IHostEnvironment environment) => Path.GetFullPath(Directory, environment.ContentRootPath);
}

internal sealed class FileLogOptionsValidator(IHostEnvironment environment) : IValidateOptions<FileLogOptions>
{
    public ValidateOptionsResult Validate(string? name, FileLogOptions o)
    {
        var problems = new List<string>();
        if (!o.Enabled && environment.IsProduction())
            problems.Add("生产环境不能关闭日志文件（Logging:File:Enabled），日志须留存至少 180 天。");
        if (o.RetainDays is < FileLogOptions.MinimumRetainDays or > 3650)
            problems.Add($"Logging:File:RetainDays 为 {o.RetainDays}，应在 180 到 3650 之间（《网络安全法》第二十一条要求网络日志留存不少于六个月）。");
        if (o.FileSizeLimitMegabytes is < 1 or > 10240) problems.Add("Logging:File:FileSizeLimitMegabytes 应在 1 到 10240 之间。");
        if (string.IsNullOrWhiteSpace(o.Directory)) problems.Add("Logging:File:Directory 不能为空。");
        else if (o.Enabled && !IsWritable(o.FullDirectory(environment))) problems.Add($"日志目录 {o.FullDirectory(environment)} 不可写（Logging:File:Directory）。");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static bool IsWritable(string directory)
    {
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".probe-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

/// Serilog as the provider behind every ILogger: structured JSON in daily files (one JSON object a
/// line, CLEF) and text on the console, both through <see cref="LogMasking"/>; one line per request
/// with the user, the route and the outcome. Levels come from Logging:LogLevel as before.
public static class Logs
{
    private const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static IServiceCollection AddLogs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FileLogOptions>().BindConfiguration(FileLogOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FileLogOptions>, FileLogOptionsValidator>();
        // Each host its own logger (tests run several sites in one process): the static Log.Logger is left alone.
        services.AddSerilog((sp, log) =>
        {
            var file = sp.GetRequiredService<IOptions<FileLogOptions>>().Value;
            Levels(log, configuration.GetSection("Logging:LogLevel"));
            log.Enrich.FromLogContext()
                .WriteTo.Console(new MaskedFormatter(new MessageTemplateTextFormatter(ConsoleTemplate, System.Globalization.CultureInfo.InvariantCulture)));
            if (file.Enabled)
                log.WriteTo.File(new MaskedFormatter(new CompactJsonFormatter()),
                    Path.Combine(file.FullDirectory(sp.GetRequiredService<IHostEnvironment>()), "fivesocieties-.json"),
                    rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: null, // by age: a busy day may roll over to several files
                    retainedFileTimeLimit: TimeSpan.FromDays(file.RetainDays),
                    fileSizeLimitBytes: file.FileSizeLimitMegabytes * 1024L * 1024,
                    rollOnFileSizeLimit: true,
                    shared: true); // several nodes on one machine may share the directory
        }, preserveStaticLogger: true);
        return services;
    }

    /// One line per request: method, path (never the query: it may carry access_token), route,
    /// status, time, and who asked (user id, name, roles). Before the error pages, so a failed
    /// request is logged with the status its caller got.
    public static IApplicationBuilder UseRequestLogs(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(o =>
        {
            o.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>(); // this host's, not the static one
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} ({Route}) responded {StatusCode} in {Elapsed:0.0} ms for {UserName}";
            o.IncludeQueryInRequestPath = false;
            // A load balancer's probe every few seconds would fill the files: kept only when it fails.
            o.GetLevel = (http, _, error) =>
                error is not null || http.Response.StatusCode >= 500 ? LogEventLevel.Error
                : http.Request.Path.StartsWithSegments("/healthz") ? LogEventLevel.Debug
                : LogEventLevel.Information;
            o.EnrichDiagnosticContext = (diagnostics, http) =>
            {
                var user = http.User;
                var signedIn = user.Identity?.IsAuthenticated == true;
                diagnostics.Set("UserId", signedIn ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null);
                diagnostics.Set("UserName", signedIn ? user.Identity!.Name : "anonymous");
                diagnostics.Set("Roles", signedIn ? user.FindAll(ClaimTypes.Role).Select(r => r.Value).ToArray() : []);
                diagnostics.Set("Route", http.Items[RouteKey] as string ?? "-");
                diagnostics.Set("ClientAddress", http.Connection.RemoteIpAddress?.ToString());
            };
        });

    /// Notes the route the request matched, before an error or status page re-executes the pipeline
    /// (that page's route would hide it). Right after UseRouting.
    public static IApplicationBuilder UseRequestRoute(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            http.Items.TryAdd(RouteKey, RouteOf(http.GetEndpoint()));
            return next(http);
        });

    private static readonly object RouteKey = new();

    /// "Needs.Details" for an action, the pattern for other endpoints ("/hubs/brokering"), "-" when none matched.
    private static string RouteOf(Endpoint? endpoint) => endpoint switch
    {
        { } e when e.Metadata.GetMetadata<ControllerActionDescriptor>() is { } action => $"{action.ControllerName}.{action.ActionName}",
        RouteEndpoint route => "/" + route.RoutePattern.RawText?.TrimStart('/'),
        _ => "-",
    };

    /// Logging:LogLevel ("Default", categories; Microsoft's level names) as Serilog's minimum levels.
    private static void Levels(LoggerConfiguration log, IConfiguration levels)
    {
        log.MinimumLevel.Is(Level(levels["Default"]) ?? LogEventLevel.Information);
        foreach (var category in levels.GetChildren())
            if (category.Key != "Default" && Level(category.Value) is { } level)
                log.MinimumLevel.Override(category.Key, level);
    }

    private static LogEventLevel? Level(string? name) => name switch
    {
        "Trace" => LogEventLevel.Verbose,
        "Debug" => LogEventLevel.Debug,
        "Information" => LogEventLevel.Information,
        "Warning" => LogEventLevel.Warning,
        "Error" => LogEventLevel.Error,
        "Critical" => LogEventLevel.Fatal,
        "None" => LevelAlias.Off,
        _ => null,
    };

    /// Masks what a formatter wrote, whatever wrote it: a message, a property, an exception.
    private sealed class MaskedFormatter(ITextFormatter inner) : ITextFormatter
    {
        public void Format(LogEvent logEvent, TextWriter output)
        {
            using var buffer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            inner.Format(logEvent, buffer);
            output.Write(LogMasking.Mask(buffer.ToString()));
        }
    }
}

/// Personal numbers and secrets never reach a log in full: mobiles as 138****5678 and resident ID
/// numbers as 3418**********1234 (as the pages show them), tokens and passwords in query strings or
/// Authorization headers as ***. A number inside a longer run of letters or digits (a trace id) is left alone.
public static partial class LogMasking
{
    public static string Mask(string text)
    {
        text = IdNumber().Replace(text, "$1**********$2");
        text = Mobile().Replace(text, "$1****$2");
        text = Secret().Replace(text, "$1***");
        return Bearer().Replace(text, "$1***");
    }

    [GeneratedRegex(@"(?<![0-9A-Za-z])((?:\+?86[- ]?)?1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9A-Za-z])")]
    private static partial Regex Mobile();

    [GeneratedRegex(@"(?<![0-9A-Za-z])([0-9]{4})[0-9]{10}([0-9]{3}[0-9Xx])(?![0-9A-Za-z])")]
    private static partial Regex IdNumber();

    [GeneratedRegex(@"((?:access_token|refresh_token|refreshToken|accessToken|token|password)=)[^&\s""']+", RegexOptions.IgnoreCase)]
    private static partial Regex Secret();

    [GeneratedRegex(@"((?:Bearer|Basic|ApiKey)\s+)[A-Za-z0-9\-._~+/=]+", RegexOptions.IgnoreCase)]
    private static partial Regex Bearer();
}
